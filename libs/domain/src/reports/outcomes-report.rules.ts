import { aggregate } from '../outcomes/outcomes.rules.js';
import type { IndicatorView } from '../outcomes/outcomes.types.js';

/** Small numbers about victims can identify people (docs/design.md#small-numbers). */
export const DEFAULT_SMALL_NUMBER_THRESHOLD = 5;

/** How award figures roll up into a stream, objective or year: counts and pence add, rates average. */
export function combine(indicator: Pick<IndicatorView, 'aggregation' | 'unit'>, values: number[]): number | null {
  if (values.length === 0) return null;
  const rows = values.map((value, i) => ({ periodEnd: String(i).padStart(6, '0'), value }));
  const additive = indicator.unit === 'count' || indicator.unit === 'pence';
  if (indicator.aggregation === 'mean' || (!additive && indicator.aggregation === 'latest')) return aggregate('mean', rows, indicator.unit);
  return aggregate('sum', rows, indicator.unit);
}

/** What the target of an award for an indicator is: the whole-award target, else its periods' aggregated. */
export function awardTarget(indicator: Pick<IndicatorView, 'aggregation' | 'unit'>, targets: { periodKey: string | null; target: number; periodEnd: string }[]): number | null {
  const whole = targets.find((t) => t.periodKey === null);
  if (whole) return whole.target;
  return aggregate(indicator.aggregation, targets.map((t) => ({ periodEnd: t.periodEnd, value: t.target })), indicator.unit);
}
