import { DomainError, type PgErrorRoute, type PgRefusal } from '#platform/index.js';

export enum PaymentErrorCode {
  PaymentHeld = 'PAYMENT_HELD',
  PaymentExceedsAward = 'PAYMENT_EXCEEDS_AWARD',
  AwardNotPayable = 'AWARD_NOT_PAYABLE',
  SecondApproverRequired = 'SECOND_APPROVER_REQUIRED',
  InvalidTransition = 'INVALID_TRANSITION',
}

/** A condition that holds the award's payments: open, or breached (docs/design.md#invariant-5). */
export interface HoldingConditionRef {
  id: string;
  title: string;
  dueDate: string | null;
  status: 'open' | 'breached';
}

/** 409 PAYMENT_HELD naming each open or breached condition that holds payments, with its status (docs/api.md#errors). */
export class PaymentHeldError extends DomainError {
  constructor(awardId: string, conditions: HoldingConditionRef[]) {
    super(PaymentErrorCode.PaymentHeld, `award ${awardId} has conditions holding payments: ${conditions.map((c) => `${c.title} (${c.status})`).join('; ')}`, {
      conditions,
    });
  }
}

/** 409 AWARD_NOT_PAYABLE with the award's status. */
export class AwardNotPayableError extends DomainError {
  constructor(awardId: string, status: string, why: string) {
    super(PaymentErrorCode.AwardNotPayable, `award ${awardId} is ${status}: ${why}`, { status });
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

/** The JSON DETAIL the payment trigger gives with RF005 and RF007 (migrations/1764003000000-...). */
function detailOf(r: PgRefusal): { awardId?: string; conditions?: HoldingConditionRef[]; status?: string } {
  try {
    return r.detail ? (JSON.parse(r.detail) as ReturnType<typeof detailOf>) : {};
  } catch {
    return {};
  }
}

/**
 * What the payment triggers raise and the error each becomes: RF004 approved plus paid, less
 * recoveries, above the award (docs/design.md#invariant-4); RF005 a condition holds payments and RF007
 * the award's status does not allow the step (docs/design.md#invariant-5).
 */
export const PAYMENT_PG_ERRORS: readonly PgErrorRoute[] = [
  { sqlstate: 'RF004', toError: (r) => new DomainError(PaymentErrorCode.PaymentExceedsAward, r.message) },
  {
    sqlstate: 'RF005',
    toError: (r) => {
      const d = detailOf(r);
      return d.awardId && d.conditions ? new PaymentHeldError(d.awardId, d.conditions) : new DomainError(PaymentErrorCode.PaymentHeld, r.message);
    },
  },
  {
    sqlstate: 'RF007',
    toError: (r) => {
      const { status } = detailOf(r);
      return new DomainError(PaymentErrorCode.AwardNotPayable, r.message, status ? { status } : {});
    },
  },
];
