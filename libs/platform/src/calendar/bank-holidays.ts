import Holidays from 'date-holidays';
import { isWeekend } from './working-days.js';

/** A bank holiday in England and Wales. */
export interface BankHoliday {
  date: string;
  name: string;
}

export type BankHolidayOverrideKind = 'add' | 'remove';

/** A holiday as the calendar uses it: from the library, or added by an admin. */
export interface CalendarHoliday extends BankHoliday {
  source: 'library' | 'override';
}

/** What merging needs of an admin override (the entity satisfies it). */
export interface HolidayOverride {
  date: string;
  name: string;
  kind: BankHolidayOverrideKind;
}

let englandAndWales: Holidays | undefined;

/**
 * England-and-Wales bank holidays of a year, computed by `date-holidays` (GB, region ENG).
 *
 * Kept: type `public`, which carries the regular holidays, their substitute days (`substitute:
 * true`, e.g. 2027-12-27/28) and the one-offs (2022 jubilee and state funeral, 2023 coronation,
 * 2020's VE day move). Dropped: `observance` (Mothering Sunday, Easter Sunday, Father's Day) and
 * any holiday on a Saturday or Sunday: the library lists Christmas Day, Boxing Day and New
 * Year's Day on the weekend date itself as well as the weekday substitute, but only the
 * substitute is a bank holiday in the GOV.UK list, and a weekend is never a working day anyway.
 * `date` is the library's local (Europe/London) date string; its `start` is a UTC instant, an
 * hour early in summer, so it is never used for the date.
 */
export function englandAndWalesBankHolidays(year: number): BankHoliday[] {
  englandAndWales ??= new Holidays('GB', 'ENG', { languages: ['en'], timezone: 'Europe/London' });
  return (englandAndWales.getHolidays(year, 'en') || [])
    .filter((h) => h.type === 'public')
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }))
    .filter((h) => !isWeekend(h.date))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The holidays the calendar uses: the library's, minus dates an admin removed, plus dates an
 * admin added (an added date the library also has takes the admin's name). Sorted by date.
 */
export function mergeHolidays(library: readonly BankHoliday[], overrides: readonly HolidayOverride[]): CalendarHoliday[] {
  const byDate = new Map<string, CalendarHoliday>(library.map((h) => [h.date, { date: h.date, name: h.name, source: 'library' }]));
  for (const o of overrides) {
    if (o.kind === 'remove') byDate.delete(o.date);
    else byDate.set(o.date, { date: o.date, name: o.name, source: 'override' });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
