import type { AwardTargetsView, MonitoringReturnView } from '#domain/index.js';

export interface ComparisonRow {
  code: string;
  title: string;
  unit: string | null;
  target: number | null;
  current: number | string | null;
  previous: number | string | null;
  /** The value differs from the previous version's (always false for a first version). */
  changed: boolean;
}

export interface ReturnComparison {
  /** The version shown (the latest submitted), or null when nothing has been submitted. */
  version: MonitoringReturnView['versions'][number] | null;
  previous: MonitoringReturnView['versions'][number] | null;
  rows: ComparisonRow[];
  spendChanged: boolean;
  narrativeChanged: boolean;
}

/**
 * A return's latest version beside the targets for its period (or the whole award) and beside the
 * version before it, indicator by indicator in the framework's order. Pure: the review page's
 * table, where a changed answer is marked in words as well as by style.
 */
export function compareReturn(ret: MonitoringReturnView, targets: AwardTargetsView): ReturnComparison {
  const version = ret.versions.at(-1) ?? null;
  const previous = ret.versions.length > 1 ? ret.versions.at(-2)! : null;
  const valueIn = (v: typeof version, code: string) => v?.values.find((x) => x.indicatorCode === code)?.value ?? null;
  const indicators = targets.framework?.indicators ?? [];
  const known = new Set(indicators.map((i) => i.code));
  const extraCodes = [...new Set((version?.values ?? []).map((v) => v.indicatorCode).filter((c) => !known.has(c)))];
  const targetFor = (code: string) =>
    targets.targets.find((t) => t.indicatorCode === code && t.periodKey === ret.key)?.target ?? targets.targets.find((t) => t.indicatorCode === code && t.periodKey === null)?.target ?? null;
  const rows = [...indicators.map((i) => ({ code: i.code, title: i.title, unit: i.unit })), ...extraCodes.map((code) => ({ code, title: code, unit: null }))].map((i) => {
    const current = valueIn(version, i.code);
    const before = valueIn(previous, i.code);
    return { ...i, target: targetFor(i.code), current, previous: before, changed: previous !== null && current !== before };
  });
  return {
    version,
    previous,
    rows,
    spendChanged: previous !== null && version !== null && previous.spendPence !== version.spendPence,
    narrativeChanged: previous !== null && version !== null && previous.narrative !== version.narrative,
  };
}
