import { DomainError } from '#platform/index.js';

export enum PaymentErrorCode {
  PaymentHeld = 'PAYMENT_HELD',
  PaymentExceedsAward = 'PAYMENT_EXCEEDS_AWARD',
  AwardNotPayable = 'AWARD_NOT_PAYABLE',
  SecondApproverRequired = 'SECOND_APPROVER_REQUIRED',
  InvalidTransition = 'INVALID_TRANSITION',
}

/** 409 PAYMENT_HELD naming each open condition that holds payments (API.md). */
export class PaymentHeldError extends DomainError {
  constructor(awardId: string, conditions: { id: string; title: string; dueDate: string | null }[]) {
    super(PaymentErrorCode.PaymentHeld, `award ${awardId} has open conditions holding payments: ${conditions.map((c) => c.title).join('; ')}`, {
      conditions,
    });
  }
}

export class PaymentExceedsAwardError extends DomainError {
  constructor(awardId: string, requestedPence: number, availablePence: number, what: 'payment' | 'recovery') {
    super(
      PaymentErrorCode.PaymentExceedsAward,
      what === 'payment'
        ? `award ${awardId} has ${availablePence} pence left to pay; ${requestedPence} requested`
        : `award ${awardId} has ${availablePence} pence paid that is not yet recovered; ${requestedPence} requested`,
      { remainingPence: availablePence, requestedPence },
    );
  }
}
