import type { DiscrepancyCode, DiscrepancyCounts, DiscrepancyFinding, DiscrepancySeverity, MoneyTotals, RunStatus, RunTrigger } from './reconciliation.rules.js';

export interface RequestRunInput {
  financialYear: string;
  /** One stream of that year; the whole year when absent. */
  fundingStreamId?: string | null;
}

/** POST answer (202): the run to poll, created now or already queued or running for the scope. */
export interface RunRequested {
  id: string;
  status: RunStatus;
}

export interface StreamTotals extends MoneyTotals {
  fundingStreamId: string;
  name: string;
  /** The recorded budget (kept by a trigger) and the sum of the assignments it must equal. */
  budgetPence: number;
  assignedPence: number;
}

export interface SourceTotals {
  fundingSourceId: string;
  name: string;
  financialYear: string;
  amountPence: number;
  /** Assigned to every stream, in and out of the run's scope. */
  assignedPence: number;
  /** Assigned to the streams in the run's scope. */
  assignedInScopePence: number;
  /**
   * A source created by a year-end close from an earlier year's underspend: money already
   * received (and counted) in that year, so not received again in this one.
   */
  carriedForward: boolean;
}

/**
 * What a run found, in pence. `received` is the amount of the funding sources in scope (those of
 * the year, or assigned to the stream) that are new money; `carriedForwardIn` the sources carried
 * in from an earlier year's close (received then, so counted once, there); `assigned` and
 * `budget` what the streams in scope were
 * given and record; committed, paid, recovered, net paid and reported spend (each award's latest
 * accepted return) are summed over the scope's awards.
 */
export interface ReconciliationTotals {
  overall: MoneyTotals & { receivedPence: number; carriedForwardInPence: number; assignedPence: number; budgetPence: number; streams: number; sources: number };
  streams: StreamTotals[];
  sources: SourceTotals[];
}

/** A finding as a run recorded it, and whether the previous run of the scope lacked it. */
export interface DiscrepancyView extends DiscrepancyFinding {
  id: string;
  isNew: boolean;
}

/** A discrepancy of the previous run that this run no longer finds (as the previous run saw it). */
export type ResolvedDiscrepancyView = Omit<DiscrepancyView, 'isNew'> & { runId: string };

export interface RunView {
  id: string;
  financialYear: string;
  fundingStreamId: string | null;
  scopeKey: string;
  status: RunStatus;
  trigger: RunTrigger;
  requestedByUserId: string | null;
  attempts: number;
  processedAwards: number;
  totalAwards: number | null;
  asOf: string | null;
  createdAt: Date;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  totals: ReconciliationTotals | null;
  counts: DiscrepancyCounts | null;
  previousRunId: string | null;
}

export interface RunDetailView extends RunView {
  discrepancies: DiscrepancyView[];
  /** How many discrepancies match the filter (the list is one page of them). */
  discrepancyTotal: number;
  resolved: ResolvedDiscrepancyView[];
  resolvedTotal: number;
}

export interface RunListQuery {
  financialYear?: string;
  fundingStreamId?: string;
  status?: RunStatus;
  page: number;
  pageSize: number;
}

export interface DiscrepancyQuery {
  code?: DiscrepancyCode;
  severity?: DiscrepancySeverity;
  /** Only what this run found that the previous run of the scope did not. */
  onlyNew?: boolean;
  page: number;
  pageSize: number;
}

export interface ExecuteOptions {
  /** Awards per page (and per progress update); tests and benchmarks set it. */
  batchSize?: number;
  /** Judge "ended" and "overdue" against this date instead of today in London. */
  asOf?: string;
}

export interface RecoveryResult {
  requeued: string[];
  failed: string[];
  nudged: string[];
}
