import type { FundingStreamPurpose } from './funding-stream.entity.js';

export interface CreateFundingSourceInput {
  funderOrganisationId: string;
  name: string;
  financialYear: string;
  amountPence: number;
  restricted: boolean;
  reportingRequirements?: string | null;
}

export interface SourceAssignmentInput {
  fundingSourceId: string;
  amountPence: number;
}

export interface CreateFundingStreamInput {
  name: string;
  financialYear: string;
  purpose: FundingStreamPurpose;
  commissionerOrganisationId?: string | null;
  /** Receives the escalations of the stream's awards: an active commissioner. */
  leadOfficerUserId?: string | null;
  sources: SourceAssignmentInput[];
}

export interface UpdateFundingStreamInput {
  name?: string;
  purpose?: FundingStreamPurpose;
  commissionerOrganisationId?: string | null;
  /** Receives the escalations of the stream's awards: an active commissioner; null names none. */
  leadOfficerUserId?: string | null;
  /** Replaces the assignments; the new budget must still cover what is committed. */
  sources?: SourceAssignmentInput[];
  version?: number;
}

export interface FundingSourceQuery {
  financialYear?: string;
  funderOrganisationId?: string;
  page: number;
  pageSize: number;
}

export interface FundingStreamQuery {
  financialYear?: string;
  purpose?: FundingStreamPurpose;
  page: number;
  pageSize: number;
}

/** A funding source with how much of it is assigned to streams. */
export interface FundingSourceView {
  id: string;
  funderOrganisationId: string;
  name: string;
  financialYear: string;
  amountPence: number;
  assignedPence: number;
  unassignedPence: number;
  restricted: boolean;
  reportingRequirements: string | null;
  createdAt: Date;
}

/** A stream as a choice in a form or filter: no totals (those sum every award and payment). */
export interface FundingStreamChoice {
  id: string;
  name: string;
  financialYear: string;
}

/** A funding stream with its live totals (docs/api.md). */
export interface FundingStreamView {
  id: string;
  name: string;
  financialYear: string;
  purpose: FundingStreamPurpose;
  commissionerOrganisationId: string | null;
  leadOfficerUserId: string | null;
  version: number;
  sources: SourceAssignmentInput[];
  budgetPence: number;
  committedPence: number;
  draftPence: number;
  paidPence: number;
  remainingPence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A funder's permission to carry an underspend of a source into the next financial year. */
export interface CarryForwardPermissionInput {
  allowed: boolean;
  /** The funder's letter or reference, kept in the audit trail. */
  note?: string | null;
}

export interface CarryForwardPermissionView {
  fundingSourceId: string;
  name: string;
  financialYear: string;
  carryForwardAllowed: boolean;
}

/** A funding source as one stream uses it: what is assigned to the stream, and whether it may be carried forward. */
export interface StreamSourceView {
  id: string;
  name: string;
  funderOrganisationId: string;
  restricted: boolean;
  carryForwardAllowed: boolean;
  assignedPence: number;
}

/** The next-year funding source a year-end close makes from an underspend, and where it goes. */
export interface CarryForwardInput {
  source: { funderOrganisationId: string; name: string; financialYear: string; amountPence: number; restricted: boolean; reportingRequirements: string };
  targetFundingStreamId: string;
  /** Recorded in both audit rows: the stream the money comes from and the close that decided it. */
  from: { fundingStreamId: string; yearEndCloseId: string };
}

/** A stream's budget and commitments as read under its row lock (`FundingService.lockStreamForCommitment`). */
export interface StreamBudget {
  fundingStreamId: string;
  budgetPence: number;
  committedPence: number;
  financialYear: string;
}
