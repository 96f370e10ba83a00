import { describe, expect, it } from '@jest/globals';
import {
  CONDITION_ACTIONS,
  ConditionCategory,
  ConditionStatus,
  addCalendarDays,
  awardTakesConditions,
  breachSuspendsAward,
  holdsPaymentsNow,
  isUsableNote,
  nextConditionStatus,
  templateDueDate,
  type ConditionAction,
} from './condition.rules.js';

describe('condition lifecycle', () => {
  // Every (status, action) pair: open -> met | waived | breached, nothing else.
  it.each<[ConditionStatus, ConditionAction, ConditionStatus | null]>([
    [ConditionStatus.Open, 'met', ConditionStatus.Met],
    [ConditionStatus.Open, 'waive', ConditionStatus.Waived],
    [ConditionStatus.Open, 'breach', ConditionStatus.Breached],
    [ConditionStatus.Met, 'met', null],
    [ConditionStatus.Met, 'waive', null],
    [ConditionStatus.Met, 'breach', null],
    [ConditionStatus.Waived, 'met', null],
    [ConditionStatus.Waived, 'waive', null],
    [ConditionStatus.Waived, 'breach', null],
    [ConditionStatus.Breached, 'met', null],
    [ConditionStatus.Breached, 'waive', null],
    [ConditionStatus.Breached, 'breach', null],
  ])('%s --%s--> %s', (from, action, to) => expect(nextConditionStatus(from, action)).toBe(to));

  it('covers every status and action in the table above', () => {
    expect(Object.values(ConditionStatus)).toEqual(['open', 'met', 'waived', 'breached']);
    expect(CONDITION_ACTIONS).toEqual(['met', 'waive', 'breach']);
  });

  it('requires a note that says something', () => {
    expect(isUsableNote('Signed agreement on file')).toBe(true);
    expect(isUsableNote('')).toBe(false);
    expect(isUsableNote('   \n\t')).toBe(false);
    expect(isUsableNote(null)).toBe(false);
    expect(isUsableNote(undefined)).toBe(false);
    expect(isUsableNote(42)).toBe(false);
  });

  it('holds payments while open or breached and marked as holding; met and waived release them', () => {
    expect(holdsPaymentsNow({ status: ConditionStatus.Open, holdsPayments: true })).toBe(true);
    expect(holdsPaymentsNow({ status: ConditionStatus.Breached, holdsPayments: true })).toBe(true);
    expect(holdsPaymentsNow({ status: ConditionStatus.Open, holdsPayments: false })).toBe(false);
    expect(holdsPaymentsNow({ status: ConditionStatus.Breached, holdsPayments: false })).toBe(false);
    for (const status of [ConditionStatus.Met, ConditionStatus.Waived]) {
      expect(holdsPaymentsNow({ status, holdsPayments: true })).toBe(false);
    }
  });

  it('suspends the award only for a breach of a holding condition on an active award', () => {
    expect(breachSuspendsAward('breach', { holdsPayments: true }, 'active')).toBe(true);
    expect(breachSuspendsAward('breach', { holdsPayments: false }, 'active')).toBe(false);
    for (const status of ['draft', 'approved', 'suspended', 'closed']) expect(breachSuspendsAward('breach', { holdsPayments: true }, status)).toBe(false);
    for (const action of ['met', 'waive'] as const) expect(breachSuspendsAward(action, { holdsPayments: true }, 'active')).toBe(false);
  });

  it('takes new conditions on every award except closed and cancelled ones', () => {
    expect(['draft', 'approved', 'active', 'suspended'].every(awardTakesConditions)).toBe(true);
    expect(awardTakesConditions('closed')).toBe(false);
    expect(awardTakesConditions('cancelled')).toBe(false);
  });

  it('publishes the categories the migration allows', () => {
    expect(Object.values(ConditionCategory)).toEqual([
      'grant_agreement', 'monitoring', 'financial', 'safeguarding', 'data_protection', 'insurance', 'equality', 'governance', 'publicity', 'other',
    ]);
  });
});

describe('template due dates', () => {
  it.each([
    ['2026-04-01', 0, '2026-04-01'],
    ['2026-04-01', 30, '2026-05-01'],
    ['2026-03-25', 7, '2026-04-01'], // across the clocks going forward (29 March 2026)
    ['2026-10-20', 14, '2026-11-03'], // across the clocks going back
    ['2027-03-31', 1, '2027-04-01'], // across a financial year end
    ['2028-02-28', 1, '2028-02-29'], // leap day
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-04-01', 365, '2027-04-01'],
  ])('%s + %i calendar days = %s', (start, days, due) => expect(addCalendarDays(start, days)).toBe(due));

  it('gives no due date when the template sets none', () => {
    expect(templateDueDate('2026-04-01', null)).toBeNull();
    expect(templateDueDate('2026-04-01', undefined)).toBeNull();
    expect(templateDueDate('2026-04-01', 10)).toBe('2026-04-11');
  });

  it('refuses dates and day counts that are not what they claim', () => {
    expect(() => addCalendarDays('1 April 2026', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addCalendarDays('2026-04-01', 1.5)).toThrow(/whole number/);
  });
});
