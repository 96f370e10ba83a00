import { describe, expect, it } from '@jest/globals';
import {
  ACTIVATED_STATUSES,
  AwardStatus,
  COMMITTED_STATUSES,
  ENDED_STATUSES,
  LIVE_STATUSES,
  PAYABLE_STATUSES,
  SCHEDULABLE_STATUSES,
  VARIABLE_STATUSES,
  entersCommitment,
  isCommitted,
  isIn,
  nextStatus,
  type AwardAction,
} from './award.rules.js';

describe('award lifecycle', () => {
  it.each<[AwardStatus, AwardAction, AwardStatus | null]>([
    [AwardStatus.Draft, 'approve', AwardStatus.Approved],
    [AwardStatus.Approved, 'approve', null],
    [AwardStatus.Approved, 'activate', AwardStatus.Active],
    [AwardStatus.Draft, 'activate', null],
    [AwardStatus.Active, 'suspend', AwardStatus.Suspended],
    [AwardStatus.Suspended, 'resume', AwardStatus.Active],
    [AwardStatus.Active, 'close', AwardStatus.Closed],
    [AwardStatus.Draft, 'cancel', AwardStatus.Cancelled],
    [AwardStatus.Approved, 'cancel', AwardStatus.Cancelled],
    [AwardStatus.Active, 'cancel', null],
    [AwardStatus.Closed, 'resume', null],
    [AwardStatus.Cancelled, 'approve', null],
  ])('%s --%s--> %s', (from, action, to) => expect(nextStatus(from, action)).toBe(to));

  it('counts approved, active, suspended and closed awards against the budget', () => {
    expect(Object.values(AwardStatus).filter(isCommitted)).toEqual([AwardStatus.Approved, AwardStatus.Active, AwardStatus.Suspended, AwardStatus.Closed]);
  });

  it('enters a committed status only by approval, so only approval needs the stream lock', () => {
    const actions: AwardAction[] = ['approve', 'activate', 'suspend', 'resume', 'close', 'cancel'];
    expect(actions.filter(entersCommitment)).toEqual(['approve']);
  });
});

describe('named award status sets', () => {
  it('gives each meaning its own set', () => {
    expect(COMMITTED_STATUSES).toEqual(['approved', 'active', 'suspended', 'closed']);
    expect(LIVE_STATUSES).toEqual(['approved', 'active', 'suspended']);
    expect(SCHEDULABLE_STATUSES).toEqual(['approved', 'active', 'suspended']);
    expect(VARIABLE_STATUSES).toEqual(['approved', 'active', 'suspended']);
    expect(PAYABLE_STATUSES).toEqual(['active']);
    expect(ACTIVATED_STATUSES).toEqual(['active', 'suspended', 'closed']);
    expect(ENDED_STATUSES).toEqual(['closed', 'cancelled']);
  });

  it('never pays a suspended or cancelled award, yet recovers from a suspended or closed one', () => {
    for (const status of ['suspended', 'cancelled', 'closed', 'approved', 'draft']) expect(isIn(PAYABLE_STATUSES, status)).toBe(false);
    expect(isIn(PAYABLE_STATUSES, 'active')).toBe(true);
    expect(isIn(ACTIVATED_STATUSES, 'suspended')).toBe(true);
    expect(isIn(ACTIVATED_STATUSES, 'closed')).toBe(true);
    expect(isIn(SCHEDULABLE_STATUSES, 'suspended')).toBe(true);
    expect(isIn(LIVE_STATUSES, 'nonsense')).toBe(false);
  });
});
