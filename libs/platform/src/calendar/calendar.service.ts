import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CommonErrorCode, DomainError, ValidationError } from '../errors/domain-error.js';
import { PgCode, pgCode } from '../database/pg-errors.js';
import { BankHolidayOverride } from './bank-holiday-override.entity.js';
import { englandAndWalesBankHolidays, type BankHolidayOverrideKind, type CalendarHoliday } from './bank-holidays.js';
import { HolidayCache } from './holiday-cache.js';
import { todayInLondon } from '../time/london-date.js';
import { addWorkingDays, dayNumber, isWeekend, isWorkingDay, workingDaysBetween, yearOf } from './working-days.js';

/** The years the calendar answers for. */
export const CALENDAR_YEARS = { first: 1900, last: 2999 } as const;
/** The furthest addWorkingDays goes (about 40 years). */
export const MAX_WORKING_DAYS = 10_000;
/** The longest span holidaysBetween lists. */
const MAX_LIST_YEARS = 50;

export interface NewBankHolidayOverride {
  date: string;
  name: string;
  kind: BankHolidayOverrideKind;
  note?: string | null;
}

/**
 * The England-and-Wales working-day calendar (docs/design.md#time): weekends and bank holidays from
 * `date-holidays`, corrected by the admins' `bank_holiday_override` rows. Read methods are cached
 * per year in memory; this process sees its own overrides at once, other processes within
 * OVERRIDES_TTL_MS (60 s). Invalid input throws VALIDATION naming the field.
 */
@Injectable()
export class CalendarService {
  private readonly cache: HolidayCache;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.cache = new HolidayCache(() => this.dataSource.getRepository(BankHolidayOverride).find({ order: { date: 'ASC' } }));
  }

  /** Today in England (Europe/London), as `YYYY-MM-DD`. */
  today(now: Date = new Date()): string {
    return todayInLondon(now);
  }

  /** Monday to Friday and not a bank holiday. */
  async isWorkingDay(date: string): Promise<boolean> {
    const year = this.checkDate(date, 'date');
    return isWorkingDay(date, await this.cache.dates(year, year));
  }

  /**
   * The `n`-th working day after `date` (before it for negative `n`; `date` itself not counted).
   * `n = 0` is `date` when it is a working day, else the next working day. |n| <= 10 000.
   */
  async addWorkingDays(date: string, n: number): Promise<string> {
    const start = this.checkDate(date, 'date');
    if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) throw new ValidationError('n', `must be a whole number between -${MAX_WORKING_DAYS} and ${MAX_WORKING_DAYS}`);
    let [low, high] = n >= 0 ? [start, start + 1] : [start - 1, start];
    for (;;) {
      const result = addWorkingDays(date, n, await this.cache.dates(low, high));
      const year = yearOf(result);
      // The walk is monotonic, so a result inside the loaded years saw every holiday on the way.
      if (year >= low && year <= high) return result;
      if (year > high) high = year;
      else low = year;
    }
  }

  /** Working days after `from` up to and including `to`; negative when `to` is before `from`. */
  async workingDaysBetween(from: string, to: string): Promise<number> {
    const [a, b] = [this.checkDate(from, 'from'), this.checkDate(to, 'to')];
    return workingDaysBetween(from, to, await this.cache.dates(Math.min(a, b), Math.max(a, b)));
  }

  /** The bank holidays of a calendar year, removed ones left out, sorted by date. */
  async holidays(year: number): Promise<CalendarHoliday[]> {
    if (!Number.isSafeInteger(year) || year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) {
      throw new ValidationError('year', `must be a whole year between ${CALENDAR_YEARS.first} and ${CALENDAR_YEARS.last}`);
    }
    return (await this.cache.year(year)).list.map((h) => ({ ...h })); // copies: the cached ones are shared
  }

  /** The bank holidays from `from` to `to` inclusive (at most 50 years). */
  async holidaysBetween(from: string, to: string): Promise<CalendarHoliday[]> {
    const [a, b] = [this.checkDate(from, 'from'), this.checkDate(to, 'to')];
    if (to < from) throw new ValidationError('to', 'must not be before from');
    if (b - a >= MAX_LIST_YEARS) throw new ValidationError('to', `must be less than ${MAX_LIST_YEARS} years after from`);
    const out: CalendarHoliday[] = [];
    for (let y = a; y <= b; y++) for (const h of (await this.cache.year(y)).list) if (h.date >= from && h.date <= to) out.push({ ...h });
    return out;
  }

  /** Every holiday date of the years `fromYear` to `toYear`, for callers that run the pure functions in a loop. */
  async holidaySet(fromYear: number, toYear: number): Promise<ReadonlySet<string>> {
    for (const [field, y] of [['fromYear', fromYear], ['toYear', toYear]] as const) {
      if (!Number.isSafeInteger(y) || y < CALENDAR_YEARS.first || y > CALENDAR_YEARS.last) throw new ValidationError(field, `must be a whole year between ${CALENDAR_YEARS.first} and ${CALENDAR_YEARS.last}`);
    }
    if (toYear < fromYear) throw new ValidationError('toYear', 'must not be before fromYear');
    return this.cache.dates(fromYear, toYear);
  }

  /**
   * Writes one override inside the caller's transaction `tx` (the caller audits in the same
   * transaction) and must be followed, after commit, by `overridesChanged()`.
   * VALIDATION: an `add` on a weekend or on a date the library already has; a `remove` of a date
   * the library does not have. CONFLICT (409): the date already has an override.
   */
  async addOverride(tx: EntityManager, input: NewBankHolidayOverride, createdByUserId: string | null): Promise<BankHolidayOverride> {
    const year = this.checkDate(input.date, 'date');
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) throw new ValidationError('name', 'must be 1 to 200 characters');
    const existing = await tx.findOneBy(BankHolidayOverride, { date: input.date });
    if (existing) throw this.conflict(input.date, existing);
    const library = englandAndWalesBankHolidays(year).find((h) => h.date === input.date);
    if (input.kind === 'add') {
      if (isWeekend(input.date)) throw new ValidationError('date', 'is a Saturday or Sunday, which is never a working day; a bank holiday falls on a weekday');
      if (library) throw new ValidationError('date', `is already a bank holiday (${library.name})`);
    } else if (!library) {
      throw new ValidationError('date', 'is not a bank holiday in the library\'s list, so there is nothing to remove');
    }
    const row = tx.create(BankHolidayOverride, { date: input.date, name, kind: input.kind, note: input.note?.trim() || null, createdByUserId });
    try {
      await tx.save(row);
    } catch (error) {
      // Two admins adding the same date at once: the unique key decides, the loser gets the same 409.
      if (pgCode(error) === PgCode.UniqueViolation) throw this.conflict(input.date);
      throw error;
    }
    this.cache.invalidate();
    return row;
  }

  /** Drop the cached overrides: the writer calls this after its transaction commits. */
  overridesChanged(): void {
    this.cache.invalidate();
  }

  private conflict(date: string, existing?: BankHolidayOverride): DomainError {
    const what = existing ? ` (${existing.kind} "${existing.name}")` : '';
    return new DomainError(CommonErrorCode.Conflict, `${date} already has a bank holiday override${what}`, { field: 'date' });
  }

  /** The year of a date the calendar can answer for, or VALIDATION naming the field. */
  private checkDate(date: string, field: string): number {
    dayNumber(date, field);
    const year = yearOf(date);
    if (year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) throw new ValidationError(field, `must be between ${CALENDAR_YEARS.first}-01-01 and ${CALENDAR_YEARS.last}-12-31`);
    return year;
  }
}
