/**
 * Small-number suppression of the outcomes report (docs/design.md#small-numbers): the report
 * is a table of victim counts with totals (award lines roll up into streams, objectives and the
 * year), so besides `<5` for small figures it needs secondary suppression, or a small award
 * figure could be worked out as its stream total less the other awards. Pure.
 */
import { suppressCells, shownAs, type DisclosureCell, type DisclosureGroup } from '../outcomes/disclosure.js';
import type { OutcomeLine, OutcomesReport } from './reports.types.js';

export interface OutcomesDisclosureContext {
  /** The plan objectives each award serves (its lines are parts of those objectives' totals). */
  objectiveIdsOf: ReadonlyMap<string, readonly string[]>;
  /**
   * The accepted value of each period, per `awardId:indicatorCode`. Each is shown in its own
   * return (`<5` there when small), and an award's figure is their sum or mean: a single small
   * period would be the award's figure less the others, so then the award's figure is hidden.
   */
  periodValues: ReadonlyMap<string, readonly number[]>;
}

const indicatorOf = (line: OutcomeLine) => `${line.frameworkId}:${line.indicatorCode}`;
const cellOf = (scope: string, line: OutcomeLine, field: 'actual' | 'baseline') => `${scope}|${indicatorOf(line)}|${field}`;

/**
 * The report as a viewer, the public or an export sees it: victim counts from 1 to threshold-1
 * as `<threshold`, and the figures hidden to protect them as `[c]`. Other indicators, targets and
 * zeros are untouched; `onTarget` is cleared where the actual is hidden. `report` holds actual
 * figures and is not changed.
 */
export function suppressOutcomes(report: OutcomesReport, context: OutcomesDisclosureContext, threshold: number): OutcomesReport {
  const cells = new Map<string, DisclosureCell>();
  const groups: DisclosureGroup[] = [];
  const figure = (value: number | string | null) => (typeof value === 'number' ? value : null);
  const register = (scope: string, lines: OutcomeLine[]) => {
    for (const line of lines.filter((l) => l.isVictimCount)) {
      cells.set(cellOf(scope, line, 'actual'), { value: figure(line.actual) });
      cells.set(cellOf(scope, line, 'baseline'), { value: figure(line.baseline) });
    }
  };
  for (const a of report.awards) register(`award:${a.awardId}`, a.indicators);
  for (const s of report.streams) register(`stream:${s.fundingStreamId}`, s.indicators);
  for (const o of report.objectives) register(`objective:${o.objectiveId}`, o.indicators);
  register('year', report.year.indicators);

  /** A total over some awards: actual over their actuals, baseline over their baselines. */
  const totalOver = (scope: string, line: OutcomeLine, partScopes: string[]) => {
    for (const field of ['actual', 'baseline'] as const) {
      const parts = partScopes.map((p) => cellOf(p, line, field)).filter((key) => cells.has(key));
      groups.push({ total: cellOf(scope, line, field), parts });
    }
  };
  for (const a of report.awards) {
    for (const line of a.indicators.filter((l) => l.isVictimCount && l.aggregation !== 'latest')) {
      const periods = context.periodValues.get(`${a.awardId}:${line.indicatorCode}`) ?? [];
      const parts = periods.map((value, i) => {
        const key = `period:${a.awardId}:${i}|${indicatorOf(line)}`;
        cells.set(key, { value, external: true });
        return key;
      });
      groups.push({ total: cellOf(`award:${a.awardId}`, line, 'actual'), parts });
    }
  }
  for (const s of report.streams) {
    const awards = report.awards.filter((a) => a.fundingStreamId === s.fundingStreamId).map((a) => `award:${a.awardId}`);
    for (const line of s.indicators.filter((l) => l.isVictimCount)) totalOver(`stream:${s.fundingStreamId}`, line, awards);
  }
  for (const o of report.objectives) {
    const awards = report.awards.filter((a) => context.objectiveIdsOf.get(a.awardId)?.includes(o.objectiveId)).map((a) => `award:${a.awardId}`);
    for (const line of o.indicators.filter((l) => l.isVictimCount)) totalOver(`objective:${o.objectiveId}`, line, awards);
  }
  for (const line of report.year.indicators.filter((l) => l.isVictimCount)) {
    totalOver('year', line, report.awards.map((a) => `award:${a.awardId}`));
    totalOver('year', line, report.streams.map((s) => `stream:${s.fundingStreamId}`));
  }

  const hidden = suppressCells(cells, groups, threshold);
  const show = (scope: string, lines: OutcomeLine[]): OutcomeLine[] =>
    lines.map((line) => {
      if (!line.isVictimCount) return { ...line };
      const actual = hidden.get(cellOf(scope, line, 'actual'));
      return {
        ...line,
        actual: shownAs(figure(line.actual), actual, threshold),
        baseline: shownAs(figure(line.baseline), hidden.get(cellOf(scope, line, 'baseline')), threshold),
        onTarget: actual ? null : line.onTarget,
      };
    });
  return {
    ...report,
    figures: 'suppressed',
    awards: report.awards.map((a) => ({ ...a, indicators: show(`award:${a.awardId}`, a.indicators) })),
    streams: report.streams.map((s) => ({ ...s, indicators: show(`stream:${s.fundingStreamId}`, s.indicators) })),
    objectives: report.objectives.map((o) => ({ ...o, indicators: show(`objective:${o.objectiveId}`, o.indicators) })),
    year: { indicators: show('year', report.year.indicators) },
  };
}
