import type { PaymentKind, PaymentStatus } from './payment.rules.js';

export interface CreatePaymentInput {
  /** Positive pence for both kinds; a recovery is stored as a negative line. */
  amountPence: number;
  plannedDate: string;
  kind: PaymentKind;
  note?: string | null;
}

export interface MarkPaidInput {
  paidDate: string;
  reference: string;
}

export interface PaymentView {
  id: string;
  awardId: string;
  kind: PaymentKind;
  amountPence: number;
  plannedDate: string;
  status: PaymentStatus;
  note: string | null;
  createdByUserId: string | null;
  requiresSecondApprover: boolean;
  approvedByUserId: string | null;
  approvedAt: Date | null;
  paidDate: string | null;
  paidReference: string | null;
  version: number;
  createdAt: Date;
}

export interface AwardPaymentsView {
  awardId: string;
  awardPence: number;
  scheduledPence: number;
  approvedPence: number;
  paidPence: number;
  recoveredPence: number;
  /** Approved + paid - recovered: what the award's limit is measured against. */
  outstandingPence: number;
  items: PaymentView[];
}
