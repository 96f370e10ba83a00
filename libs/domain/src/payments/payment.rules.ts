/** Payment lifecycle (docs/design.md#payment): scheduled -> approved -> paid; scheduled or approved -> cancelled. Pure. */
export type PaymentKind = 'payment' | 'recovery';
export type PaymentStatus = 'scheduled' | 'approved' | 'paid' | 'cancelled';
export type PaymentAction = 'approve' | 'mark-paid' | 'cancel';

const TRANSITIONS: Record<PaymentAction, { from: readonly PaymentStatus[]; to: PaymentStatus }> = {
  approve: { from: ['scheduled'], to: 'approved' },
  'mark-paid': { from: ['approved'], to: 'paid' },
  cancel: { from: ['scheduled', 'approved'], to: 'cancelled' },
};

export function nextPaymentStatus(status: PaymentStatus, action: PaymentAction): PaymentStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** Recoveries are stored as negative lines; the API takes both as positive amounts. */
export function signedAmount(kind: PaymentKind, amountPence: number): number {
  return kind === 'recovery' ? -amountPence : amountPence;
}

/** Above the threshold the approver must not be the person who created the payment. */
export function requiresSecondApprover(amountPence: number, thresholdPence: number): boolean {
  return Math.abs(amountPence) > thresholdPence;
}

export interface AwardMoney {
  awardPence: number;
  /** Payments approved or paid. */
  committedPaymentsPence: number;
  /** Payments scheduled but not yet approved. */
  scheduledPaymentsPence: number;
  /** Recoveries received (positive number). */
  recoveredPence: number;
  /** Recoveries scheduled or approved, not yet received (positive number). */
  pendingRecoveriesPence: number;
  paidPence: number;
}

/** What can still be scheduled as payments: the award less everything planned or out, plus what came back. */
export function schedulablePence(m: AwardMoney): number {
  return m.awardPence - m.committedPaymentsPence - m.scheduledPaymentsPence + m.recoveredPence;
}

/** What can still be recovered: what was paid, less what is already recovered or being recovered. */
export function recoverablePence(m: AwardMoney): number {
  return m.paidPence - m.recoveredPence - m.pendingRecoveriesPence;
}
