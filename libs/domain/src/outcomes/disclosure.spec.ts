import { describe, expect, it } from '@jest/globals';
import { Role } from '../access/role.js';
import { disclosureFor, seesActualFigures, showCount, shownAs, suppressCells, type DisclosureCell, type DisclosureGroup } from './disclosure.js';

const award = { recipientOrganisationId: 'org-a' };
const actor = (role: Role, organisationId: string | null = null) => ({ role, organisationId });

/** A table as rows of figures with a row total and column totals, keyed r<i>c<j>, R<i>, C<j>, T. */
function table(rows: (number | null)[][]): { cells: Map<string, DisclosureCell>; groups: DisclosureGroup[] } {
  const cells = new Map<string, DisclosureCell>();
  const sum = (values: (number | null)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const groups: DisclosureGroup[] = [];
  rows.forEach((row, i) => {
    row.forEach((value, j) => cells.set(`r${i}c${j}`, { value }));
    cells.set(`R${i}`, { value: sum(row) });
    groups.push({ total: `R${i}`, parts: row.map((_, j) => `r${i}c${j}`) });
  });
  rows[0]!.forEach((_, j) => {
    cells.set(`C${j}`, { value: sum(rows.map((r) => r[j]!)) });
    groups.push({ total: `C${j}`, parts: rows.map((_, i) => `r${i}c${j}`) });
  });
  cells.set('T', { value: sum(rows.flat()) });
  groups.push({ total: 'T', parts: rows.map((_, i) => `R${i}`) });
  return { cells, groups };
}

/** The table as a suppressed output shows it: the figures, `<5` and `[c]`. */
function shown(rows: (number | null)[][], threshold = 5) {
  const { cells, groups } = table(rows);
  const hidden = suppressCells(cells, groups, threshold);
  return rows.map((row, i) => [...row.map((_, j) => shownAs(cells.get(`r${i}c${j}`)!.value, hidden.get(`r${i}c${j}`), threshold)), shownAs(cells.get(`R${i}`)!.value, hidden.get(`R${i}`), threshold)]);
}

/** No hidden cell is the only hidden member of a group with a figure: none can be worked out. */
function everyGroupSafe(rows: (number | null)[][], threshold = 5): boolean {
  const { cells, groups } = table(rows);
  const hidden = suppressCells(cells, groups, threshold);
  return groups.every((g) => [g.total, ...g.parts].filter((k) => cells.get(k)!.value !== null && hidden.has(k)).length !== 1);
}

describe('who sees actual victim counts', () => {
  it.each([
    [Role.Commissioner, null, true],
    [Role.Finance, null, true],
    [Role.Admin, null, true],
    [Role.Partner, 'org-a', true],
    [Role.Partner, 'org-b', false],
    [Role.Viewer, null, false],
  ])('%s of %s: %p', (role, organisationId, expected) => {
    expect(seesActualFigures(actor(role, organisationId), award)).toBe(expected);
  });

  it('suppresses for anyone without a login, and for a partner when no award is in question', () => {
    expect(seesActualFigures(null, award)).toBe(false);
    expect(seesActualFigures(undefined, award)).toBe(false);
    expect(seesActualFigures(actor(Role.Partner, 'org-a'), null)).toBe(false);
  });

  it('suppresses every export, even for the staff who manage the grant', () => {
    for (const role of [Role.Commissioner, Role.Finance, Role.Admin]) {
      expect(disclosureFor(actor(role), award, 'view')).toBe('actual');
      expect(disclosureFor(actor(role), award, 'export')).toBe('suppressed');
    }
    expect(disclosureFor(actor(Role.Viewer), award, 'view')).toBe('suppressed');
  });
});

describe('primary suppression', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [null, null],
  ])('shows a victim count of %p as %p', (value, expected) => expect(showCount(value, true, 5, 'suppressed')).toBe(expected));

  it('leaves other figures, and actual views, alone; honours the threshold', () => {
    expect(showCount(3, false, 5, 'suppressed')).toBe(3);
    expect(showCount(3, true, 5, 'actual')).toBe(3);
    expect(showCount(9, true, 10, 'suppressed')).toBe('<10');
  });
});

describe('secondary suppression', () => {
  it('hides the next smallest cell of a row whose total would give a single small cell away', () => {
    // 3 + 12 + 20 = 35: with 3 alone hidden it is 35 - 12 - 20. Hiding 12 too leaves two unknowns.
    expect(shown([[3, 12, 20]])).toEqual([['<5', '[c]', 20, 35]]);
  });

  it('skips zeros (they identify nobody and hiding them protects nothing) and takes the smallest non-zero', () => {
    expect(shown([[2, 0, 40, 9]])).toEqual([['<5', 0, 40, '[c]', 51]]);
  });

  it('is content with two small cells in a row: neither can be worked out alone', () => {
    expect(shown([[2, 3, 40]])).toEqual([['<5', '<5', 40, 45]]);
  });

  it('hides the total when no other part can be hidden', () => {
    // 3 + 0: the total would be 3 and is small itself.
    expect(shown([[3, 0]])).toEqual([['<5', 0, '<5']]);
  });

  it('repeats until stable: a cell hidden for a row exposes a column, which is then protected', () => {
    const rows = [
      [3, 10, 30],
      [20, 25, 50],
    ];
    // Row 0 hides 10 with the 3; column 1 then has only the 10 hidden, so the smallest other
    // figure of column 1 (25) is hidden, which makes row 1 hide its next smallest (20).
    expect(shown(rows)).toEqual([
      ['<5', '[c]', 30, 43],
      ['[c]', '[c]', 50, 95],
    ]);
    expect(everyGroupSafe(rows)).toBe(true);
  });

  it('never leaves a group with a single hidden member, over many tables', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let n = 0; n < 300; n++) {
      const width = 1 + (next() % 4);
      const rows = Array.from({ length: 1 + (next() % 4) }, () => Array.from({ length: width }, () => [0, 1, 2, 4, 5, 8, 30][next() % 7]!));
      expect([rows, everyGroupSafe(rows)]).toEqual([rows, true]);
    }
  });

  it('counts a figure shown small in another output as hidden, but cannot hide it here: the total goes instead', () => {
    // An award's total over its periods: H1 = 3 is `<5` in its own return, H2 = 10 is shown there.
    const cells = new Map<string, DisclosureCell>([
      ['award', { value: 13 }],
      ['H1', { value: 3, external: true }],
      ['H2', { value: 10, external: true }],
    ]);
    expect(suppressCells(cells, [{ total: 'award', parts: ['H1', 'H2'] }], 5)).toEqual(new Map([['H1', 'primary'], ['award', 'secondary']]));
  });

  it('ignores cells with no figure, and groups whose total has none', () => {
    const cells = new Map<string, DisclosureCell>([
      ['total', { value: 23 }],
      ['a', { value: 3 }],
      ['b', { value: null }],
      ['c', { value: 20 }],
      ['none', { value: null }],
    ]);
    const hidden = suppressCells(cells, [{ total: 'total', parts: ['a', 'b', 'c'] }, { total: 'none', parts: ['a'] }], 5);
    expect(hidden).toEqual(new Map([['a', 'primary'], ['c', 'secondary']]));
  });
});
