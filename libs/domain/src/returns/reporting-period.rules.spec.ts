import { describe, expect, it } from '@jest/globals';
import { extraPeriodKey, planPeriods } from './reporting-period.rules.js';

describe('planPeriods', () => {
  it('makes the four quarters of a financial-year award', () => {
    expect(planPeriods('quarterly', '2026-04-01', '2027-03-31')).toEqual([
      { key: '2026/27-Q1', periodStart: '2026-04-01', periodEnd: '2026-06-30' },
      { key: '2026/27-Q2', periodStart: '2026-07-01', periodEnd: '2026-09-30' },
      { key: '2026/27-Q3', periodStart: '2026-10-01', periodEnd: '2026-12-31' },
      { key: '2026/27-Q4', periodStart: '2027-01-01', periodEnd: '2027-03-31' },
    ]);
  });

  it('cuts partial first and last periods to the award dates, across financial years', () => {
    expect(planPeriods('quarterly', '2026-05-15', '2027-04-10')).toEqual([
      { key: '2026/27-Q1', periodStart: '2026-05-15', periodEnd: '2026-06-30' },
      { key: '2026/27-Q2', periodStart: '2026-07-01', periodEnd: '2026-09-30' },
      { key: '2026/27-Q3', periodStart: '2026-10-01', periodEnd: '2026-12-31' },
      { key: '2026/27-Q4', periodStart: '2027-01-01', periodEnd: '2027-03-31' },
      { key: '2027/28-Q1', periodStart: '2027-04-01', periodEnd: '2027-04-10' },
    ]);
  });

  it('makes halves and years on the UK financial year', () => {
    expect(planPeriods('half_yearly', '2024-01-10', '2024-12-31').map((p) => [p.key, p.periodStart, p.periodEnd])).toEqual([
      ['2023/24-H2', '2024-01-10', '2024-03-31'],
      ['2024/25-H1', '2024-04-01', '2024-09-30'],
      ['2024/25-H2', '2024-10-01', '2024-12-31'],
    ]);
    expect(planPeriods('annual', '2025-06-01', '2027-05-31').map((p) => p.key)).toEqual(['2025/26', '2026/27', '2027/28']);
  });

  it('handles a leap-year February end and a one-day award', () => {
    expect(planPeriods('quarterly', '2024-02-29', '2024-02-29')).toEqual([{ key: '2023/24-Q4', periodStart: '2024-02-29', periodEnd: '2024-02-29' }]);
  });

  it('numbers extra periods within their financial year', () => {
    expect(extraPeriodKey('2026-05-01', ['2026/27-Q1'])).toBe('2026/27-X1');
    expect(extraPeriodKey('2026-05-01', ['2026/27-X1', '2026/27-X2', '2025/26-X7'])).toBe('2026/27-X3');
  });
});
