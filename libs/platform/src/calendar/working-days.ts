import { ValidationError } from '../errors/domain-error.js';
import { isCalendarDate } from '../time/financial-year.js';

/**
 * Working-day arithmetic (docs/design.md#time). A working day is Monday to Friday and not a bank
 * holiday. Dates are `YYYY-MM-DD` strings; the arithmetic runs on UTC day numbers so the host's
 * time zone and daylight saving never shift a date. Pure: the caller supplies the holidays
 * (CalendarService merges the library's England-and-Wales list with the admins' overrides).
 * "Today" in England is `todayInLondon()` in ../time/london-date.ts.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a real calendar date; VALIDATION naming `field` otherwise. */
export function dayNumber(date: string, field = 'date'): number {
  if (!isCalendarDate(date)) throw new ValidationError(field, 'must be a real calendar date written YYYY-MM-DD');
  const d = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(d.getTime() / DAY_MS);
}

/** The `YYYY-MM-DD` of a day number (years 0000-9999). */
export function dateOfDayNumber(day: number): string {
  const iso = new Date(day * DAY_MS).toISOString();
  if (iso.length !== 24) throw new RangeError(`day ${day} is outside years 0000-9999`);
  return iso.slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: string): boolean {
  const w = weekdayOf(dayNumber(date));
  return w === 0 || w === 6;
}

function working(day: number, holidays: ReadonlySet<string>): boolean {
  const w = weekdayOf(day);
  return w !== 0 && w !== 6 && !holidays.has(dateOfDayNumber(day));
}

/** Monday to Friday and not in `holidays`. */
export function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  return working(dayNumber(date), holidays);
}

/**
 * The `n`-th working day after `date` (`date` itself is not counted), or before it for negative
 * `n`. `n = 0` gives `date` when it is a working day, else the next working day after it: a due
 * date of "0 working days after" a period that ends on a Sunday or a bank holiday rolls forward,
 * never back. Worked example (docs/design.md#time): 5 working days after 2026-03-31 is 2026-04-09.
 */
export function addWorkingDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isSafeInteger(n)) throw new ValidationError('n', 'must be a whole number of working days');
  let day = dayNumber(date);
  if (n === 0) {
    while (!working(day, holidays)) day++;
    return dateOfDayNumber(day);
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (working(day, holidays)) left--;
  }
  return dateOfDayNumber(day);
}

/**
 * Working days after `from` up to and including `to` ("working days late": due 2026-04-09,
 * received 2026-04-13 is 2 late). Negative when `to` is before `from`, as the mirror image:
 * `workingDaysBetween(a, b) === -workingDaysBetween(b, a)`, and 0 when they are equal. A `to` on
 * a weekend or holiday adds nothing, so "is it late?" is a date comparison, not this count.
 */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  const start = dayNumber(from, 'from');
  const end = dayNumber(to, 'to');
  const [low, high, sign] = end >= start ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) if (working(day, holidays)) count++;
  return sign * count;
}

/** The calendar year of a `YYYY-MM-DD` date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
