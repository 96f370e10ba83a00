import { describe, expect, it } from '@jest/globals';
import { awardTarget, combine } from './outcomes-report.rules.js';

const count = { aggregation: 'sum' as const, unit: 'count' as const };
const rate = { aggregation: 'mean' as const, unit: 'percentage' as const };

describe('outcomes report rules', () => {
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
