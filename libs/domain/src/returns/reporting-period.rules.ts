import { financialYearOf } from '#platform/index.js';

/** Pure rules for reporting periods on the UK financial year (docs/design.md#time). No I/O. */
export type ReportingFrequency = 'quarterly' | 'half_yearly' | 'annual';

export interface PlannedPeriod {
  key: string;
  periodStart: string;
  periodEnd: string;
}

const addMonths = (year: number, month: number, n: number): [number, number] => {
  const m = month - 1 + n;
  return [year + Math.floor(m / 12), ((m % 12) + 12) % 12 + 1];
};

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const MONTHS: Record<ReportingFrequency, number> = { quarterly: 3, half_yearly: 6, annual: 12 };

/**
 * The periods of a schedule inside an award's dates: quarters (Q1 Apr-Jun ... Q4 Jan-Mar),
 * halves (H1 Apr-Sep, H2 Oct-Mar) or years, cut to the award's start and end, so the first and
 * last periods may be partial. Keys look like `2026/27-Q1`, `2026/27-H2`, `2026/27`.
 */
export function planPeriods(frequency: ReportingFrequency, awardStart: string, awardEnd: string): PlannedPeriod[] {
  if (awardEnd < awardStart) return [];
  const step = MONTHS[frequency];
  const fy = financialYearOf(awardStart);
  let [y, m] = [Number(fy.slice(0, 4)), 4];
  // Walk from the start of the financial year containing the award's start in steps.
  const periods: PlannedPeriod[] = [];
  for (let guard = 0; guard < 1200; guard++) {
    const [ey, em] = addMonths(y, m, step - 1);
    const start = iso(y, m, 1);
    const end = iso(ey, em, lastDayOf(ey, em));
    if (start > awardEnd) break;
    if (end >= awardStart) {
      const periodFy = financialYearOf(start);
      const index = Math.floor(((m - 4 + 12) % 12) / step) + 1;
      const key = frequency === 'annual' ? periodFy : `${periodFy}-${frequency === 'quarterly' ? 'Q' : 'H'}${index}`;
      periods.push({ key, periodStart: start < awardStart ? awardStart : start, periodEnd: end > awardEnd ? awardEnd : end });
    }
    [y, m] = addMonths(y, m, step);
  }
  return periods;
}

/** Keys of extra (ad-hoc) periods: `2026/27-X1`, `2026/27-X2`, ... numbered within the financial year. */
export function extraPeriodKey(periodStart: string, existingKeys: readonly string[]): string {
  const fy = financialYearOf(periodStart);
  const used = existingKeys.filter((k) => k.startsWith(`${fy}-X`)).map((k) => Number(k.slice(fy.length + 2)));
  return `${fy}-X${Math.max(0, ...used) + 1}`;
}

