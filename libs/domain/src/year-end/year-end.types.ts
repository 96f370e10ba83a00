import type { DecisionRequest, YearEndDecisionKind } from './year-end.rules.js';

export interface CloseYearInput {
  decisions: DecisionRequest[];
}

/** A funding source's carry-forward permission belongs to the funding area, which records it. */
export type { CarryForwardPermissionInput, CarryForwardPermissionView } from '../funding/funding.types.js';

export interface YearEndDecisionView {
  id: string;
  awardId: string;
  decision: YearEndDecisionKind;
  amountPence: number;
  underspendPence: number;
  reason: string | null;
  recoveryPaymentId: string | null;
  targetFundingStreamId: string | null;
  createdAt: Date;
}

export interface YearEndCarryForwardView {
  id: string;
  yearEndDecisionId: string;
  fromAwardId: string;
  fromFundingStreamId: string;
  toFundingStreamId: string;
  fundingSourceId: string;
  amountPence: number;
}

export interface YearEndCloseView {
  id: string;
  fundingStreamId: string;
  financialYear: string;
  closedByUserId: string;
  closedAt: Date;
  decisions: YearEndDecisionView[];
  carryForwards: YearEndCarryForwardView[];
}

/** One committed award of the stream with its year-end figures (live: recoveries paid later lower them). */
export interface YearEndAwardView {
  awardId: string;
  reference: string;
  title: string;
  recipientOrganisationId: string;
  recipientName: string;
  status: string;
  awardPence: number;
  paidPence: number;
  recoveredPence: number;
  netPaidPence: number;
  /** The latest accepted return's spend; 0 when there is none (see hasAcceptedReturn). */
  reportedSpendPence: number;
  hasAcceptedReturn: boolean;
  underspendPence: number;
  unpaidCommitmentPence: number;
  /** Scheduled or approved, not paid: these are frozen when the year closes. */
  pendingPaymentsPence: number;
  pendingRecoveriesPence: number;
  /** The year is open and this award has an underspend: the close needs a decision for it. */
  decisionRequired: boolean;
  decisionRecorded: boolean;
  decisions: YearEndDecisionView[];
}

export interface YearEndPreview {
  fundingStreamId: string;
  fundingStreamName: string;
  financialYear: string;
  /** Today (Europe/London) is after 31 March of the year: it may be closed. */
  yearEnded: boolean;
  closed: boolean;
  close: Omit<YearEndCloseView, 'decisions'> | null;
  carryForward: {
    nextFinancialYear: string;
    /** Every funding source of the stream allows carrying an underspend forward. */
    allowed: boolean;
    sources: { fundingSourceId: string; name: string; funderOrganisationId: string; assignedPence: number; carryForwardAllowed: boolean }[];
  };
  totals: { awardPence: number; netPaidPence: number; reportedSpendPence: number; underspendPence: number; unpaidCommitmentPence: number };
  awards: YearEndAwardView[];
}

/** A stream's place in the year-end: open, ended and waiting for its close, or closed. */
export interface YearEndStreamStatus {
  fundingStreamId: string;
  name: string;
  financialYear: string;
  yearEnded: boolean;
  closedAt: Date | null;
}
