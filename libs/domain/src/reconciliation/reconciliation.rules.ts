import { formatPounds } from '#platform/index.js';
import { ACTIVATED_STATUSES, COMMITTED_STATUSES, isIn } from '../award-ledger/award.rules.js';

/**
 * Reconciliation (docs/design.md#money-invariants, docs/design.md#background-work): pure rules, no I/O. The service
 * gathers facts per funding source, stream and award with set-based SQL; these functions decide
 * which discrepancies the facts show. The database already refuses most of them (invariants 2-4)
 * but a reconciliation must still find them in data that bypassed the code (a restore, a console
 * session, a migration), so nothing here trusts the triggers.
 */

export enum DiscrepancyCode {
  /** A funding source is assigned to streams beyond its amount (docs/design.md#invariant-2). */
  OverAssignedSource = 'OVER_ASSIGNED_SOURCE',
  /** A stream's recorded budget is not the sum of its assignments (docs/design.md#invariant-2). */
  StreamBudgetMismatch = 'STREAM_BUDGET_MISMATCH',
  /** Committed awards of a stream sum above its budget (docs/design.md#invariant-3). */
  OverCommittedStream = 'OVER_COMMITTED_STREAM',
  /** Paid less recovered is above the award's amount (docs/design.md#invariant-4). */
  OverpaidAward = 'OVERPAID_AWARD',
  /** Approved or paid payments on an award that is not active, suspended or closed. */
  PaymentOnInactiveAward = 'PAYMENT_ON_INACTIVE_AWARD',
  /** The latest accepted return reports more spend than was paid net of recoveries. */
  SpendAbovePaid = 'SPEND_ABOVE_PAID',
  /** The award has ended and net paid or reported spend is below its amount beyond the tolerance. */
  UnderspendAtEnd = 'UNDERSPEND_AT_END',
  /** The award has ended; its last period has no submitted or accepted return, not yet due. */
  MissingFinalReturn = 'MISSING_FINAL_RETURN',
  /** The award has ended; its last period has no submitted or accepted return and is past due. */
  OverdueFinalReturn = 'OVERDUE_FINAL_RETURN',
}

export enum DiscrepancySeverity {
  /** Money is wrong: an invariant is broken. */
  Error = 'error',
  /** Finance should act (recover, chase, explain). */
  Warning = 'warning',
  /** Worth knowing; nothing is wrong yet. */
  Info = 'info',
}

export const DISCREPANCY_CODES: readonly DiscrepancyCode[] = Object.values(DiscrepancyCode);

export const SEVERITY_OF: Record<DiscrepancyCode, DiscrepancySeverity> = {
  [DiscrepancyCode.OverAssignedSource]: DiscrepancySeverity.Error,
  [DiscrepancyCode.StreamBudgetMismatch]: DiscrepancySeverity.Error,
  [DiscrepancyCode.OverCommittedStream]: DiscrepancySeverity.Error,
  [DiscrepancyCode.OverpaidAward]: DiscrepancySeverity.Error,
  [DiscrepancyCode.PaymentOnInactiveAward]: DiscrepancySeverity.Error,
  [DiscrepancyCode.SpendAbovePaid]: DiscrepancySeverity.Warning,
  [DiscrepancyCode.UnderspendAtEnd]: DiscrepancySeverity.Warning,
  [DiscrepancyCode.OverdueFinalReturn]: DiscrepancySeverity.Warning,
  [DiscrepancyCode.MissingFinalReturn]: DiscrepancySeverity.Info,
};

/** Return statuses that count as "the return is in" for the final period. */
export const RETURN_IN_STATUSES: readonly string[] = ['submitted', 'accepted'];

/** One finding of one run. `fingerprint` identifies it across runs (code + ids). */
export interface DiscrepancyFinding {
  code: DiscrepancyCode;
  severity: DiscrepancySeverity;
  fundingStreamId: string | null;
  awardId: string | null;
  fundingSourceId: string | null;
  reportingPeriodId: string | null;
  expectedPence: number | null;
  actualPence: number | null;
  message: string;
  fingerprint: string;
}

export interface SourceFacts {
  fundingSourceId: string;
  name: string;
  amountPence: number;
  /** Assigned to all streams, of any year and any scope: what invariant 2 bounds. */
  assignedPence: number;
}

export interface StreamFacts {
  fundingStreamId: string;
  name: string;
  /** The recorded budget (funding_stream.budget_pence, kept by a trigger). */
  budgetPence: number;
  /** The sum of the stream's assignments: what the budget must be. */
  assignedPence: number;
  /** Committed awards (approved, active, suspended, closed). */
  committedPence: number;
}

export interface FinalPeriodFacts {
  reportingPeriodId: string;
  key: string;
  dueDate: string;
  /** The monitoring return's status, or null when none was started. */
  returnStatus: string | null;
}

export interface AwardFacts {
  awardId: string;
  reference: string;
  fundingStreamId: string;
  status: string;
  amountPence: number;
  endDate: string;
  /** Payment lines with status paid (positive pence). */
  paidPence: number;
  /** Recovery lines with status paid (positive pence). */
  recoveredPence: number;
  /** Payment lines approved or paid, and how many. */
  approvedOrPaidPence: number;
  approvedOrPaidCount: number;
  /** Spend to date in the accepted version of the latest period that has one; null if none. */
  reportedSpendPence: number | null;
  /** The award's last reporting period (by period end); null without a schedule. */
  finalPeriod: FinalPeriodFacts | null;
}

export interface RuleOptions {
  /** Today in Europe/London: what "ended" and "overdue" are judged against. */
  asOf: string;
}

// Amounts in findings' messages as people write money (one formatter for the whole project).
const gbp = formatPounds;

/** Stable identity of a finding: the code and the ids it is about, in a fixed order. */
export function fingerprintOf(code: DiscrepancyCode, ids: { source?: string | null; stream?: string | null; award?: string | null; period?: string | null }): string {
  // Concatenated without intermediate arrays: one per finding, thousands per run.
  let fingerprint = `${code}:`;
  let separator = '';
  for (const k of FINGERPRINT_KEYS) {
    const id = ids[k];
    if (!id) continue;
    fingerprint += `${separator}${k}=${id.toLowerCase()}`;
    separator = ';';
  }
  return fingerprint;
}
const FINGERPRINT_KEYS = ['source', 'stream', 'award', 'period'] as const;

function finding(
  code: DiscrepancyCode,
  ids: { fundingSourceId?: string | null; fundingStreamId?: string | null; awardId?: string | null; reportingPeriodId?: string | null },
  expectedPence: number | null,
  actualPence: number | null,
  message: string,
): DiscrepancyFinding {
  return {
    code,
    severity: SEVERITY_OF[code],
    fundingStreamId: ids.fundingStreamId ?? null,
    awardId: ids.awardId ?? null,
    fundingSourceId: ids.fundingSourceId ?? null,
    reportingPeriodId: ids.reportingPeriodId ?? null,
    expectedPence,
    actualPence,
    message,
    fingerprint: fingerprintOf(code, { source: ids.fundingSourceId, stream: ids.fundingStreamId, award: ids.awardId, period: ids.reportingPeriodId }),
  };
}

export function netPaidPence(a: Pick<AwardFacts, 'paidPence' | 'recoveredPence'>): number {
  return a.paidPence - a.recoveredPence;
}

/** An award has ended once its end date is behind `asOf`, or when it was closed early. */
export function awardHasEnded(a: Pick<AwardFacts, 'endDate' | 'status'>, asOf: string): boolean {
  return a.endDate < asOf || a.status === 'closed';
}

/**
 * How far below the award net paid or reported spend may fall before the underspend is reported:
 * 1% of the award, at least £10 (rounding and bank charges are not worth a finance officer's time).
 */
export function underspendTolerancePence(amountPence: number): number {
  return Math.max(1_000, Math.floor(amountPence / 100));
}

// ---- funding sources and streams --------------------------------------------------------

/** OVER_ASSIGNED_SOURCE: assignments to streams above the source's amount. */
export function overAssignedSource(s: SourceFacts): DiscrepancyFinding | null {
  if (s.assignedPence <= s.amountPence) return null;
  return finding(
    DiscrepancyCode.OverAssignedSource,
    { fundingSourceId: s.fundingSourceId },
    s.amountPence,
    s.assignedPence,
    `funding source "${s.name}" is assigned ${gbp(s.assignedPence)} to streams but is only ${gbp(s.amountPence)} (${gbp(s.assignedPence - s.amountPence)} over)`,
  );
}

/** STREAM_BUDGET_MISMATCH: the recorded budget is not the sum of the stream's assignments. */
export function streamBudgetMismatch(s: StreamFacts): DiscrepancyFinding | null {
  if (s.budgetPence === s.assignedPence) return null;
  return finding(
    DiscrepancyCode.StreamBudgetMismatch,
    { fundingStreamId: s.fundingStreamId },
    s.assignedPence,
    s.budgetPence,
    `stream "${s.name}" records a budget of ${gbp(s.budgetPence)} but its funding sources assign ${gbp(s.assignedPence)}`,
  );
}

/** OVER_COMMITTED_STREAM: committed awards above the budget (the assignments, whatever is recorded). */
export function overCommittedStream(s: StreamFacts): DiscrepancyFinding | null {
  const budget = Math.min(s.budgetPence, s.assignedPence);
  if (s.committedPence <= budget) return null;
  return finding(
    DiscrepancyCode.OverCommittedStream,
    { fundingStreamId: s.fundingStreamId },
    budget,
    s.committedPence,
    `stream "${s.name}" has ${gbp(s.committedPence)} committed to awards against a budget of ${gbp(budget)} (${gbp(s.committedPence - budget)} over)`,
  );
}

export function checkSource(s: SourceFacts): DiscrepancyFinding[] {
  return [overAssignedSource(s)].filter((f): f is DiscrepancyFinding => f !== null);
}

export function checkStream(s: StreamFacts): DiscrepancyFinding[] {
  return [streamBudgetMismatch(s), overCommittedStream(s)].filter((f): f is DiscrepancyFinding => f !== null);
}

// ---- awards ---------------------------------------------------------------------------------

/** OVERPAID_AWARD: paid less recovered above the award's amount, whatever its status. */
export function overpaidAward(a: AwardFacts): DiscrepancyFinding | null {
  const net = netPaidPence(a);
  if (net <= a.amountPence) return null;
  return finding(
    DiscrepancyCode.OverpaidAward,
    { fundingStreamId: a.fundingStreamId, awardId: a.awardId },
    a.amountPence,
    net,
    `award ${a.reference} has been paid ${gbp(net)} net of recoveries, ${gbp(net - a.amountPence)} above its ${gbp(a.amountPence)}`,
  );
}

/** PAYMENT_ON_INACTIVE_AWARD: approved or paid payments on a draft, approved (not yet active) or cancelled award. */
export function paymentOnInactiveAward(a: AwardFacts): DiscrepancyFinding | null {
  if (a.approvedOrPaidCount === 0 || isIn(ACTIVATED_STATUSES, a.status)) return null;
  return finding(
    DiscrepancyCode.PaymentOnInactiveAward,
    { fundingStreamId: a.fundingStreamId, awardId: a.awardId },
    0,
    a.approvedOrPaidPence,
    `award ${a.reference} is ${a.status} but has ${a.approvedOrPaidCount} payment(s) approved or paid, ${gbp(a.approvedOrPaidPence)} in all; payments are allowed only once it is active`,
  );
}

/** SPEND_ABOVE_PAID: the latest accepted return reports more spend than was paid net of recoveries. */
export function spendAbovePaid(a: AwardFacts): DiscrepancyFinding | null {
  if (a.reportedSpendPence === null) return null;
  const net = netPaidPence(a);
  if (a.reportedSpendPence <= net) return null;
  return finding(
    DiscrepancyCode.SpendAbovePaid,
    { fundingStreamId: a.fundingStreamId, awardId: a.awardId },
    net,
    a.reportedSpendPence,
    `award ${a.reference} reports ${gbp(a.reportedSpendPence)} spent in its latest accepted return but has been paid ${gbp(net)} net of recoveries`,
  );
}

/**
 * UNDERSPEND_AT_END: a committed award that has ended with net paid, or reported spend when an
 * accepted return gives one, below its amount by more than the tolerance. `actualPence` is the
 * lower of the two; the message says which.
 */
export function underspendAtEnd(a: AwardFacts, { asOf }: RuleOptions): DiscrepancyFinding | null {
  if (!isIn(COMMITTED_STATUSES, a.status) || !awardHasEnded(a, asOf)) return null;
  const net = netPaidPence(a);
  const spendIsLower = a.reportedSpendPence !== null && a.reportedSpendPence < net;
  const actual = spendIsLower ? a.reportedSpendPence! : net;
  const tolerance = underspendTolerancePence(a.amountPence);
  if (a.amountPence - actual <= tolerance) return null;
  const what = spendIsLower ? `reports ${gbp(actual)} spent (paid ${gbp(net)})` : `was paid ${gbp(net)} net of recoveries`;
  return finding(
    DiscrepancyCode.UnderspendAtEnd,
    { fundingStreamId: a.fundingStreamId, awardId: a.awardId },
    a.amountPence,
    actual,
    `award ${a.reference} ended ${a.endDate} and ${what} of ${gbp(a.amountPence)}: ${gbp(a.amountPence - actual)} underspent (tolerance ${gbp(tolerance)})`,
  );
}

/**
 * MISSING_FINAL_RETURN / OVERDUE_FINAL_RETURN: a committed award that has ended and whose last
 * period has no submitted or accepted return (a draft or a return sent back for revision is not
 * in); overdue once `asOf` is past the due date. An award without a schedule owes no return.
 */
export function finalReturn(a: AwardFacts, { asOf }: RuleOptions): DiscrepancyFinding | null {
  const p = a.finalPeriod;
  if (!p || !isIn(COMMITTED_STATUSES, a.status) || !awardHasEnded(a, asOf)) return null;
  if (p.returnStatus !== null && RETURN_IN_STATUSES.includes(p.returnStatus)) return null;
  const state = p.returnStatus === null ? 'no return' : `a return that is ${p.returnStatus.replace('_', ' ')}`;
  const overdue = asOf > p.dueDate;
  return finding(
    overdue ? DiscrepancyCode.OverdueFinalReturn : DiscrepancyCode.MissingFinalReturn,
    { fundingStreamId: a.fundingStreamId, awardId: a.awardId, reportingPeriodId: p.reportingPeriodId },
    null,
    null,
    `award ${a.reference} ended ${a.endDate}; its final period ${p.key} has ${state}, ${overdue ? 'overdue since' : 'due'} ${p.dueDate}`,
  );
}

/** Every award rule, in a fixed order. */
export function checkAward(a: AwardFacts, options: RuleOptions): DiscrepancyFinding[] {
  return [overpaidAward(a), paymentOnInactiveAward(a), spendAbovePaid(a), underspendAtEnd(a, options), finalReturn(a, options)].filter(
    (f): f is DiscrepancyFinding => f !== null,
  );
}

// ---- totals ---------------------------------------------------------------------------------

export interface MoneyTotals {
  awards: number;
  committedAwards: number;
  committedPence: number;
  paidPence: number;
  recoveredPence: number;
  netPaidPence: number;
  reportedSpendPence: number;
}

export function emptyMoneyTotals(): MoneyTotals {
  return { awards: 0, committedAwards: 0, committedPence: 0, paidPence: 0, recoveredPence: 0, netPaidPence: 0, reportedSpendPence: 0 };
}

/** Adds one award to running totals (committed counts approved, active, suspended and closed awards). */
export function addAward(t: MoneyTotals, a: AwardFacts): MoneyTotals {
  const committed = isIn(COMMITTED_STATUSES, a.status);
  return {
    awards: t.awards + 1,
    committedAwards: t.committedAwards + (committed ? 1 : 0),
    committedPence: t.committedPence + (committed ? a.amountPence : 0),
    paidPence: t.paidPence + a.paidPence,
    recoveredPence: t.recoveredPence + a.recoveredPence,
    netPaidPence: t.netPaidPence + netPaidPence(a),
    reportedSpendPence: t.reportedSpendPence + (a.reportedSpendPence ?? 0),
  };
}

export function sumMoneyTotals(a: MoneyTotals, b: MoneyTotals): MoneyTotals {
  return {
    awards: a.awards + b.awards,
    committedAwards: a.committedAwards + b.committedAwards,
    committedPence: a.committedPence + b.committedPence,
    paidPence: a.paidPence + b.paidPence,
    recoveredPence: a.recoveredPence + b.recoveredPence,
    netPaidPence: a.netPaidPence + b.netPaidPence,
    reportedSpendPence: a.reportedSpendPence + b.reportedSpendPence,
  };
}

export interface DiscrepancyCounts {
  total: number;
  bySeverity: Record<DiscrepancySeverity, number>;
  byCode: Partial<Record<DiscrepancyCode, number>>;
  new: number;
  resolved: number;
}

/** The counts a run records, from its findings' codes, how many are new and how many resolved. */
export function countDiscrepancies(codes: { code: DiscrepancyCode; count: number }[], newCount: number, resolvedCount: number): DiscrepancyCounts {
  const bySeverity = { [DiscrepancySeverity.Error]: 0, [DiscrepancySeverity.Warning]: 0, [DiscrepancySeverity.Info]: 0 };
  const byCode: Partial<Record<DiscrepancyCode, number>> = {};
  let total = 0;
  for (const { code, count } of codes) {
    byCode[code] = (byCode[code] ?? 0) + count;
    bySeverity[SEVERITY_OF[code]] += count;
    total += count;
  }
  return { total, bySeverity, byCode, new: newCount, resolved: resolvedCount };
}

/** What changed between two runs of one scope, by fingerprint. */
export function compareFingerprints(previous: Iterable<string>, current: Iterable<string>): { added: string[]; resolved: string[]; kept: string[] } {
  const before = new Set(previous);
  const now = new Set(current);
  return {
    added: [...now].filter((f) => !before.has(f)),
    resolved: [...before].filter((f) => !now.has(f)),
    kept: [...now].filter((f) => before.has(f)),
  };
}

// ---- runs -------------------------------------------------------------------------------------

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type RunTrigger = 'manual' | 'nightly';
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed'];

/** A run is claimed at most this many times; then a failure or a dead worker marks it failed. */
export const MAX_RUN_ATTEMPTS = 3;

/** `2026/27` or `2026/27:<streamId>`: the same expression as the generated column. */
export function scopeKeyOf(financialYear: string, fundingStreamId?: string | null): string {
  return fundingStreamId ? `${financialYear}:${fundingStreamId.toLowerCase()}` : financialYear;
}

/** After an error or a silent worker: claim again while attempts remain, else give up. */
export function afterInterruption(attempts: number): 'queued' | 'failed' {
  return attempts < MAX_RUN_ATTEMPTS ? 'queued' : 'failed';
}
