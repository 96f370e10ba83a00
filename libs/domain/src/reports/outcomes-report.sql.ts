/**
 * The outcomes report's figures in one statement (issue 17.4): per award and indicator the actual
 * (latest accepted return versions), target and baseline, and their roll-ups per stream, plan
 * objective and year. It does in SQL what `aggregate`, `awardTarget` and `combine`
 * (outcomes.rules.ts, outcomes-report.rules.ts) do in JavaScript, to the same figures (pinned by
 * test/service/outcomes-report.service-spec.ts):
 * - a sum or mean works in whole units of the rounding step (hundredths; pence for pence):
 *   each value is taken to that step first (`floor(x * step + 0.5)`, JavaScript's Math.round), a
 *   mean is rounded half away from zero (`round(numeric)`), and the result divided back exactly;
 * - `latest` is the value of the latest period end; of equal ends, the greatest period key (the
 *   last in the targets' order; for values, the one whose return lists last);
 * - an award's target is its whole-award target, else its period targets aggregated by the
 *   indicator's rule (a period key's end: 3 months a quarter, 6 a half, the year otherwise);
 *   its baseline the whole-award target's, else the first period target's that has one;
 * - roll-ups add counts and pence and average rates (`latest` rates average too); text is null.
 * Numbers come back as numeric text, read with Number() as the JavaScript read its decimal text.
 *
 * $1: the awards, in the report's order; $2: whether to return each victim count's period values
 * (only a suppressed report needs them, outcomes-disclosure.ts).
 */

/** Whole units of an indicator's rounding step: `step` of them make one (hundredths; pence for pence). */
const STEP = `CASE WHEN i.unit = 'pence' THEN 1 ELSE 100 END`;

/**
 * The numbers x of a group by `aggregation` ('sum' or 'mean') in steps, or null when there are
 * none: `step` per row, the same for the whole group (one indicator's), read back with max(step).
 */
const aggregated = (x: string, aggregation: string, step: string) => `CASE
      WHEN count(${x}) = 0 THEN NULL
      WHEN ${aggregation} = 'mean' THEN round(sum(floor(${x} * ${step} + 0.5)) / count(${x}), 0) / max(${step})
      ELSE sum(floor(${x} * ${step} + 0.5)) / max(${step}) END`;

/** Months from the start of year 0 to a period key's end, for ordering by period end. */
const PERIOD_END = (key: string) => `(substr(${key}, 1, 4)::int * 12 + CASE substr(${key}, 9, 1) WHEN 'Q' THEN 3 * substr(${key}, 10)::int WHEN 'H' THEN 6 * substr(${key}, 10)::int ELSE 12 END)`;

/** How a roll-up combines award figures: counts and pence add; rates, and means, average. */
const COMBINE = `CASE WHEN l.aggregation = 'mean' OR (l.unit NOT IN ('count','pence') AND l.aggregation = 'latest') THEN 'mean' ELSE 'sum' END`;

const rollUp = (scope: string, scopeId: string, from: string) => `
  SELECT '${scope}' AS scope, ${scopeId} AS scope_id, l.framework_id, l.code,
         ${aggregated('l.baseline', COMBINE, 'l.step')} AS baseline,
         ${aggregated('l.target', COMBINE, 'l.step')} AS target,
         ${aggregated('l.actual', COMBINE, 'l.step')} AS actual,
         count(l.actual)::int AS periods, NULL::numeric[] AS period_values, min(l.ord) AS ord, l.position
    FROM ${from}
   GROUP BY ${scopeId === 'NULL::uuid' ? '' : `${scopeId}, `}l.framework_id, l.code, l.unit, l.aggregation, l.position`;

export const OUTCOMES_REPORT_SQL = `
  WITH aw AS (
    SELECT u.id AS award_id, u.ord FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)
  ), indicator AS (
    SELECT aw.award_id, aw.ord, f.outcome_framework_id AS framework_id, i.id AS indicator_id, i.code, i.unit, i.aggregation, i.position, i.is_victim_count, ${STEP} AS step
      FROM aw
      JOIN award_outcome_framework f ON f.award_id = aw.award_id
      JOIN outcome_indicator i ON i.framework_id = f.outcome_framework_id
  ), actual AS (
    SELECT l.award_id, l.indicator_id,
           count(*)::int AS periods,
           CASE WHEN max(l.unit) = 'text' THEN NULL
                WHEN max(l.aggregation) = 'latest' THEN (array_agg(v.value_numeric ORDER BY p.period_end DESC, p.key DESC) FILTER (WHERE v.value_numeric IS NOT NULL))[1]
                ELSE ${aggregated('v.value_numeric', 'max(l.aggregation)', 'l.step')} END AS actual,
           CASE WHEN $2::boolean AND bool_or(l.is_victim_count) THEN array_agg(v.value_numeric ORDER BY p.period_end, p.key) FILTER (WHERE v.value_numeric IS NOT NULL) END AS period_values
      FROM indicator l
      JOIN reporting_period p ON p.award_id = l.award_id
      JOIN monitoring_return r ON r.reporting_period_id = p.id AND r.accepted_version IS NOT NULL
      JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
      JOIN return_value v ON v.return_version_id = rv.id AND v.indicator_code = l.code
     GROUP BY l.award_id, l.indicator_id
  ), target AS (
    -- A target's indicator is one of its award's framework's (award_target_indicator_fk and
    -- award_target_award_framework_fk), so the target's own indicator gives the rule.
    SELECT t.award_id, t.indicator_id,
           coalesce(max(t.target) FILTER (WHERE t.period_key IS NULL),
                    CASE WHEN max(i.aggregation) = 'latest' THEN (array_agg(t.target ORDER BY ${PERIOD_END('t.period_key')} DESC, t.period_key COLLATE "C" DESC))[1]
                         ELSE ${aggregated('t.target', 'max(i.aggregation)', STEP)} END) AS target,
           (array_agg(t.baseline ORDER BY t.period_key IS NOT NULL, t.period_key COLLATE "C") FILTER (WHERE t.baseline IS NOT NULL))[1] AS baseline
      FROM award_target t
      JOIN aw ON aw.award_id = t.award_id
      JOIN outcome_indicator i ON i.id = t.indicator_id
     GROUP BY t.award_id, t.indicator_id
  ), line AS MATERIALIZED (
    SELECT l.award_id, l.ord, l.framework_id, l.code, l.unit, l.aggregation, l.position, l.step,
           t.baseline, t.target, a.actual, coalesce(a.periods, 0) AS periods, a.period_values
      FROM indicator l
      LEFT JOIN actual a ON a.award_id = l.award_id AND a.indicator_id = l.indicator_id
      LEFT JOIN target t ON t.award_id = l.award_id AND t.indicator_id = l.indicator_id
  )
  SELECT 'award' AS scope, l.award_id AS scope_id, l.framework_id, l.code, l.baseline, l.target, l.actual, l.periods, l.period_values, l.ord, l.position FROM line l
  UNION ALL ${rollUp('stream', 'a.funding_stream_id', 'line l JOIN award a ON a.id = l.award_id')}
  UNION ALL ${rollUp('objective', 'o.plan_objective_id', 'line l JOIN award_objective o ON o.award_id = l.award_id')}
  UNION ALL ${rollUp('year', 'NULL::uuid', 'line l')}
  ORDER BY ord, position`;

/** One row of OUTCOMES_REPORT_SQL: an award's line, or a stream's, objective's or the year's. */
export interface OutcomesReportRow {
  scope: 'award' | 'stream' | 'objective' | 'year';
  /** The award, stream or objective; null for the year. */
  scope_id: string | null;
  framework_id: string;
  code: string;
  baseline: string | null;
  target: string | null;
  actual: string | null;
  periods: number;
  period_values: string[] | null;
}
