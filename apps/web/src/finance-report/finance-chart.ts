/** The measures the chart draws per stream, in order, each with its colour (GOV.UK palette). */
export const CHART_MEASURES = [
  { key: 'budgetPence', colour: '#505a5f' },
  { key: 'committedPence', colour: '#1d70b8' },
  { key: 'netPaidPence', colour: '#00703c' },
  { key: 'reportedSpendPence', colour: '#f47738' },
] as const;

type Measure = (typeof CHART_MEASURES)[number]['key'];

export interface ChartBar {
  key: Measure;
  colour: string;
  y: number;
  width: number;
  pence: number;
}

export interface ChartGroup {
  label: string;
  labelY: number;
  bars: ChartBar[];
}

export interface FinanceChart {
  width: number;
  height: number;
  barHeight: number;
  labelWidth: number;
  groups: ChartGroup[];
}

const WIDTH = 640;
const BAR = 14;
const GAP = 4;
const LABEL = 22;
const GROUP_GAP = 16;
/** Room on the right of the longest bar for its amount. */
const VALUE_ROOM = 130;

/**
 * A horizontal bar chart of each stream's budget, committed, paid and reported spend, as shapes
 * for the template to draw as SVG (server-rendered: no script, no inline style; colours are SVG
 * presentation attributes). Every bar is scaled to the largest amount. Pure.
 */
export function financeChart(rows: ({ name: string } & Record<Measure, number>)[]): FinanceChart {
  const max = Math.max(1, ...rows.flatMap((r) => CHART_MEASURES.map((m) => r[m.key])));
  const span = WIDTH - VALUE_ROOM;
  let y = 0;
  const groups = rows.map((r) => {
    const labelY = y + 16;
    y += LABEL;
    const bars = CHART_MEASURES.map((m) => {
      const bar = { key: m.key, colour: m.colour, y, width: Math.max(r[m.key] > 0 ? 1 : 0, Math.round((span * Math.max(0, r[m.key])) / max)), pence: r[m.key] };
      y += BAR + GAP;
      return bar;
    });
    y += GROUP_GAP;
    return { label: r.name, labelY, bars };
  });
  return { width: WIDTH, height: Math.max(y, 1), barHeight: BAR, labelWidth: 0, groups };
}
