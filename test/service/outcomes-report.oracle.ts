import type { DataSource } from 'typeorm';
import { aggregate, periodKeyBounds, type IndicatorAggregation, type IndicatorUnit } from '../../libs/domain/src/outcomes/outcomes.rules.js';
import { awardTarget, combine } from '../../libs/domain/src/reports/outcomes-report.rules.js';
import type { OutcomeLine, OutcomesReport } from '../../libs/domain/src/reports/reports.types.js';

/**
 * The outcomes report's figures worked out independently of the report's SQL (issue 17.4): the
 * raw rows read with plain queries, then folded in JavaScript one award, indicator and scope at a
 * time by the rules as written (`aggregate`, `awardTarget`, `combine`):
 * - an award's actual is its accepted values (the latest accepted version of each period's
 *   return) aggregated by the indicator's rule, `latest` by period end (of equal ends the greater
 *   key); text has none; periods reported counts the values, text too;
 * - its target is the whole-award target, else its period targets aggregated (`awardTarget`); its
 *   baseline the whole-award target's, else the first period target's (by key) that has one;
 * - a stream, plan objective or the year combines the award figures that are not null (`combine`:
 *   counts and pence add, rates average), and counts the award actuals as periods reported.
 * Names (titles, units, framework names) are read from the tables too, so whole lines compare.
 */
export interface OutcomesOracle {
  /** The report with actual figures, in the report's own order of awards, streams and objectives. */
  report: OutcomesReport;
  /** Each victim count's accepted values in period order, by `awardId:code`, for suppression. */
  periodValues: Map<string, number[]>;
  objectiveIdsOf: Map<string, string[]>;
}

interface Indicator {
  id: string;
  framework_id: string;
  framework: string;
  code: string;
  title: string;
  unit: IndicatorUnit;
  aggregation: IndicatorAggregation;
  direction: string;
  is_victim_count: boolean;
}

const num = (x: string | null) => (x === null ? null : Number(x));

/**
 * What `report` should hold: its awards (the set is checked against the year's committed awards)
 * and roll-ups, from the database. Scopes are compared by id; the report's order of awards is
 * kept, and lines run in the indicators' order.
 */
export async function outcomesOracle(db: DataSource, report: OutcomesReport): Promise<OutcomesOracle> {
  const awards = (await db.query(
    `SELECT a.id, a.funding_stream_id FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
      WHERE s.financial_year = $1 AND a.status IN ('approved','active','suspended','closed') AND ($2::uuid IS NULL OR a.funding_stream_id = $2)`,
    [report.financialYear, report.fundingStreamId],
  )) as { id: string; funding_stream_id: string }[];
  const ids = awards.map((a) => a.id);
  const indicators = (await db.query(
    `SELECT f.award_id, i.id, i.framework_id, fw.name AS framework, i.code, i.title, i.unit, i.aggregation, i.direction, i.is_victim_count
       FROM award_outcome_framework f JOIN outcome_framework fw ON fw.id = f.outcome_framework_id JOIN outcome_indicator i ON i.framework_id = fw.id
      WHERE f.award_id = ANY($1::uuid[]) ORDER BY i.position`,
    [ids],
  )) as (Indicator & { award_id: string })[];
  const values = (await db.query(
    `SELECT p.award_id, v.indicator_code AS code, p.period_end::text AS period_end, v.value_numeric
       FROM reporting_period p
       JOIN monitoring_return r ON r.reporting_period_id = p.id
       JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
       JOIN return_value v ON v.return_version_id = rv.id
      WHERE p.award_id = ANY($1::uuid[]) ORDER BY p.period_end, p.key`,
    [ids],
  )) as { award_id: string; code: string; period_end: string; value_numeric: string | null }[];
  const targets = (await db.query(`SELECT award_id, indicator_id, period_key, target, baseline FROM award_target WHERE award_id = ANY($1::uuid[]) ORDER BY period_key COLLATE "C" NULLS FIRST`, [ids])) as {
    award_id: string;
    indicator_id: string;
    period_key: string | null;
    target: string;
    baseline: string | null;
  }[];
  const objectives = (await db.query(`SELECT award_id, plan_objective_id FROM award_objective WHERE award_id = ANY($1::uuid[])`, [ids])) as { award_id: string; plan_objective_id: string }[];

  const line = (i: Indicator, baseline: number | null, target: number | null, actual: number | null, periodsReported: number): OutcomeLine => ({
    indicatorCode: i.code,
    title: i.title,
    frameworkId: i.framework_id,
    framework: i.framework,
    unit: i.unit,
    aggregation: i.aggregation,
    direction: i.direction,
    isVictimCount: i.is_victim_count,
    baseline,
    target,
    actual,
    periodsReported,
    onTarget: actual === null || target === null ? null : i.direction === 'lower_is_better' ? actual <= target : actual >= target,
  });

  const awardLines = new Map<string, OutcomeLine[]>();
  const periodValues = new Map<string, number[]>();
  const frameworkOf = new Map<string, string>();
  for (const a of awards) {
    const lines: OutcomeLine[] = [];
    for (const i of indicators.filter((x) => x.award_id === a.id)) {
      frameworkOf.set(a.id, i.framework);
      const mine = values.filter((v) => v.award_id === a.id && v.code === i.code);
      const numbers = mine.filter((v) => v.value_numeric !== null).map((v) => ({ periodEnd: v.period_end, value: Number(v.value_numeric) }));
      const actual = i.unit === 'text' ? null : aggregate(i.aggregation, numbers, i.unit);
      const own = targets.filter((t) => t.award_id === a.id && t.indicator_id === i.id);
      const target = own.length ? awardTarget(i, own.map((t) => ({ periodKey: t.period_key, target: Number(t.target), periodEnd: t.period_key ? periodKeyBounds(t.period_key).end : '' }))) : null;
      const baseline = num(own.find((t) => t.baseline !== null)?.baseline ?? null); // whole-award first, then by key
      lines.push(line(i, baseline, target, actual, mine.length));
      if (i.is_victim_count && numbers.length) periodValues.set(`${a.id}:${i.code}`, numbers.map((n) => n.value));
    }
    awardLines.set(a.id, lines);
  }

  /** One scope's roll-up of the lines of its awards (in the report's order), indicator by indicator. */
  const rollUp = (awardIds: string[]): OutcomeLine[] => {
    const groups = new Map<string, OutcomeLine[]>();
    for (const id of awardIds) {
      for (const l of awardLines.get(id) ?? []) {
        const key = `${l.frameworkId}:${l.indicatorCode}`;
        groups.set(key, [...(groups.get(key) ?? []), l]);
      }
    }
    return [...groups.values()].map((ls) => {
      const i = indicators.find((x) => x.framework_id === ls[0]!.frameworkId && x.code === ls[0]!.indicatorCode)!;
      const figures = (pick: (l: OutcomeLine) => number | string | null) => ls.map(pick).filter((x): x is number => typeof x === 'number');
      const actuals = figures((l) => l.actual);
      return line(i, combine(i, figures((l) => l.baseline)), combine(i, figures((l) => l.target)), combine(i, actuals), actuals.length);
    });
  };

  const inOrder = report.awards.map((a) => a.awardId);
  const objectiveIdsOf = new Map(ids.map((id) => [id, objectives.filter((o) => o.award_id === id).map((o) => o.plan_objective_id)]));
  const byId = new Map(awards.map((a) => [a.id, a]));
  const expected: OutcomesReport = {
    ...report,
    figures: 'actual',
    awards: report.awards.map((a) => ({ ...a, fundingStreamId: byId.get(a.awardId)?.funding_stream_id ?? 'not a committed award of the year', framework: frameworkOf.get(a.awardId) ?? null, indicators: awardLines.get(a.awardId) ?? [] })),
    streams: report.streams.map((s) => ({ ...s, indicators: rollUp(inOrder.filter((id) => byId.get(id)?.funding_stream_id === s.fundingStreamId)) })),
    objectives: report.objectives.map((o) => ({ ...o, indicators: rollUp(inOrder.filter((id) => objectiveIdsOf.get(id)?.includes(o.objectiveId))) })),
    year: { indicators: rollUp(inOrder) },
  };
  return { report: expected, periodValues, objectiveIdsOf };
}

/** The stream and objective ids that have lines by the oracle: the report must list exactly these. */
export function scopesWithLines(oracle: OutcomesOracle, allStreamIds: string[], allObjectiveIds: string[]) {
  const awardsOf = (keep: (a: OutcomesReport['awards'][number]) => boolean) => oracle.report.awards.filter((a) => keep(a) && a.indicators.length > 0);
  return {
    streams: allStreamIds.filter((s) => awardsOf((a) => a.fundingStreamId === s).length > 0).sort(),
    objectives: allObjectiveIds.filter((o) => awardsOf((a) => oracle.objectiveIdsOf.get(a.awardId)?.includes(o) ?? false).length > 0).sort(),
  };
}
