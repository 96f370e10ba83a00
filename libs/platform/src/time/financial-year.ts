/**
 * UK financial years, 1 April to 31 March, written `2014/15`. The two-digit part must be the
 * year after the first (`2014/16` and `2014/14` are not financial years).
 */
export const FINANCIAL_YEAR_PATTERN = /^(\d{4})\/(\d{2})$/;

export function isFinancialYear(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = FINANCIAL_YEAR_PATTERN.exec(value);
  if (!m) return false;
  const start = Number(m[1]);
  return start >= 1900 && start <= 2999 && (start + 1) % 100 === Number(m[2]);
}

export function financialYearBounds(financialYear: string): { start: string; end: string } {
  if (!isFinancialYear(financialYear)) throw new Error(`not a financial year: ${financialYear}`);
  const start = Number(financialYear.slice(0, 4));
  return { start: `${start}-04-01`, end: `${start + 1}-03-31` };
}

/** The financial year containing a `YYYY-MM-DD` date. */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * A real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). Counted, not parsed by Date:
 * pages ask it of every date they show (the `longDate` filter), and Date's parse and
 * toISOString were the costliest function of a small page's own code (issue 16).
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
