import type { OutcomeLine } from '#domain/index.js';

/** Geometry of one chart: a pair of bars per indicator (target, actual), each scaled to its own indicator. */
export interface OutcomeChart {
  width: number;
  height: number;
  rows: {
    label: string;
    y: number;
    target: { width: number; text: string } | null;
    actual: { width: number; text: string; behind: boolean } | null;
  }[];
}

const LABEL_HEIGHT = 20;
const BAR_HEIGHT = 16;
const ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT * 2 + 14;
const BAR_SPACE = 420;
export const CHART_WIDTH = 620;

/**
 * Target against actual per indicator, as bars (server-rendered SVG, drawn by
 * reports/_chart.njk with classes only: the CSP allows no inline styles). Indicators measure
 * different things, so each pair is scaled to its own larger figure; the figures are written
 * beside the bars and given in the table next to the chart. A suppressed figure (`<5`, `[c]`) has
 * no bar, only its text. Text indicators are left out. Pure.
 */
export function outcomeChart(lines: readonly OutcomeLine[]): OutcomeChart {
  const drawn = lines.filter((l) => l.unit !== 'text' && (l.target !== null || l.actual !== null));
  const rows = drawn.map((l, index) => {
    const numbers = [l.target, l.actual].filter((v): v is number => typeof v === 'number');
    const scale = Math.max(...numbers.map(Math.abs), 0) || 1;
    const bar = (v: number | string | null) => (typeof v === 'number' ? Math.max(1, Math.round((Math.abs(v) / scale) * BAR_SPACE)) : 0);
    return {
      label: `${l.indicatorCode} ${l.title}`,
      y: index * ROW_HEIGHT,
      target: l.target === null ? null : { width: bar(l.target), text: String(l.target) },
      actual: l.actual === null ? null : { width: bar(l.actual), text: String(l.actual), behind: l.onTarget === false },
    };
  });
  return { width: CHART_WIDTH, height: Math.max(rows.length * ROW_HEIGHT, ROW_HEIGHT), rows };
}
