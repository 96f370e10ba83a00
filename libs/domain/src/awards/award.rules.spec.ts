import { describe, expect, it } from '@jest/globals';
import { AwardStatus, isCommitted, nextStatus, remainingAfter, type AwardAction } from './award.rules.js';

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

  it('computes what remains after a commitment', () => {
    expect(remainingAfter(1000, 600, 400)).toBe(0);
    expect(remainingAfter(1000, 600, 401)).toBe(-1);
  });
});
