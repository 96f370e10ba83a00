import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import Holidays from 'date-holidays';
import { englandAndWalesBankHolidays, mergeHolidays } from './bank-holidays.js';

/** GOV.UK's announced list, the oracle (the product computes holidays with date-holidays). */
const ORACLE = JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'bank-holidays-england-and-wales.json'), 'utf8')) as {
  dates: Record<string, string[]>;
};

const datesOf = (year: number) => englandAndWalesBankHolidays(year).map((h) => h.date);
const named = (year: number) => Object.fromEntries(englandAndWalesBankHolidays(year).map((h) => [h.date, h.name]));

describe('England-and-Wales bank holidays from date-holidays', () => {
  it.each([2024, 2025, 2026, 2027, 2028])('computes exactly the GOV.UK list for %i', (year) => {
    expect(datesOf(year)).toEqual(ORACLE.dates[String(year)]);
  });

  it('includes substitute days and leaves out the weekend dates they stand in for', () => {
    expect(named(2027)).toMatchObject({ '2027-12-27': 'Christmas Day (substitute day)', '2027-12-28': 'Boxing Day (substitute day)' });
    expect(datesOf(2027)).not.toContain('2027-12-25');
    expect(datesOf(2027)).not.toContain('2027-12-26');
    expect(named(2026)['2026-12-28']).toBe('Boxing Day (substitute day)');
    expect(named(2028)['2028-01-03']).toBe("New Year's Day (substitute day)");
  });

  it('includes the one-off holidays: VE day 2020, the 2022 jubilee and state funeral, the 2023 coronation', () => {
    expect(datesOf(2020)).toContain('2020-05-08');
    expect(datesOf(2020)).not.toContain('2020-05-04'); // the early May holiday moved to VE day
    expect(datesOf(2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(datesOf(2022)).not.toContain('2022-05-30'); // the spring holiday moved to 2 June
    expect(datesOf(2023)).toContain('2023-05-08');
  });

  it('leaves out observances: Mothering Sunday, Easter Sunday, Father\'s Day', () => {
    const names = englandAndWalesBankHolidays(2026).map((h) => h.name).join('|');
    expect(names).not.toMatch(/Mother|Father|Easter Sunday/);
    expect(datesOf(2026)).not.toContain('2026-03-15');
  });

  it('gets only the types we expect from the library (an upgrade that adds `bank` or `optional` must be looked at)', () => {
    const hd = new Holidays('GB', 'ENG');
    const types = new Set<string>();
    for (let year = 2015; year <= 2035; year++) for (const h of hd.getHolidays(year)) types.add(h.type);
    expect([...types].sort()).toEqual(['observance', 'public']);
  });

  it('does not depend on the host time zone (dates come from the library\'s Europe/London date string)', () => {
    // Summer holidays start at 23:00 UTC the day before; a date taken from `start` would be a day early.
    expect(datesOf(2026)).toContain('2026-08-31');
    expect(datesOf(2026)).not.toContain('2026-08-30');
  });
});

describe('merging admin overrides into the library list', () => {
  const library = [
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
  ];

  it('adds one-off holidays, removes cancelled ones and keeps the date order', () => {
    expect(
      mergeHolidays(library, [
        { date: '2026-04-06', name: 'Easter Monday cancelled', kind: 'remove' },
        { date: '2026-04-01', name: 'One-off', kind: 'add' },
      ]),
    ).toEqual([
      { date: '2026-04-01', name: 'One-off', source: 'override' },
      { date: '2026-04-03', name: 'Good Friday', source: 'library' },
    ]);
  });

  it('lets an added date the library also has carry the admin\'s name', () => {
    expect(mergeHolidays(library, [{ date: '2026-04-03', name: 'Renamed', kind: 'add' }])[0]).toEqual({ date: '2026-04-03', name: 'Renamed', source: 'override' });
  });
});
