import type { AwardStatus } from './award.rules.js';

export interface CreateAwardInput {
  fundingStreamId: string;
  recipientOrganisationId: string;
  title: string;
  grantType: string;
  description?: string | null;
  amountPence: number;
  startDate: string;
  endDate: string;
  objectiveIds?: string[];
  coFunders?: { organisationId: string; amountPence: number }[];
  reference?: string;
}

export interface ApproveAwardInput {
  decisionReference?: string | null;
}

export interface AwardLineInput {
  label: string;
  amountPence?: number | null;
  note?: string | null;
}

export interface AwardQuery {
  financialYear?: string;
  fundingStreamId?: string;
  recipientOrganisationId?: string;
  status?: AwardStatus;
  page: number;
  pageSize: number;
}

export interface AwardView {
  id: string;
  reference: string;
  fundingStreamId: string;
  financialYear: string;
  recipientOrganisationId: string;
  recipientName: string;
  title: string;
  grantType: string;
  description: string | null;
  amountPence: number;
  startDate: string;
  endDate: string;
  status: AwardStatus;
  decisionReference: string | null;
  approvedByUserId: string | null;
  approvedAt: Date | null;
  version: number;
  objectiveIds: string[];
  coFunders: { organisationId: string; amountPence: number }[];
  lines: { id: string; label: string; amountPence: number | null; note: string | null }[];
  createdAt: Date;
  updatedAt: Date;
}

/** One row of the plan's grants table. */
export interface GrantsTableRow {
  awardId: string;
  reference: string;
  organisation: string;
  grantType: string;
  amountPence: number;
  note: string | null;
}
