import type { BeneficiaryLocation, BeneficiaryLocationInput } from '../geography/geo-codes.js';
import type { AwardStatus } from '../award-ledger/award.rules.js';
import type { AwardSort } from './award-list.js';

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
  /** The areas the grant serves (360Giving beneficiaryLocation); each type is taken from its GSS code when absent. */
  beneficiaryLocations?: BeneficiaryLocationInput[];
}

export interface ApproveAwardInput {
  decisionReference?: string | null;
  /** When the decision was taken; today (Europe/London) when absent; never in the future. */
  decisionDate?: string | null;
}

export interface ActivateAwardInput {
  /** The date the grant agreement was signed; today when absent. */
  agreementSignedOn?: string | null;
}

/** For suspend, resume, close and cancel. */
export interface AwardStatusChangeInput {
  reason?: string | null;
}

export interface VaryAwardInput {
  amountPence: number;
  reason: string;
}

export interface UpdateAwardInput {
  title?: string;
  grantType?: string;
  description?: string | null;
  startDate?: string;
  endDate?: string;
  /** Only while the award is a draft; after approval the amount changes by variation. */
  amountPence?: number;
  objectiveIds?: string[];
  coFunders?: { organisationId: string; amountPence: number }[];
  /** Replaces the list; `[]` clears it. */
  beneficiaryLocations?: BeneficiaryLocationInput[];
  /** Receives this award's escalations instead of the stream's lead officer; null names none. */
  leadOfficerUserId?: string | null;
  /** The version the caller read; a different current version is 409 STALE_VERSION. */
  version?: number;
}

export interface AwardVariationView {
  id: string;
  awardId: string;
  previousAmountPence: number;
  newAmountPence: number;
  reason: string;
  createdByUserId: string | null;
  createdAt: Date;
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
  /** Only awards with a return overdue or sent back (the web's "returns behind" filter). */
  returnsBehind?: boolean;
  /** Oldest first when absent. */
  sort?: AwardSort;
  direction?: 'ascending' | 'descending';
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
  decisionDate: string | null;
  activatedAt: Date | null;
  agreementSignedOn: string | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  statusReason: string | null;
  createdByUserId: string | null;
  leadOfficerUserId: string | null;
  version: number;
  objectiveIds: string[];
  coFunders: { organisationId: string; amountPence: number }[];
  lines: { id: string; label: string; amountPence: number | null; note: string | null }[];
  beneficiaryLocations: BeneficiaryLocation[];
  createdAt: Date;
  updatedAt: Date;
}

/** One row of the plan's grants table. */
export interface GrantsTableRow {
  awardId: string;
  reference: string;
  organisation: string;
  grantType: string;
  /** What the grant is for: the award's title and description. */
  purpose: string;
  amountPence: number;
  note: string | null;
}
