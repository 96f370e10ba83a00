import type { ReconciliationRun } from './reconciliation-run.entity.js';
import type { DiscrepancyCode } from './reconciliation.rules.js';
import type { DiscrepancyView, RunView } from './reconciliation.types.js';

/** A reconciliation_discrepancy row as SQL returns it (bigint pence as strings). */
export interface DiscrepancyRow {
  id: string;
  run_id: string;
  code: DiscrepancyCode;
  severity: DiscrepancyView['severity'];
  funding_stream_id: string | null;
  award_id: string | null;
  funding_source_id: string | null;
  reporting_period_id: string | null;
  expected_pence: string | null;
  actual_pence: string | null;
  message: string;
  fingerprint: string;
  is_new: boolean;
}

/** Errors first, then warnings, then information. */
export const SEVERITY_ORDER = `CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;
export const DISCREPANCY_COLUMNS = `id, run_id, code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint, is_new`;

export function toRunView(r: ReconciliationRun): RunView {
  return {
    id: r.id,
    financialYear: r.financialYear,
    fundingStreamId: r.fundingStreamId,
    scopeKey: r.scopeKey,
    status: r.status,
    trigger: r.trigger,
    requestedByUserId: r.requestedByUserId,
    attempts: r.attempts,
    processedAwards: r.processedAwards,
    totalAwards: r.totalAwards,
    asOf: r.asOf,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    heartbeatAt: r.heartbeatAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    error: r.error,
    totals: r.totals,
    counts: r.counts,
    previousRunId: r.previousRunId,
  };
}

export function toDiscrepancyView(d: DiscrepancyRow): DiscrepancyView {
  return {
    id: d.id,
    code: d.code,
    severity: d.severity,
    fundingStreamId: d.funding_stream_id,
    awardId: d.award_id,
    fundingSourceId: d.funding_source_id,
    reportingPeriodId: d.reporting_period_id,
    expectedPence: d.expected_pence === null ? null : Number(d.expected_pence),
    actualPence: d.actual_pence === null ? null : Number(d.actual_pence),
    message: d.message,
    fingerprint: d.fingerprint,
    isNew: d.is_new,
  };
}
