import { CommonErrorCode, DomainError } from '#platform/index.js';
import type { FieldProblem } from './outcomes.rules.js';

/** Published codes (docs/api.md#errors); a published code is never renamed. */
export enum OutcomeErrorCode {
  /** 409: targets for an award that has no outcome framework yet. */
  NoOutcomeFramework = 'NO_OUTCOME_FRAMEWORK',
  /** 409: changing the framework of an award that has targets against the current one. */
  OutcomeFrameworkInUse = 'OUTCOME_FRAMEWORK_IN_USE',
  /** 409: targets or a framework for a closed or cancelled award. */
  InvalidTransition = 'INVALID_TRANSITION',
}

/**
 * 400 VALIDATION naming every offending field the way the API's validation does:
 * `{message, field, errors: [{field, messages}]}` with fields like `targets[2].indicatorCode`.
 */
export class OutcomeValidationError extends DomainError {
  constructor(problems: readonly FieldProblem[]) {
    const errors = groupByField(problems);
    super(CommonErrorCode.Validation, problems.map((p) => `${p.field} ${p.message}`).join('; '), { field: problems[0]?.field, errors });
  }
}

/** 409 NO_OUTCOME_FRAMEWORK: set one with PUT /api/awards/:id/outcome-framework first. */
export class NoOutcomeFrameworkError extends DomainError {
  constructor(awardId: string) {
    super(OutcomeErrorCode.NoOutcomeFramework, `award ${awardId} has no outcome framework; set one (PUT /api/awards/${awardId}/outcome-framework) before its targets`, { awardId });
  }
}

/** 409 OUTCOME_FRAMEWORK_IN_USE: the award's targets are against its current framework. */
export class OutcomeFrameworkInUseError extends DomainError {
  constructor(awardId: string, currentFrameworkId: string, targetCount: number) {
    super(
      OutcomeErrorCode.OutcomeFrameworkInUse,
      `award ${awardId} has ${targetCount} target(s) against outcome framework ${currentFrameworkId}; replace its targets with an empty list before changing its framework`,
      { awardId, outcomeFrameworkId: currentFrameworkId, targetCount },
    );
  }
}

/** 409 INVALID_TRANSITION: a closed or cancelled award's targets and framework no longer change. */
export class AwardClosedToOutcomesError extends DomainError {
  constructor(awardId: string, status: string, action: 'set targets' | 'set outcome framework') {
    super(OutcomeErrorCode.InvalidTransition, `award ${awardId} is ${status}; it cannot ${action}`, { status, action });
  }
}

/** 409 CONFLICT: an indicator code the framework already has (codes are never reused or changed). */
export class IndicatorCodeTakenError extends DomainError {
  constructor(frameworkId: string, code: string) {
    super(CommonErrorCode.Conflict, `outcome framework ${frameworkId} already has an indicator ${code}`, { field: 'code' });
  }
}

/** Constraint names the migration raises, so the service can answer with the right code. */
export const OutcomeConstraint = {
  IndicatorCodeUnique: 'outcome_indicator_code_unique',
  AwardFrameworkFk: 'award_target_award_framework_fk',
} as const;

function groupByField(problems: readonly FieldProblem[]): { field: string; messages: string[] }[] {
  const map = new Map<string, string[]>();
  for (const p of problems) map.set(p.field, [...(map.get(p.field) ?? []), `${p.field} ${p.message}`]);
  return [...map].map(([field, messages]) => ({ field, messages }));
}
