import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/** House rule: no source file over 450 lines; migrations are history and exempt (they live outside these folders). */
const LIMIT = 450;
const SOURCE = /\.(ts|js|mjs|cjs)$/;
const SKIP = new Set(['node_modules', 'dist', '.data']);

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return SKIP.has(name) ? [] : sourceFiles(root, path);
    return SOURCE.test(name) ? [path] : [];
  });
}

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** `path: N lines` for every file over the limit, longest first. */
export function oversized(files: readonly string[], read: (file: string) => string, limit = LIMIT): string[] {
  return files
    .map((file) => ({ file, lines: lineCount(read(file)) }))
    .filter((f) => f.lines > limit)
    .sort((a, b) => b.lines - a.lines)
    .map((f) => `${f.file}: ${f.lines} lines (limit ${limit}; split it along a seam)`);
}

describe('source file sizes', () => {
  it(`keeps every source file under apps, libs and test at ${LIMIT} lines or fewer`, () => {
    const root = process.cwd();
    const files = ['apps', 'libs', 'test'].flatMap((dir) => sourceFiles(root, dir));
    expect(files.length).toBeGreaterThan(100);
    expect(oversized(files, (f) => readFileSync(join(root, f), 'utf8'))).toEqual([]);
  });

  it('names each file over the limit with its length, and counts lines as an editor does', () => {
    const texts: Record<string, string> = { 'a.ts': 'x\n'.repeat(451), 'b.ts': 'x\n'.repeat(450), 'c.js': 'x\n'.repeat(500).trimEnd() };
    expect(oversized(Object.keys(texts), (f) => texts[f]!)).toEqual(['c.js: 500 lines (limit 450; split it along a seam)', 'a.ts: 451 lines (limit 450; split it along a seam)']);
  });
});
