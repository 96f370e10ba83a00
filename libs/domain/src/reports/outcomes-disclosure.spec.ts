import { describe, expect, it } from '@jest/globals';
import { suppressOutcomes } from './outcomes-disclosure.js';
import type { OutcomeLine, OutcomesReport } from './reports.types.js';

const line = (code: string, actual: number | null, extra: Partial<OutcomeLine> = {}): OutcomeLine => ({
  indicatorCode: code,
  title: code,
  frameworkId: 'fw',
  framework: 'Victims',
  unit: 'count',
  aggregation: 'sum',
  direction: 'higher_is_better',
  isVictimCount: true,
  baseline: null,
  target: null,
  actual,
  periodsReported: actual === null ? 0 : 1,
  onTarget: null,
  ...extra,
});

/** Three awards in two streams: A (stream 1), B and C (stream 2), all serving objective O. */
function report(sup: [number, number, number], rate = 80): OutcomesReport {
  const [a, b, c] = sup;
  const award = (id: string, stream: string, value: number) => ({
    awardId: id,
    reference: id,
    recipient: id,
    fundingStreamId: stream,
    framework: 'Victims',
    indicators: [line('SUP', value, { target: 3, onTarget: value >= 3 }), line('COPE', rate, { unit: 'percentage', aggregation: 'mean', isVictimCount: false })],
  });
  return {
    financialYear: '2026/27',
    fundingStreamId: null,
    smallNumberThreshold: 5,
    figures: 'actual',
    awards: [award('A', 's1', a), award('B', 's2', b), award('C', 's2', c)],
    streams: [
      { fundingStreamId: 's1', name: 'One', indicators: [line('SUP', a)] },
      { fundingStreamId: 's2', name: 'Two', indicators: [line('SUP', b + c)] },
    ],
    objectives: [{ objectiveId: 'O', code: '2', title: 'Protect', planName: 'Plan', indicators: [line('SUP', a + b + c)] }],
    year: { indicators: [line('SUP', a + b + c)] },
  };
}

const context = (periods: Record<string, number[]> = {}) => ({
  objectiveIdsOf: new Map([
    ['A', ['O']],
    ['B', ['O']],
    ['C', ['O']],
  ]),
  periodValues: new Map(Object.entries(periods)),
});

const sup = (r: OutcomesReport) => ({
  awards: r.awards.map((a) => a.indicators.find((l) => l.indicatorCode === 'SUP')!.actual),
  streams: r.streams.map((s) => s.indicators[0]!.actual),
  objective: r.objectives[0]!.indicators[0]!.actual,
  year: r.year.indicators[0]!.actual,
});

describe('suppressing the outcomes report', () => {
  it('shows small victim counts as <5, and hides the next smallest award of the stream whose total would give it away', () => {
    // Stream 2 = B + C = 3 + 40: with only B hidden it is 43 - 40. C goes too, and then the year
    // (A + B + C) and the objective hold two hidden awards each.
    const shown = suppressOutcomes(report([20, 3, 40]), context(), 5);
    expect(sup(shown)).toEqual({ awards: [20, '<5', '[c]'], streams: [20, 43], objective: 63, year: 63 });
    expect(shown.figures).toBe('suppressed');
  });

  it('protects a stream total that is small itself, with the next smallest stream of the year', () => {
    const shown = suppressOutcomes(report([3, 30, 40]), context(), 5);
    // A = 3 is stream 1's only award, so stream 1 is 3 (<5); the year = s1 + s2 would give it
    // away, so stream 2 is hidden, and then B (the smaller of its awards) to protect it.
    expect(sup(shown)).toEqual({ awards: ['<5', '[c]', 40], streams: ['<5', '[c]'], objective: 73, year: 73 });
  });

  it('hides an award whose single small period is shown in its own return, since the award is their sum', () => {
    const shown = suppressOutcomes(report([13, 30, 40]), context({ 'A:SUP': [3, 10] }), 5);
    expect(sup(shown).awards[0]).toBe('[c]');
    // ... and then protects A in the year and objective totals with the next smallest award.
    expect(sup(shown).awards[1]).toBe('[c]');
  });

  it('leaves zeros, large counts, rates and targets alone, and clears onTarget where the actual is hidden', () => {
    const shown = suppressOutcomes(report([0, 30, 40]), context(), 5);
    expect(sup(shown)).toEqual({ awards: [0, 30, 40], streams: [0, 70], objective: 70, year: 70 });
    const hidden = suppressOutcomes(report([20, 3, 40]), context(), 5).awards[1]!.indicators;
    expect(hidden.find((l) => l.indicatorCode === 'SUP')).toMatchObject({ actual: '<5', target: 3, onTarget: null });
    expect(hidden.find((l) => l.indicatorCode === 'COPE')).toMatchObject({ actual: 80 });
  });

  it('does not change the report it is given', () => {
    const actual = report([20, 3, 40]);
    suppressOutcomes(actual, context(), 5);
    expect(sup(actual)).toEqual({ awards: [20, 3, 40], streams: [20, 43], objective: 63, year: 63 });
    expect(actual.figures).toBe('actual');
  });
});
