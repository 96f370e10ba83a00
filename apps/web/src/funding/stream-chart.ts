import type { FundingStreamView } from '#domain/index.js';

/**
 * The geometry of the money page's bar chart, one bar per stream, in SVG user units (the
 * template draws it; CSP forbids inline styles, so colours are classes). Each bar is the larger
 * of the budget and what is asked of it (committed + draft), so an overcommitted stream shows
 * its committed and draft sums reaching past the budget marker.
 */
export interface StreamBar {
  id: string;
  name: string;
  y: number;
  /** Segment x and width, left to right: paid, committed but unpaid, draft, remaining. */
  segments: { kind: 'paid' | 'committed' | 'draft' | 'remaining'; x: number; width: number }[];
  /** Where the budget ends (the marker line). */
  budgetX: number;
  labelY: number;
}

export const CHART = { width: 640, left: 0, barWidth: 640, barHeight: 24, rowHeight: 64, labelGap: 8 } as const;

export function streamBars(streams: FundingStreamView[]): { bars: StreamBar[]; height: number } {
  const bars = streams.map((s, i) => {
    const paid = Math.max(0, Math.min(s.paidPence, s.committedPence));
    const committedUnpaid = Math.max(0, s.committedPence - paid);
    const draft = Math.max(0, s.draftPence);
    const remaining = Math.max(0, s.budgetPence - s.committedPence - draft);
    const scale = Math.max(s.budgetPence, s.committedPence + draft, 1);
    const w = (pence: number) => Math.round((pence / scale) * CHART.barWidth * 10) / 10;
    let x = CHART.left;
    const segments: StreamBar['segments'] = [];
    for (const [kind, pence] of [['paid', paid], ['committed', committedUnpaid], ['draft', draft], ['remaining', remaining]] as const) {
      const width = w(pence);
      if (width > 0) segments.push({ kind, x, width });
      x += width;
    }
    const top = i * CHART.rowHeight;
    return { id: s.id, name: s.name, y: top + 24, labelY: top + 16, segments, budgetX: CHART.left + w(s.budgetPence) };
  });
  return { bars, height: Math.max(streams.length * CHART.rowHeight, CHART.rowHeight) };
}
