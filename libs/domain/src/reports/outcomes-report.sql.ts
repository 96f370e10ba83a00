/**
 * The outcomes report's figures in one statement (issue 17.4): per award and indicator the actual
 * (latest accepted return versions), target and baseline, and their roll-ups per stream, plan
 * objective and year. It does in SQL what `aggregate`, `awardTarget` and `combine`
 * (outcomes.rules.ts, outcomes-report.rules.ts) do in JavaScript, to the same figures (checked by
 * test/service/outcomes-report.service-spec.ts against its own fold of the raw rows):
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
      WHEN ${aggregation} = 'mean' THEN round(sum(floor(${x} * ${step} + 0.5)::bigint) / count(${x}), 0) / max(${step})
      ELSE sum(floor(${x} * ${step} + 0.5)::bigint) / max(${step}) END`;

/** Months from the start of year 0 to a period key's end, for ordering by period end. */
const PERIOD_END = (key: string) => `(substr(${key}, 1, 4)::int * 12 + CASE substr(${key}, 9, 1) WHEN 'Q' THEN 3 * substr(${key}, 10)::int WHEN 'H' THEN 6 * substr(${key}, 10)::int ELSE 12 END)`;

/** A figure from its count `n` and its sum `s` in steps, by how it combines ('sum' or 'mean'): as `aggregated`, from sums kept apart. */
const figure = (n: string, s: string, how: string, step: string) => `CASE WHEN ${n} = 0 THEN NULL WHEN ${how} = 'mean' THEN round(${s} / ${n}, 0) / ${step} ELSE ${s} / ${step} END`;

/** How a roll-up combines award figures: counts and pence add; rates, and means, average. */
const COMBINE = `CASE WHEN i.aggregation = 'mean' OR (i.unit NOT IN ('count','pence') AND i.aggregation = 'latest') THEN 'mean' ELSE 'sum' END`;

/** A line's figure x as a count and a sum in steps, for a roll-up. */
const sums = (x: string) => `count(l.${x}) AS n_${x}, sum(floor(l.${x} * l.step + 0.5)::bigint) AS s_${x}`;

/**
 * A scope's counts and sums per indicator. Grouped by the indicator id alone, on narrow rows: the
 * names are joined once afterwards (grouping wide rows by framework, code, unit, aggregation and
 * position sorted them on disk, issue 17.4).
 */
const rollUp = (scope: string, scopeId: string, from: string) => `
    SELECT '${scope}' AS scope, ${scopeId} AS scope_id, l.indicator_id, ${sums('baseline')}, ${sums('target')}, ${sums('actual')}, min(l.ord) AS ord
      FROM ${from}
     GROUP BY ${scopeId === 'NULL::uuid' ? '' : `${scopeId}, `}l.indicator_id`;

// Sums are of bigint steps: PostgreSQL adds bigints in 128-bit integers, where numeric sums build
// numerics row by row (and their larger states pushed the per award x code aggregate to disk).
// A step fits: a count or pence value is a safe integer (< 2^53, checkIndicatorValue in outcomes.rules.ts, for values and targets),
// so its hundredths are below 2^63. The rows come back unordered: the service puts each scope's few
// lines in order (`ord`, `position`), where sorting all 30,000 here went to disk (issue 17.4, round 6).
// Ordered aggregates (array_agg ... ORDER BY) sort per group, for every group, even when a CASE
// discards them: with two per award x indicator and two per target they were most of the
// statement (issue 17.4, round 5). So `actual` sums without them; `latest` values, victim counts'
// period values ($2) and period targets have their own parts, which read nothing when there is
// nothing of theirs (no numeric `latest` indicator, an unsuppressed report, whole-award targets).
export const OUTCOMES_REPORT_SQL = `
  WITH aw AS (
    SELECT u.id AS award_id, u.ord FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)
  ), indicator AS (
    SELECT aw.award_id, aw.ord, f.outcome_framework_id AS framework_id, i.id AS indicator_id, i.code, i.unit, i.aggregation, i.position, i.is_victim_count, ${STEP} AS step
      FROM aw
      JOIN award_outcome_framework f ON f.award_id = aw.award_id
      JOIN outcome_indicator i ON i.framework_id = f.outcome_framework_id
  ), value AS (
    SELECT p.award_id, v.indicator_code AS code, p.period_end, p.key, v.value_numeric
      FROM aw
      JOIN reporting_period p ON p.award_id = aw.award_id
      JOIN monitoring_return r ON r.reporting_period_id = p.id AND r.accepted_version IS NOT NULL
      JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
      JOIN return_value v ON v.return_version_id = rv.id
  ), actual AS (
    -- Both steps' sums: the indicator (and so its step) is joined after grouping, on fewer rows.
    SELECT v.award_id, v.code, count(*)::int AS periods, count(v.value_numeric) AS n,
           sum(floor(v.value_numeric * 100 + 0.5)::bigint) AS hundredths, sum(floor(v.value_numeric + 0.5)::bigint) AS pence
      FROM value v
     GROUP BY v.award_id, v.code
  ), latest AS (
    SELECT DISTINCT ON (v.award_id, v.code) v.award_id, v.code, v.value_numeric AS latest
      FROM indicator l JOIN value v ON v.award_id = l.award_id AND v.code = l.code
     WHERE l.aggregation = 'latest' AND l.unit <> 'text' AND v.value_numeric IS NOT NULL
       AND EXISTS (SELECT FROM outcome_indicator x WHERE x.aggregation = 'latest' AND x.unit <> 'text')
     ORDER BY v.award_id, v.code, v.period_end DESC, v.key DESC
  ), victim_count AS (
    SELECT v.award_id, v.code, array_agg(v.value_numeric ORDER BY v.period_end, v.key) AS period_values
      FROM indicator l JOIN value v ON v.award_id = l.award_id AND v.code = l.code
     WHERE $2::boolean AND l.is_victim_count AND v.value_numeric IS NOT NULL
     GROUP BY v.award_id, v.code
  ), whole_target AS (
    -- At most one per award and indicator (award_target_whole_award_unique).
    SELECT t.award_id, t.indicator_id, t.target, t.baseline
      FROM award_target t JOIN aw ON aw.award_id = t.award_id
     WHERE t.period_key IS NULL
  ), period_target AS (
    -- A target's indicator is one of its award's framework's (award_target_indicator_fk and
    -- award_target_award_framework_fk), so the target's own indicator gives the rule.
    SELECT t.award_id, t.indicator_id,
           CASE WHEN max(i.aggregation) = 'latest' THEN (array_agg(t.target ORDER BY ${PERIOD_END('t.period_key')} DESC, t.period_key COLLATE "C" DESC))[1]
                ELSE ${aggregated('t.target', 'max(i.aggregation)', STEP)} END AS target,
           (array_agg(t.baseline ORDER BY t.period_key COLLATE "C") FILTER (WHERE t.baseline IS NOT NULL))[1] AS baseline
      FROM award_target t
      JOIN aw ON aw.award_id = t.award_id
      JOIN outcome_indicator i ON i.id = t.indicator_id
     WHERE t.period_key IS NOT NULL
     GROUP BY t.award_id, t.indicator_id
  ), line AS MATERIALIZED (
    SELECT l.award_id, l.ord, l.indicator_id, l.framework_id, l.code, l.position, l.step,
           coalesce(w.baseline, pt.baseline) AS baseline, coalesce(w.target, pt.target) AS target,
           CASE WHEN l.unit = 'text' THEN NULL
                WHEN l.aggregation = 'latest' THEN lt.latest
                ELSE ${figure('a.n', 'CASE l.step WHEN 1 THEN a.pence ELSE a.hundredths END', 'l.aggregation', 'l.step')} END AS actual,
           coalesce(a.periods, 0) AS periods, vc.period_values
      FROM indicator l
      LEFT JOIN actual a ON a.award_id = l.award_id AND a.code = l.code
      LEFT JOIN latest lt ON lt.award_id = l.award_id AND lt.code = l.code
      LEFT JOIN victim_count vc ON vc.award_id = l.award_id AND vc.code = l.code
      LEFT JOIN whole_target w ON w.award_id = l.award_id AND w.indicator_id = l.indicator_id
      LEFT JOIN period_target pt ON pt.award_id = l.award_id AND pt.indicator_id = l.indicator_id
  ), roll_up AS (${rollUp('stream', 'a.funding_stream_id', 'line l JOIN award a ON a.id = l.award_id')}
    UNION ALL ${rollUp('objective', 'o.plan_objective_id', 'line l JOIN award_objective o ON o.award_id = l.award_id')}
    UNION ALL ${rollUp('year', 'NULL::uuid', 'line l')}
  )
  SELECT 'award' AS scope, l.award_id AS scope_id, l.framework_id, l.code, l.baseline, l.target, l.actual, l.periods, l.period_values, l.ord, l.position FROM line l
  UNION ALL
  SELECT r.scope, r.scope_id, i.framework_id, i.code,
         ${figure('r.n_baseline', 'r.s_baseline', COMBINE, STEP)}, ${figure('r.n_target', 'r.s_target', COMBINE, STEP)}, ${figure('r.n_actual', 'r.s_actual', COMBINE, STEP)},
         r.n_actual::int, NULL::numeric[], r.ord, i.position
    FROM roll_up r JOIN outcome_indicator i ON i.id = r.indicator_id`;

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
  /** Where the line goes in its scope: by `ord` (the award's place in $1; for a roll-up, its first award's), then `position` (the indicator's). */
  ord: string;
  position: number;
}
