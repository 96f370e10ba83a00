import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { todayInLondon } from '../time/london-date.js';
import { addWorkingDays, dateOfDayNumber, dayNumber, isWeekend, isWorkingDay, workingDaysBetween } from './working-days.js';

// England and Wales, as published on GOV.UK (test/fixtures/bank-holidays-england-and-wales.json).
const HOLIDAYS = new Set([
  '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-12-27', '2027-12-28',
  '2028-01-03',
]);

describe('working days', () => {
  it('counts Monday to Friday that are not bank holidays', () => {
    expect(isWorkingDay('2026-04-02', HOLIDAYS)).toBe(true); // Thursday before Easter
    expect(isWorkingDay('2026-04-03', HOLIDAYS)).toBe(false); // Good Friday
    expect(isWorkingDay('2026-04-04', HOLIDAYS)).toBe(false); // Saturday
    expect(isWorkingDay('2026-04-05', HOLIDAYS)).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-06', HOLIDAYS)).toBe(false); // Easter Monday
    expect(isWorkingDay('2026-04-07', HOLIDAYS)).toBe(true);
    expect(isWorkingDay('2026-04-04', new Set())).toBe(false);
  });

  it('skips Good Friday and Easter Monday: 5 working days after 2026-03-31 is 2026-04-09 (docs/design.md#time worked example)', () => {
    expect(addWorkingDays('2026-03-31', 5, HOLIDAYS)).toBe('2026-04-09');
    expect(addWorkingDays('2026-03-31', 5, new Set())).toBe('2026-04-07');
  });

  it('does not count the start date itself', () => {
    expect(addWorkingDays('2026-04-07', 1, HOLIDAYS)).toBe('2026-04-08');
    expect(addWorkingDays('2026-04-02', 1, HOLIDAYS)).toBe('2026-04-07');
  });

  it('goes backwards for negative n, across the Easter bank holiday weekend', () => {
    expect(addWorkingDays('2026-04-07', -1, HOLIDAYS)).toBe('2026-04-02');
    expect(addWorkingDays('2026-04-09', -5, HOLIDAYS)).toBe('2026-03-31');
    expect(addWorkingDays('2026-04-06', -1, HOLIDAYS)).toBe('2026-04-02');
  });

  it('gives the date itself for n = 0 on a working day, and rolls forward from a holiday or weekend', () => {
    expect(addWorkingDays('2026-04-07', 0, HOLIDAYS)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-03', 0, HOLIDAYS)).toBe('2026-04-07'); // Good Friday -> Tuesday after Easter Monday
    expect(addWorkingDays('2027-12-25', 0, HOLIDAYS)).toBe('2027-12-29'); // Christmas Saturday, substitutes Mon and Tue
  });

  it('skips substitute days: Christmas 2027 falls on a weekend', () => {
    expect(addWorkingDays('2027-12-24', 1, HOLIDAYS)).toBe('2027-12-29');
    expect(addWorkingDays('2027-12-31', 1, HOLIDAYS)).toBe('2028-01-04'); // New Year's Day substitute Monday 3 January
  });

  it('counts working days late across Christmas, negative when early', () => {
    // Wed 23 Dec 2026 -> Tue 5 Jan 2027: Thu 24, Tue 29, Wed 30, Thu 31, Mon 4, Tue 5 (25, 28 Dec and 1 Jan are holidays).
    expect(workingDaysBetween('2026-12-23', '2027-01-05', HOLIDAYS)).toBe(6);
    expect(workingDaysBetween('2027-01-05', '2026-12-23', HOLIDAYS)).toBe(-6);
    expect(workingDaysBetween('2026-04-09', '2026-04-09', HOLIDAYS)).toBe(0);
    expect(workingDaysBetween('2026-04-09', '2026-04-13', HOLIDAYS)).toBe(2);
    expect(workingDaysBetween('2026-04-10', '2026-04-12', HOLIDAYS)).toBe(0); // Friday to Sunday
  });

  it('agrees with addWorkingDays: n working days after `from` are n working days between', () => {
    for (const from of ['2026-03-31', '2026-04-03', '2026-12-24', '2027-12-24']) {
      for (const n of [1, 2, 5, 10, 20, 250]) expect([from, n, workingDaysBetween(from, addWorkingDays(from, n, HOLIDAYS), HOLIDAYS)]).toEqual([from, n, n]);
    }
  });

  it('crosses leap days and years without drifting', () => {
    expect(addWorkingDays('2028-02-28', 1, new Set())).toBe('2028-02-29');
    expect(addWorkingDays('2028-02-25', 1, new Set())).toBe('2028-02-28');
    expect(addWorkingDays('2026-03-27', 1, new Set())).toBe('2026-03-30'); // over the clocks going forward
    expect(addWorkingDays('2026-10-23', 1, new Set())).toBe('2026-10-26'); // and back
    expect(dateOfDayNumber(dayNumber('0099-12-31'))).toBe('0099-12-31');
    expect(isWeekend('2026-04-04')).toBe(true);
    expect(isWeekend('2026-04-06')).toBe(false);
  });

  it('refuses dates that are not real calendar dates, naming the field', () => {
    expect(() => addWorkingDays('2026-02-30', 1, HOLIDAYS)).toThrow(DomainError);
    expect(() => addWorkingDays('2026-02-30', 1, HOLIDAYS)).toThrow('date must be a real calendar date');
    expect(() => workingDaysBetween('2026-01-01', '2026-1-2', HOLIDAYS)).toThrow('to must be a real calendar date');
    expect(() => addWorkingDays('2026-01-01', 1.5, HOLIDAYS)).toThrow('n must be a whole number');
  });
});

describe('today in London', () => {
  it('is already tomorrow at 23:30 UTC in summer (BST)', () => {
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-06-30T22:59:59Z'))).toBe('2026-06-30');
    expect(todayInLondon(new Date('2026-06-30T23:00:00Z'))).toBe('2026-07-01');
  });

  it('is the UTC date in winter (GMT)', () => {
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(todayInLondon(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });
});
