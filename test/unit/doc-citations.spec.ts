import { describe, expect, it } from '@jest/globals';
import { anchorsOf, citationProblems, citationsIn, externalCitationsIn, filesToCheck, githubAnchor, REPOSITORY_ROOT } from '../helpers/doc-citations.js';

const SELF = ['test/helpers/doc-citations.ts', 'test/unit/doc-citations.spec.ts'];
// The brief's names, spelt in parts so this file is not itself an offender.
const D = 'DES' + 'IGN';

describe('citations of the design', () => {
  it('resolve: every docs/*.md page and anchor cited exists, and nothing cites the brief\'s files', () => {
    const files = filesToCheck(REPOSITORY_ROOT).filter((f) => !SELF.includes(f));
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/design.md', 'libs/domain/src/funding/funding.service.ts']));
    const problems = citationProblems(REPOSITORY_ROOT, files).map((p) => `${p.file}:${p.line} ${p.problem}`);
    expect(problems).toEqual([]);
  });

  describe('the matcher', () => {
    it('computes GitHub anchors from headings, numbering repeats, and reads explicit ids', () => {
      expect(githubAnchor('Invariant 5')).toBe('invariant-5');
      expect(githubAnchor('Versions and STALE_VERSION')).toBe('versions-and-stale_version');
      expect(githubAnchor('A breached condition keeps the money held (invariant 5)')).toBe('a-breached-condition-keeps-the-money-held-invariant-5');
      expect(githubAnchor('Without the GOV.UK brand')).toBe('without-the-govuk-brand');
      const anchors = anchorsOf('# Top\n## Award\n```\n## not a heading\n```\n### Award\n<a id="custom"></a>\n');
      expect([...anchors].sort()).toEqual(['award', 'award-1', 'custom', 'top']);
    });

    it('finds citations in code and relative links in Markdown', () => {
      const code = '// the lock order (docs/award-ledger.md#lock-order); see docs/design.md.\n';
      expect(citationsIn(code, 'libs/x.ts').map((c) => [c.page, c.anchor, c.line])).toEqual([['docs/award-ledger.md', 'lock-order', 1], ['docs/design.md', undefined, 1]]);
      const md = 'See [the ledger](award-ledger.md#lock-order) and [below](#time).\n';
      expect(citationsIn(md, 'docs/design.md').map((c) => [c.page, c.anchor])).toEqual([['docs/award-ledger.md', 'lock-order'], ['docs/design.md', 'time']]);
    });

    it('finds the brief\'s names however they are cited, and not in names that merely contain them', () => {
      const bad = [`// ${D} invariant 3`, `(${D}: Time)`, `see ${D}.md`, `API.md's codes`, `(WEB.md)`, `STACK.md`, `STYLE.md`].join('\n');
      expect(externalCitationsIn(bad).map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(externalCitationsIn(`const FOREIGN_BY_${D} = 1; // docs/api.md#errors, docs/web-contract.md`)).toEqual([]);
    });

    it('fails on a missing page, a missing anchor and a brief citation', () => {
      const files: Record<string, string> = {
        'docs/design.md': '# Design\n## Invariant 5\n',
        'libs/a.ts': '// docs/design.md#invariant-5 holds\n// docs/design.md#invariant-9\n// docs/missing.md\n',
        'libs/b.ts': `// ${D} invariant 5\n`,
      };
      const problems = citationProblems('/nowhere', Object.keys(files), (f) => files[f] ?? null);
      expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual(['libs/a.ts:2', 'libs/a.ts:3', 'libs/b.ts:1']);
    });
  });
});
