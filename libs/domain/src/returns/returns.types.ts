import type { Disclosure } from '../outcomes/disclosure.js';
import type { PeriodStatus, ReturnStatus } from './monitoring-return.rules.js';
import type { ReportingFrequency } from './reporting-period.rules.js';

export interface SetScheduleInput {
  frequency: ReportingFrequency;
  dueWorkingDays: number;
  outcomeFrameworkId?: string | null;
}

export interface ExtraPeriodInput {
  periodStart: string;
  periodEnd: string;
  dueDate?: string | null;
  dueWorkingDays?: number | null;
}

export interface ReportingPeriodView {
  id: string;
  awardId: string;
  key: string;
  kind: 'scheduled' | 'extra';
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: PeriodStatus;
}

export interface ScheduleView {
  awardId: string;
  frequency: ReportingFrequency;
  dueWorkingDays: number;
  periods: ReportingPeriodView[];
  /** Periods kept because they already have a return, though the new schedule would not make them. */
  keptPeriods: string[];
}

/** Why a schedule change keeps a period: a return (submitted or later), a draft return, attachments, or an extra period. */
export type KeptBecause = 'return' | 'draft' | 'files' | 'extra';

/** One period of a schedule's preview: made by the schedule, or kept as it is (and why). */
export interface SchedulePreviewPeriod {
  key: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  kept: boolean;
  keptBecause: KeptBecause | null;
}

export interface SaveDraftInput {
  values: { indicatorCode: string; value: number | string }[];
  spendPence?: number | null;
  narrative?: string | null;
  /** A commissioner entering a return for a partner must say so; it is recorded. */
  onBehalf?: boolean;
}

export interface SubmitInput {
  certified: true;
  onBehalf?: boolean;
}

export interface ReturnVersionView {
  versionNumber: number;
  values: { indicatorCode: string; value: number | string }[];
  spendPence: number;
  narrative: string;
  certifiedByUserId: string;
  certifiedAt: Date;
  submittedOnBehalf: boolean;
  late: boolean;
  workingDaysLate: number;
}

export interface ReturnReviewView {
  versionNumber: number;
  decision: 'accepted' | 'revision_requested' | 'reopened';
  comment: string | null;
  reviewedByUserId: string | null;
  reviewedAt: Date;
}

export interface MonitoringReturnView {
  periodId: string;
  awardId: string;
  key: string;
  dueDate: string;
  periodStatus: PeriodStatus;
  status: ReturnStatus | null;
  /** `actual` for the partner that reported and commissioning staff; `suppressed` (small victim counts as `<5`) for viewers. */
  figures: Disclosure;
  draft: { values: { indicatorCode: string; value: number | string }[]; spendPence: number | null; narrative: string | null; updatedAt: Date | null } | null;
  latestVersion: number;
  acceptedVersion: number | null;
  versions: ReturnVersionView[];
  reviews: ReturnReviewView[];
}

export interface ReturnsStatusReport {
  financialYear: string;
  asOf: string;
  totalPeriods: number;
  counts: Record<string, number>;
  overdue: { awardId: string; awardReference: string; organisation: string; periodId: string; key: string; dueDate: string; workingDaysOverdue: number }[];
}

/** One indicator value of an accepted return version. */
export interface AcceptedValue {
  awardId: string;
  periodKey: string;
  periodEnd: string;
  indicatorCode: string;
  value: number | null;
  valueText: string | null;
}

/** One round of returns (a financial year's period across awards), for staff. */
export interface ReturnsRound {
  financialYear: string | null;
  /** `Q1`..`Q4`, `H1`, `H2`, `X<n>` or `annual`. */
  period: string | null;
  years: string[];
  periods: string[];
  rows: { periodId: string; awardId: string; awardReference: string; awardTitle: string; organisation: string; key: string; dueDate: string; latestVersion: number; status: PeriodStatus }[];
}
