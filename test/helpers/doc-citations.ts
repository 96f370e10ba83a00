import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Checks that the design cited in code lives in the repository (issue 12, item 8): every
 * `docs/<page>.md#anchor` a file cites exists, and nothing cites the project brief's files
 * that are not in the repository. Pure functions over text, so the matchers are tested on bad
 * examples too (test/unit/doc-citations.spec.ts).
 */

/** The brief's documents, which a newcomer does not have; built from parts so this file does not cite them. */
const EXTERNAL_PAGES = ['DESIGN', 'API', 'WEB', 'STACK', 'STYLE'].map((n) => `${n}\\.md`).join('|');
const EXTERNAL = new RegExp(`(?<![\\w/.-])(?:${EXTERNAL_PAGES})\\b|\\bDESIGN\\b`, 'g');

/** `docs/page.md` or `docs/page.md#anchor` anywhere in a file. */
const DOC_CITATION = /(?<![\w/.-])docs\/([\w.-]+\.md)(?:#([\w-]+))?/g;
/** A Markdown link to a page beside it, `](page.md#anchor)`, or to an anchor of the same page, `](#anchor)`. */
const MARKDOWN_LINK = /\]\((?!https?:|mailto:)([\w./-]*\.md)?(?:#([\w-]+))?\)/g;

export interface Citation {
  /** The cited file, relative to the repository root. */
  page: string;
  anchor?: string;
  line: number;
  text: string;
}

export interface Problem {
  file: string;
  line: number;
  problem: string;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown page offers: its headings (numbered -1, -2 when repeated) and explicit `<a id>`/`<a name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = githubAnchor(heading[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** The docs pages a file cites, with paths relative to the repository root. */
export function citationsIn(text: string, file: string): Citation[] {
  const found: Citation[] = [];
  for (const m of text.matchAll(DOC_CITATION)) {
    found.push({ page: `docs/${m[1]}`, anchor: m[2], line: lineOf(text, m.index), text: m[0] });
  }
  if (file.endsWith('.md')) {
    for (const m of text.matchAll(MARKDOWN_LINK)) {
      const page = m[1] ? relative('.', join(dirname(file), m[1])) : file;
      if (!page.endsWith('.md')) continue;
      found.push({ page, anchor: m[2], line: lineOf(text, m.index), text: m[0] });
    }
  }
  return found;
}

/** Citations of the brief's documents (`DESIGN.md`, "DESIGN invariant 3", "DESIGN: Time"...). */
export function externalCitationsIn(text: string): { line: number; text: string }[] {
  return [...text.matchAll(EXTERNAL)].map((m) => ({ line: lineOf(text, m.index), text: m[0] }));
}

/** Every problem with the citations of `files` (paths relative to `root`); `read` answers null for a file that does not exist. */
export function citationProblems(root: string, files: readonly string[], read: (file: string) => string | null = (f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : null)): Problem[] {
  const problems: Problem[] = [];
  const anchorCache = new Map<string, Set<string> | null>();
  const anchors = (page: string) => {
    if (!anchorCache.has(page)) {
      const text = read(page);
      anchorCache.set(page, text === null ? null : anchorsOf(text));
    }
    return anchorCache.get(page)!;
  };
  for (const file of files) {
    const text = read(file) ?? '';
    for (const e of externalCitationsIn(text)) {
      problems.push({ file, line: e.line, problem: `cites "${e.text}", which is not in the repository: cite docs/ instead` });
    }
    for (const c of citationsIn(text, file)) {
      const offered = anchors(c.page);
      if (offered === null) problems.push({ file, line: c.line, problem: `cites ${c.page}, which does not exist` });
      else if (c.anchor && !offered.has(c.anchor)) problems.push({ file, line: c.line, problem: `cites ${c.page}#${c.anchor}, which has no such heading or <a id>` });
    }
  }
  return problems;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', '.data', 'screenshots', 'results', 'baseline', '.git']);
const TEXT = /\.(ts|js|mjs|cjs|md|njk|scss|css|json|ya?ml|sh|sql|html|txt)$/;

/** The files a repository's citations are checked in: sources, templates, docs and the top-level Markdown. */
export function filesToCheck(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = dir ? `${dir}/${name}` : name;
      const stat = statSync(join(root, path));
      if (stat.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(path);
      } else if (TEXT.test(name) && stat.size < 1_000_000) files.push(path);
    }
  };
  for (const dir of ['apps', 'libs', 'test', 'migrations', 'docs', 'config']) if (existsSync(join(root, dir))) walk(dir);
  for (const top of ['README.md', 'SECURITY.md', 'Dockerfile', 'docker-compose.yml', '.ci/run']) if (existsSync(join(root, top))) files.push(top);
  return files;
}

export const REPOSITORY_ROOT = resolve(process.cwd());
