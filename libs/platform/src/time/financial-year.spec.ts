import { describe, expect, it } from '@jest/globals';
import { financialYearBounds, financialYearOf, isCalendarDate, isFinancialYear } from './financial-year.js';

describe('financial years', () => {
  it.each(['2014/15', '2099/00', '2026/27'])('accepts %s', (fy) => expect(isFinancialYear(fy)).toBe(true));
  it.each(['2014/16', '2014/14', '2014-15', '14/15', '2014/15 ', 201415, null])('refuses %p', (fy) => expect(isFinancialYear(fy)).toBe(false));
  it('runs 1 April to 31 March', () => expect(financialYearBounds('2014/15')).toEqual({ start: '2014-04-01', end: '2015-03-31' }));
  it.each([
    ['2015-03-31', '2014/15'],
    ['2015-04-01', '2015/16'],
    ['2000-01-01', '1999/00'],
  ])('places %s in %s', (date, fy) => expect(financialYearOf(date)).toBe(fy));
});

describe('calendar dates', () => {
  it.each(['2024-02-29', '2026-04-09'])('accepts %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2025-02-29', '2026-13-01', '2026-4-9', '2026-04-09T00:00:00Z', ''])('refuses %p', (d) => expect(isCalendarDate(d)).toBe(false));
  it('agrees with Date on every day, month and year written YYYY-MM-DD, leap years (1900, 2000, 2100) included', () => {
    const byDate = (value: string) => {
      const d = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
    };
    const two = (n: number) => String(n).padStart(2, '0');
    let real = 0;
    for (const year of [1900, 1999, 2000, 2023, 2024, 2025, 2026, 2027, 2028, 2100, 2400]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${year}-${two(month)}-${two(day)}`;
          expect([value, isCalendarDate(value)]).toEqual([value, byDate(value)]);
          if (byDate(value)) real++;
        }
      }
    }
    // 365 or 366 real days in each of the 11 years: 1900 and 2100 are not leap years; 2000, 2024, 2028 and 2400 are.
    expect(real).toBe(11 * 365 + 4);
  });
});
