import type { DecisionRequest, YearEndDecisionKind, YearEndPreview } from '#domain/index.js';
import type { FieldProblem } from '../common/web-errors.js';

/** Where finance has got to with one stream's close, kept in the session until the close is confirmed. */
export interface YearEndDraft {
  reviewed: boolean;
  decisions?: DecisionRequest[];
}

declare module '../common/web-request.js' {
  interface SessionData {
    yearEndDrafts?: Record<string, YearEndDraft>;
  }
}

const KINDS: readonly YearEndDecisionKind[] = ['recover', 'carry_forward', 'write_off'];

/**
 * The decisions form: per award with an underspend, `decision-<awardId>` (recover, carry forward,
 * write off), `target-<awardId>` (a next-year stream, for carry forward) and `reason-<awardId>`.
 * Each decision is for the whole underspend. Problems name the award's field.
 */
export function readDecisions(body: Record<string, unknown>, preview: YearEndPreview): { decisions: DecisionRequest[]; problems: FieldProblem[] } {
  const decisions: DecisionRequest[] = [];
  const problems: FieldProblem[] = [];
  for (const award of preview.awards.filter((a) => a.decisionRequired)) {
    const decision = body[`decision-${award.awardId}`];
    const reason = typeof body[`reason-${award.awardId}`] === 'string' ? String(body[`reason-${award.awardId}`]).trim().slice(0, 2000) : '';
    if (!KINDS.includes(decision as YearEndDecisionKind)) {
      problems.push({ field: `decision-${award.awardId}`, key: 'yearEnd.decide.missing', params: { reference: award.reference } });
      continue;
    }
    const target = body[`target-${award.awardId}`];
    if (decision === 'carry_forward' && (typeof target !== 'string' || !/^[0-9a-f-]{36}$/.test(target))) {
      problems.push({ field: `target-${award.awardId}`, key: 'yearEnd.decide.targetMissing', params: { reference: award.reference } });
      continue;
    }
    decisions.push({
      awardId: award.awardId,
      decision: decision as YearEndDecisionKind,
      reason: reason || null,
      ...(decision === 'carry_forward' ? { targetFundingStreamId: target as string } : {}),
    });
  }
  return { decisions, problems };
}

/** What the decisions do, in pounds, for the check page. */
export function effectOf(preview: YearEndPreview, decisions: DecisionRequest[]): Record<YearEndDecisionKind, number> {
  const effect: Record<YearEndDecisionKind, number> = { recover: 0, carry_forward: 0, write_off: 0 };
  for (const d of decisions) effect[d.decision] += preview.awards.find((a) => a.awardId === d.awardId)?.underspendPence ?? 0;
  return effect;
}
