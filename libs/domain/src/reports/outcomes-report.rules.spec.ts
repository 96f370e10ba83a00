import { describe, expect, it } from '@jest/globals';
import { awardTarget, combine, suppress } from './outcomes-report.rules.js';

const count = { isVictimCount: true, aggregation: 'sum' as const, unit: 'count' as const };
const rate = { isVictimCount: false, aggregation: 'mean' as const, unit: 'percentage' as const };

describe('outcomes report rules', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [null, null],
  ])('shows a victim count of %p as %p', (value, shown) => expect(suppress(value, count, 5)).toBe(shown));

  it('never suppresses rates or other non-victim figures, and honours the threshold', () => {
    expect(suppress(3, rate, 5)).toBe(3);
    expect(suppress(9, count, 10)).toBe('<10');
  });

  it('adds counts and averages rates when rolling awards up', () => {
    expect(combine(count, [3, 4, 10])).toBe(17);
    expect(combine(rate, [70, 80, 81])).toBe(77);
    expect(combine({ aggregation: 'latest', unit: 'count' }, [2, 5])).toBe(7);
    expect(combine(count, [])).toBeNull();
  });

  it('takes the whole-award target, else aggregates the period targets', () => {
    expect(awardTarget(count, [{ periodKey: null, target: 400, periodEnd: '' }, { periodKey: '2026/27-Q1', target: 90, periodEnd: '2026-06-30' }])).toBe(400);
    expect(awardTarget(count, [{ periodKey: '2026/27-Q1', target: 90, periodEnd: '2026-06-30' }, { periodKey: '2026/27-Q2', target: 110, periodEnd: '2026-09-30' }])).toBe(200);
    expect(awardTarget(rate, [{ periodKey: '2026/27-Q1', target: 70, periodEnd: '2026-06-30' }, { periodKey: '2026/27-Q2', target: 80, periodEnd: '2026-09-30' }])).toBe(75);
  });
});
