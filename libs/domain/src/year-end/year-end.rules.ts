/** Year-end close (docs/design.md#year-end, docs/design.md#time): pure figures and decision checks, no I/O. */
import { financialYearBounds, isFinancialYear } from '#platform/index.js';

export type YearEndDecisionKind = 'recover' | 'carry_forward' | 'write_off';
export const YEAR_END_DECISIONS: readonly YearEndDecisionKind[] = ['recover', 'carry_forward', 'write_off'];

/** `2025/26` -> `2026/27`. */
export function nextFinancialYear(financialYear: string): string {
  if (!isFinancialYear(financialYear)) throw new Error(`not a financial year: ${financialYear}`);
  const start = Number(financialYear.slice(0, 4)) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** A year is closed only once it is over: after 31 March, in Europe/London. */
export function yearHasEnded(financialYear: string, today: string): boolean {
  return today > financialYearBounds(financialYear).end;
}

export interface AwardMoneyAtYearEnd {
  awardPence: number;
  /** Payments paid (positive). */
  paidPence: number;
  /** Recoveries received (positive). */
  recoveredPence: number;
  /** The latest accepted return's spend; 0 when none was accepted. */
  reportedSpendPence: number;
}

export interface YearEndFigures {
  /** Paid less recovered: what the recipient holds. */
  netPaidPence: number;
  /** Money paid but not spent: max(0, net paid - reported spend). */
  underspendPence: number;
  /** Award less net paid: committed but never paid (it lapses when the year closes). */
  unpaidCommitmentPence: number;
}

export function yearEndFigures(m: AwardMoneyAtYearEnd): YearEndFigures {
  const netPaidPence = m.paidPence - m.recoveredPence;
  return {
    netPaidPence,
    underspendPence: Math.max(0, netPaidPence - m.reportedSpendPence),
    unpaidCommitmentPence: m.awardPence - netPaidPence,
  };
}

export interface DecisionRequest {
  awardId: string;
  decision: YearEndDecisionKind;
  amountPence?: number | null;
  reason?: string | null;
  targetFundingStreamId?: string | null;
}

export interface PlannedDecision {
  /** Where it was in the request, for error messages naming the field. */
  index: number;
  awardId: string;
  decision: YearEndDecisionKind;
  amountPence: number;
  underspendPence: number;
  reason: string | null;
  targetFundingStreamId: string | null;
}

export type DecisionPlan =
  | { ok: true; decisions: PlannedDecision[] }
  | { ok: false; field: string; message: string; awardIds?: string[] };

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

/**
 * Checks finance's decisions against the stream's awards and their underspends:
 * - each names an award of the stream that has an underspend, at most once per kind;
 * - write_off has a reason; carry_forward, and only it, names a target stream;
 * - an award with one decision may leave amountPence out (= the whole underspend); split
 *   decisions give each amount, and the amounts on an award sum to exactly its underspend;
 * - every award with an underspend has a decision (the first one missing is named).
 */
export function planDecisions(awards: readonly { awardId: string; reference: string; underspendPence: number }[], requests: readonly DecisionRequest[]): DecisionPlan {
  const byAward = new Map(awards.map((a) => [a.awardId, a]));
  const requestsPerAward = new Map<string, number[]>();
  const planned: PlannedDecision[] = [];
  for (const [index, r] of requests.entries()) {
    const at = `decisions[${index}]`;
    const award = byAward.get(r.awardId);
    if (!award) return { ok: false, field: `${at}.awardId`, message: `${at}.awardId ${r.awardId} is not an award of this funding stream` };
    if (award.underspendPence <= 0) return { ok: false, field: `${at}.awardId`, message: `${at}.awardId: award ${award.reference} has no underspend to decide` };
    const seen = requestsPerAward.get(r.awardId) ?? [];
    if (seen.some((i) => requests[i]!.decision === r.decision)) {
      return { ok: false, field: `${at}.decision`, message: `${at}.decision ${r.decision} is given twice for award ${award.reference}` };
    }
    requestsPerAward.set(r.awardId, [...seen, index]);
    if (r.decision === 'write_off' && blank(r.reason)) return { ok: false, field: `${at}.reason`, message: `${at}.reason is required to write off an underspend` };
    if (r.decision === 'carry_forward' && !r.targetFundingStreamId) {
      return { ok: false, field: `${at}.targetFundingStreamId`, message: `${at}.targetFundingStreamId is required to carry an underspend forward` };
    }
    if (r.decision !== 'carry_forward' && r.targetFundingStreamId) {
      return { ok: false, field: `${at}.targetFundingStreamId`, message: `${at}.targetFundingStreamId is only for carry_forward` };
    }
    if (r.amountPence !== undefined && r.amountPence !== null && (!Number.isSafeInteger(r.amountPence) || r.amountPence <= 0)) {
      return { ok: false, field: `${at}.amountPence`, message: `${at}.amountPence must be a whole number of pence above 0` };
    }
    planned.push({
      index,
      awardId: r.awardId,
      decision: r.decision,
      amountPence: r.amountPence ?? 0,
      underspendPence: award.underspendPence,
      reason: blank(r.reason) ? null : r.reason!.trim(),
      targetFundingStreamId: r.targetFundingStreamId ?? null,
    });
  }
  for (const [awardId, indexes] of requestsPerAward) {
    const award = byAward.get(awardId)!;
    const mine = planned.filter((p) => p.awardId === awardId);
    if (mine.length === 1 && (requests[indexes[0]!]!.amountPence ?? null) === null) {
      mine[0]!.amountPence = award.underspendPence;
      continue;
    }
    const missing = indexes.find((i) => (requests[i]!.amountPence ?? null) === null);
    if (missing !== undefined) {
      return { ok: false, field: `decisions[${missing}].amountPence`, message: `decisions[${missing}].amountPence is required when the underspend of award ${award.reference} is split across decisions` };
    }
    const total = mine.reduce((s, p) => s + p.amountPence, 0);
    if (total !== award.underspendPence) {
      return {
        ok: false,
        field: `decisions[${indexes[0]}].amountPence`,
        message: `decisions[${indexes[0]}].amountPence: the decisions on award ${award.reference} total ${total} pence; its underspend is ${award.underspendPence} pence`,
      };
    }
  }
  const undecided = awards.filter((a) => a.underspendPence > 0 && !requestsPerAward.has(a.awardId));
  if (undecided.length > 0) {
    const first = undecided[0]!;
    return {
      ok: false,
      field: 'decisions',
      message: `decisions: award ${first.reference} (${first.awardId}) has an underspend of ${first.underspendPence} pence and no decision${undecided.length > 1 ? ` (and ${undecided.length - 1} more)` : ''}`,
      awardIds: undecided.map((a) => a.awardId),
    };
  }
  return { ok: true, decisions: planned };
}

/**
 * Who funds the carried-forward money next year: the original funder when the stream has one,
 * otherwise the funder with the largest share of the stream (ties: the lowest id, so it is stable).
 */
export function carryForwardFunder(assignments: readonly { funderOrganisationId: string; amountPence: number }[]): string {
  if (assignments.length === 0) throw new Error('a stream with no funding sources has nothing to carry forward');
  const totals = new Map<string, number>();
  for (const a of assignments) totals.set(a.funderOrganisationId, (totals.get(a.funderOrganisationId) ?? 0) + a.amountPence);
  return [...totals.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
}

export function carryForwardSourceName(streamName: string, financialYear: string): string {
  return `Carry forward from ${streamName} ${financialYear}`;
}
