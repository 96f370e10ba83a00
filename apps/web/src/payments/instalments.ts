import { parseDateParts } from '#platform/index.js';
import type { FieldProblem } from '../common/web-errors.js';

export const MAX_INSTALMENTS = 24;

export interface Instalment {
  index: number;
  amountPence: number;
  plannedDate: string;
}

/**
 * Splits `totalPence` into `count` instalments as even as whole pence allow, the odd pence on the
 * first ones (so the total is exact), dated a month apart from `firstDate` (the day kept, or the
 * month's last day when shorter). Pure; the page shows it before anything is saved.
 */
export function splitInstalments(totalPence: number, count: number, firstDate: string): Instalment[] {
  const base = Math.floor(totalPence / count);
  const extra = totalPence - base * count;
  const [y, m, d] = firstDate.split('-').map(Number) as [number, number, number];
  return Array.from({ length: count }, (_, index) => {
    const month = m - 1 + index;
    const year = y + Math.floor(month / 12);
    const monthOfYear = (month % 12) + 1;
    const lastDay = new Date(Date.UTC(year, monthOfYear, 0)).getUTCDate();
    const day = Math.min(d, lastDay);
    const plannedDate = `${year}-${String(monthOfYear).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return { index, amountPence: base + (index < extra ? 1 : 0), plannedDate };
  });
}

/**
 * The dates chosen on the plan page, one GOV.UK date input per instalment (`instalment<i>-day`...):
 * each read like a @DateInput, with a problem naming the instalment when one is wrong.
 */
export function readInstalmentDates(body: Record<string, unknown>, count: number): { dates: string[]; problems: FieldProblem[] } {
  const dates: string[] = [];
  const problems: FieldProblem[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  for (let i = 0; i < count; i++) {
    const name = `instalment${i}`;
    const parsed = parseDateParts({ day: text(body[`${name}-day`]), month: text(body[`${name}-month`]), year: text(body[`${name}-year`]) });
    if (parsed.ok) dates.push(parsed.date);
    else {
      const parts = parsed.problem === 'missing' || parsed.problem === 'not-real' ? parsed.parts : parsed.problem === 'year-digits' ? ['year'] : ['day', 'month', 'year'];
      problems.push({ field: name, key: `payments.schedule.instalmentDate.${parsed.problem}`, params: { number: i + 1, parts }, href: `#${name}-${parts[0]}` });
    }
  }
  return { dates, problems };
}
