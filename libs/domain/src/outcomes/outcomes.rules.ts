import { financialYearBounds, isFinancialYear } from '#platform/index.js';

/**
 * Outcome frameworks, indicators and targets (docs/design.md#outcome-frameworks): pure rules, no I/O.
 * The enums are held by CHECKs in migrations/1764000500000-outcomes.ts; a new value needs a migration.
 */
// Each is a value object (`IndicatorUnit.Count`, `Object.values(IndicatorUnit)`) and a string
// union type of the same name, so callers may pass the plain strings ('count', 'sum').
export const IndicatorLevel = { Output: 'output', Outcome: 'outcome', Impact: 'impact' } as const;
export type IndicatorLevel = (typeof IndicatorLevel)[keyof typeof IndicatorLevel];

/** `count` and `pence` are whole numbers; `percentage` is 0..100 with at most 2 decimal places; `text` is prose. */
export const IndicatorUnit = { Count: 'count', Percentage: 'percentage', Pence: 'pence', Text: 'text' } as const;
export type IndicatorUnit = (typeof IndicatorUnit)[keyof typeof IndicatorUnit];

export const IndicatorDirection = { HigherIsBetter: 'higher_is_better', LowerIsBetter: 'lower_is_better' } as const;
export type IndicatorDirection = (typeof IndicatorDirection)[keyof typeof IndicatorDirection];

/** How an indicator's values over several periods make one figure: their sum, their mean, or the latest. */
export const IndicatorAggregation = { Sum: 'sum', Mean: 'mean', Latest: 'latest' } as const;
export type IndicatorAggregation = (typeof IndicatorAggregation)[keyof typeof IndicatorAggregation];

/** An indicator's code: unique within its framework, fixed once created (returns and targets refer to it). */
export const INDICATOR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,19}$/;

/**
 * A reporting period's key on the UK financial year: `2026/27` (the year), `2026/27-Q1`..`Q4`,
 * `2026/27-H1`|`H2`, or `2026/27-X<n>` (n = 1..999) for an extra, ad-hoc period. The reporting
 * area makes periods with exactly these keys.
 */
export const PERIOD_KEY_PATTERN = /^(\d{4}\/\d{2})(?:-(Q[1-4]|H[12]|X[1-9]\d{0,2}))?$/;

/** Longest text value an indicator takes (a text indicator is a short narrative, not a report). */
export const MAX_TEXT_VALUE_LENGTH = 5000;

export function isIndicatorCode(value: unknown): value is string {
  return typeof value === 'string' && INDICATOR_CODE_PATTERN.test(value);
}

export type PeriodKind = 'year' | 'quarter' | 'half' | 'extra';

export interface ParsedPeriodKey {
  financialYear: string;
  kind: PeriodKind;
  /** 1..4 for quarters, 1..2 for halves, n for extra periods, null for the year. */
  index: number | null;
}

/** The parts of a period key, or null when it is not one (including `2026/28-Q1`: not a real financial year). */
export function parsePeriodKey(value: unknown): ParsedPeriodKey | null {
  if (typeof value !== 'string') return null;
  const m = PERIOD_KEY_PATTERN.exec(value);
  if (!m || !isFinancialYear(m[1])) return null;
  const financialYear = m[1]!;
  const part = m[2];
  if (!part) return { financialYear, kind: 'year', index: null };
  const kind: PeriodKind = part[0] === 'Q' ? 'quarter' : part[0] === 'H' ? 'half' : 'extra';
  return { financialYear, kind, index: Number(part.slice(1)) };
}

export function isPeriodKey(value: unknown): value is string {
  return parsePeriodKey(value) !== null;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The dates a period key covers: Q1 Apr-Jun ... Q4 Jan-Mar, H1 Apr-Sep, H2 Oct-Mar, the year
 * 1 April-31 March. An extra period's dates are set by the reporting area, so it covers its
 * whole financial year here. Throws for something that is not a period key.
 */
export function periodKeyBounds(key: string): { start: string; end: string } {
  const parsed = parsePeriodKey(key);
  if (!parsed) throw new Error(`not a period key: ${key}`);
  const fy = financialYearBounds(parsed.financialYear);
  if (parsed.kind === 'year' || parsed.kind === 'extra') return fy;
  const months = parsed.kind === 'quarter' ? 3 : 6;
  const firstYear = Number(parsed.financialYear.slice(0, 4));
  const startOffset = (parsed.index! - 1) * months; // months after April
  const startMonth0 = 3 + startOffset; // 0-based month from January of firstYear
  const endMonth0 = startMonth0 + months - 1;
  const [sy, sm] = [firstYear + Math.floor(startMonth0 / 12), (startMonth0 % 12) + 1];
  const [ey, em] = [firstYear + Math.floor(endMonth0 / 12), (endMonth0 % 12) + 1];
  return { start: iso(sy, sm, 1), end: iso(ey, em, lastDayOf(ey, em)) };
}

/** Text cannot be summed or averaged: a text indicator's aggregation is `latest`. */
export function aggregationAllowed(unit: IndicatorUnit, aggregation: IndicatorAggregation): boolean {
  return unit !== IndicatorUnit.Text || aggregation === IndicatorAggregation.Latest;
}

/**
 * Whether an indicator counts victims (so small numbers are suppressed in shared outputs) when
 * its definition does not say: yes for counts, which are usually about people; never for other
 * units, which are not counts of anyone.
 */
export function defaultIsVictimCount(unit: IndicatorUnit): boolean {
  return unit === IndicatorUnit.Count;
}

/** A problem with one field of an input, named as the API names it (`targets[2].indicatorCode`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface IndicatorDefinition {
  code: string;
  title: string;
  level: IndicatorLevel;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  aggregation: IndicatorAggregation;
  /** Default: true for count indicators, false otherwise; only counts may be victim counts. */
  isVictimCount?: boolean | null;
}

/**
 * Problems with a set of new indicator definitions, in order: a code that is not a code, a code
 * repeated within the set (or already taken in the framework), `sum`/`mean` for a text indicator,
 * a victim count that is not a count. `prefix` names the list (`indicators`), or is empty when
 * one indicator is given on its own.
 */
export function checkIndicatorDefinitions(definitions: readonly IndicatorDefinition[], takenCodes: readonly string[] = [], prefix = 'indicators'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  definitions.forEach((d, i) => {
    const at = (field: string) => (prefix ? `${prefix}[${i}].${field}` : field);
    if (!isIndicatorCode(d.code)) {
      problems.push({ field: at('code'), message: 'must be 1-20 capital letters, digits or underscores, starting with a letter (e.g. REF)' });
    } else if (takenCodes.includes(d.code)) {
      problems.push({ field: at('code'), message: `${d.code} is already an indicator of this framework (codes are never reused or changed)` });
    } else if (seen.has(d.code)) {
      problems.push({ field: at('code'), message: `${d.code} repeats ${prefix}[${seen.get(d.code)}].code` });
    } else {
      seen.set(d.code, i);
    }
    if (!aggregationAllowed(d.unit, d.aggregation)) {
      problems.push({ field: at('aggregation'), message: `must be latest for a text indicator (text cannot be summed or averaged), not ${d.aggregation}` });
    }
    if (d.isVictimCount && d.unit !== IndicatorUnit.Count) {
      problems.push({ field: at('isVictimCount'), message: `applies only to count indicators, not ${d.unit}` });
    }
  });
  return problems;
}

/**
 * Whether `value` is a valid value of an indicator with this unit, as a target, a baseline or a
 * monitoring return's figure. Null when it is; otherwise a message meant to follow the field's
 * name (`targets[0].target must be ...`):
 * - count: a whole number, 0 or more (a safe integer);
 * - percentage: a number from 0 to 100 with at most 2 decimal places;
 * - pence: a whole number of pence, 0 or more (a safe integer), never a fraction;
 * - text: a string that is not blank, at most 5000 characters.
 * Strings are never read as numbers ("12" is refused for a count), and NaN and infinities are refused.
 */
export function checkIndicatorValue(indicator: { unit: IndicatorUnit }, value: unknown): string | null {
  if (indicator.unit === IndicatorUnit.Text) {
    if (typeof value !== 'string') return 'must be text for a text indicator';
    if (value.trim().length === 0) return 'must not be blank';
    if (value.length > MAX_TEXT_VALUE_LENGTH) return `must be at most ${MAX_TEXT_VALUE_LENGTH} characters`;
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number (the indicator's unit is ${indicator.unit})`;
  switch (indicator.unit) {
    case IndicatorUnit.Count:
      if (!Number.isSafeInteger(value) || value < 0) return 'must be a whole number of 0 or more (the indicator is a count)';
      return null;
    case IndicatorUnit.Pence:
      if (!Number.isSafeInteger(value) || value < 0) return 'must be a whole number of pence, 0 or more';
      return null;
    case IndicatorUnit.Percentage:
      if (value < 0 || value > 100) return 'must be a percentage from 0 to 100';
      if (Number(value.toFixed(2)) !== value) return 'must have at most 2 decimal places (the indicator is a percentage)';
      return null;
    default:
      return `has an unknown unit ${String(indicator.unit)}`;
  }
}

export interface AwardTargetInput {
  indicatorCode: string;
  /** Null or absent: a target for the whole award. */
  periodKey?: string | null;
  baseline?: number | null;
  target: number;
}

/**
 * Every problem with a replacement set of targets for an award, in order, each naming its field
 * (`targets[2].indicatorCode`): an indicator that is not in the award's framework, a text
 * indicator (text indicators take no targets: there is nothing to compare), a period key that is
 * not one or lies outside the award's dates, a target or baseline that does not fit the
 * indicator's unit, and the same (indicator, period) twice.
 */
export function checkTargets(
  indicators: readonly { code: string; unit: IndicatorUnit }[],
  targets: readonly AwardTargetInput[],
  award: { startDate: string; endDate: string },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byCode = new Map(indicators.map((x) => [x.code, x]));
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    const at = (field: string) => `targets[${i}].${field}`;
    const indicator = byCode.get(t.indicatorCode);
    if (!indicator) {
      problems.push({ field: at('indicatorCode'), message: `${String(t.indicatorCode)} is not an indicator of the award's outcome framework` });
    } else if (indicator.unit === IndicatorUnit.Text) {
      problems.push({ field: at('indicatorCode'), message: `${t.indicatorCode} is a text indicator; text indicators take no targets` });
    }
    const periodKey = t.periodKey ?? null;
    if (periodKey !== null) {
      if (!isPeriodKey(periodKey)) {
        problems.push({ field: at('periodKey'), message: 'must be a period of a real financial year: 2026/27, 2026/27-Q1..Q4, 2026/27-H1|H2 or 2026/27-X<n>' });
      } else {
        const { start, end } = periodKeyBounds(periodKey);
        if (end < award.startDate || start > award.endDate) {
          problems.push({ field: at('periodKey'), message: `${periodKey} (${start} to ${end}) is outside the award's dates (${award.startDate} to ${award.endDate})` });
        }
      }
    }
    if (indicator && indicator.unit !== IndicatorUnit.Text) {
      const targetProblem = checkIndicatorValue(indicator, t.target);
      if (targetProblem) problems.push({ field: at('target'), message: targetProblem });
      if (t.baseline !== undefined && t.baseline !== null) {
        const baselineProblem = checkIndicatorValue(indicator, t.baseline);
        if (baselineProblem) problems.push({ field: at('baseline'), message: baselineProblem });
      }
    }
    const key = `${t.indicatorCode}\u0000${periodKey ?? ''}`;
    if (seen.has(key)) {
      problems.push({ field: at('periodKey'), message: `repeats targets[${seen.get(key)}]: ${t.indicatorCode} already has a target for ${periodKey ?? 'the whole award'}` });
    } else {
      seen.set(key, i);
    }
  });
  return problems;
}

/** A framework is for a funding stream, a plan objective or a financial year: at least one. */
export function checkFrameworkScope(scope: { financialYear?: string | null; fundingStreamId?: string | null; planObjectiveId?: string | null }): FieldProblem | null {
  if (scope.financialYear || scope.fundingStreamId || scope.planObjectiveId) return null;
  return { field: 'financialYear', message: 'or fundingStreamId or planObjectiveId is required: a framework is for a year, a funding stream or a plan objective' };
}

/**
 * One figure from an indicator's values over several periods:
 * - `latest`: the value of the latest `periodEnd` (of equal ends, the last given);
 * - `sum`: whole numbers add exactly (a sum of pence or counts is an integer, never a float);
 *   decimals add exactly to 2 decimal places (0.1 + 0.2 = 0.3);
 * - `mean`: rounded half away from zero to whole pence for `pence`, otherwise to 2 decimal
 *   places (percentages and counts: 2.33).
 * Values are taken to 2 decimal places before a sum or mean (to whole pence for pence). Null
 * when there are no values. Throws for sum or mean of a text unit and for a sum beyond safe integers.
 */
export function aggregate(aggregation: IndicatorAggregation, values: readonly { periodEnd: string; value: number }[], unit?: IndicatorUnit): number | null {
  if (values.length === 0) return null;
  if (aggregation === IndicatorAggregation.Latest) {
    let latest = values[0]!;
    for (const v of values) if (v.periodEnd >= latest.periodEnd) latest = v;
    return latest.value;
  }
  if (unit === IndicatorUnit.Text) throw new Error(`text cannot be aggregated by ${aggregation}`);
  for (const v of values) if (!Number.isFinite(v.value)) throw new Error(`cannot aggregate ${v.value}`);
  // Exact arithmetic in whole units of the rounding step: hundredths, or pence.
  const scale = unit === IndicatorUnit.Pence ? 1n : 100n;
  const allWhole = values.every((v) => Number.isInteger(v.value));
  if (aggregation === IndicatorAggregation.Sum && allWhole) {
    const total = values.reduce((t, v) => t + BigInt(v.value), 0n);
    return toSafeNumber(total, 1n);
  }
  const units = values.map((v) => (allWhole ? BigInt(v.value) * scale : BigInt(Math.round(v.value * Number(scale)))));
  const total = units.reduce((t, u) => t + u, 0n);
  if (aggregation === IndicatorAggregation.Sum) return toSafeNumber(total, scale);
  return toSafeNumber(divideHalfAwayFromZero(total, BigInt(values.length)), scale);
}

function divideHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let q = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) q += 1n;
  return negative ? -q : q;
}

function toSafeNumber(units: bigint, scale: bigint): number {
  const whole = units / scale;
  if (whole > BigInt(Number.MAX_SAFE_INTEGER) || whole < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('aggregate is beyond safe integers');
  if (scale === 1n) return Number(units);
  // Read back as a decimal string: the nearest double to exactly these hundredths, with no
  // float division (and no overflow when the hundredths pass 2^53).
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / scale}.${String(abs % scale).padStart(2, '0')}`;
  return (negative ? -1 : 1) * Number(text);
}

/** A target row as stored, compared for "nothing changed" (same indicator, period, baseline and target). */
export function sameTargets(
  a: readonly { indicatorCode: string; periodKey: string | null; baseline: number | null; target: number }[],
  b: readonly { indicatorCode: string; periodKey: string | null; baseline: number | null; target: number }[],
): boolean {
  const canon = (xs: typeof a) =>
    JSON.stringify([...xs].map((x) => [x.indicatorCode, x.periodKey ?? '', x.baseline ?? null, x.target]).sort((p, q) => (`${p[0]}\u0000${p[1]}` < `${q[0]}\u0000${q[1]}` ? -1 : 1)));
  return a.length === b.length && canon(a) === canon(b);
}
