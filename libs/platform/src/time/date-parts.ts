import { isCalendarDate } from './financial-year.js';

/** What the GOV.UK date input sends: three text boxes. */
export interface DateParts {
  day?: string | null;
  month?: string | null;
  year?: string | null;
}

export type DatePart = 'day' | 'month' | 'year';

/**
 * Why a typed date was refused, in the GOV.UK pattern's terms: nothing entered, some parts
 * missing (named), a year that is not 4 digits, or parts that make no real date (30 February).
 */
export type DateProblem = { problem: 'empty' } | { problem: 'missing'; parts: DatePart[] } | { problem: 'year-digits' } | { problem: 'not-real'; parts: DatePart[] };

export type ParsedDate = { ok: true; date: string } | ({ ok: false } & DateProblem);

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** 1-12, or a month's name or its first three letters ("March", "mar"), as the pattern advises accepting. */
function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const index = MONTH_NAMES.findIndex((name) => name === lower || (lower.length >= 3 && name.slice(0, 3) === lower.slice(0, 3) && name.startsWith(lower)));
  return index >= 0 ? index + 1 : null;
}

/**
 * A GOV.UK date input's day, month and year -> `YYYY-MM-DD`, or what is wrong with them. Spaces
 * are ignored; leading zeros are optional; months may be written as names.
 */
export function parseDateParts(parts: DateParts): ParsedDate {
  const day = (parts.day ?? '').replace(/\s+/g, '');
  const month = (parts.month ?? '').replace(/\s+/g, '');
  const year = (parts.year ?? '').replace(/\s+/g, '');
  const missing = (['day', 'month', 'year'] as const).filter((p) => ({ day, month, year })[p] === '');
  if (missing.length === 3) return { ok: false, problem: 'empty' };
  if (missing.length > 0) return { ok: false, problem: 'missing', parts: missing };

  const wrong: DatePart[] = [];
  const d = /^\d{1,2}$/.test(day) ? Number(day) : null;
  const m = monthNumber(month);
  if (d === null || d < 1 || d > 31) wrong.push('day');
  if (m === null || m < 1 || m > 12) wrong.push('month');
  if (!/^\d+$/.test(year)) wrong.push('year');
  else if (year.length !== 4) return { ok: false, problem: 'year-digits' };
  if (wrong.length > 0) return { ok: false, problem: 'not-real', parts: wrong };

  const date = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isCalendarDate(date)) return { ok: false, problem: 'not-real', parts: ['day', 'month', 'year'] };
  return { ok: true, date };
}
