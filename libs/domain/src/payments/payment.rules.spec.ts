import { describe, expect, it } from '@jest/globals';
import { nextPaymentStatus, recoverablePence, requiresSecondApprover, schedulablePence, signedAmount, type PaymentAction, type PaymentStatus } from './payment.rules.js';

describe('payment rules', () => {
  it.each<[PaymentStatus, PaymentAction, PaymentStatus | null]>([
    ['scheduled', 'approve', 'approved'],
    ['approved', 'approve', null],
    ['approved', 'mark-paid', 'paid'],
    ['scheduled', 'mark-paid', null],
    ['paid', 'cancel', null],
    ['scheduled', 'cancel', 'cancelled'],
    ['approved', 'cancel', 'cancelled'],
    ['cancelled', 'approve', null],
  ])('%s --%s--> %s', (from, action, to) => expect(nextPaymentStatus(from, action)).toBe(to));

  it('stores recoveries as negative lines', () => {
    expect(signedAmount('payment', 500)).toBe(500);
    expect(signedAmount('recovery', 500)).toBe(-500);
  });

  it('needs a second approver only strictly above the threshold', () => {
    expect(requiresSecondApprover(1_000_000, 1_000_000)).toBe(false);
    expect(requiresSecondApprover(1_000_001, 1_000_000)).toBe(true);
    expect(requiresSecondApprover(-1_000_001, 1_000_000)).toBe(true);
  });

  it('computes what may still be scheduled and recovered', () => {
    const m = { awardPence: 10_000, committedPaymentsPence: 6_000, scheduledPaymentsPence: 1_000, recoveredPence: 500, pendingRecoveriesPence: 200, paidPence: 4_000 };
    expect(schedulablePence(m)).toBe(3_500);
    expect(recoverablePence(m)).toBe(3_300);
  });
});
