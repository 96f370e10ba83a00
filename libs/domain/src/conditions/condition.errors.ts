import { DomainError } from '#platform/index.js';
import type { ConditionAction, ConditionStatus } from './condition.rules.js';

/** Published codes (docs/api.md#errors); a published code is never renamed. */
export enum ConditionErrorCode {
  InvalidTransition = 'INVALID_TRANSITION',
}

/** 409: met, waive or breach of a condition that is no longer open. */
export class ConditionTransitionError extends DomainError {
  constructor(conditionId: string, status: ConditionStatus, action: ConditionAction | 'resolve') {
    super(ConditionErrorCode.InvalidTransition, `condition ${conditionId} is ${status}; it cannot ${action}`, { status, action });
  }
}

/** 409: a closed or cancelled award takes no new conditions. */
export class AwardClosedToConditionsError extends DomainError {
  constructor(awardId: string, awardStatus?: string) {
    super(ConditionErrorCode.InvalidTransition, `award ${awardId} is ${awardStatus ?? 'closed or cancelled'}; conditions cannot be added to it`, {
      ...(awardStatus ? { status: awardStatus } : {}),
      action: 'add condition',
    });
  }
}

/** The constraint names the migration's triggers raise, so the service can answer with the right code. */
export const ConditionConstraint = {
  AwardOpen: 'award_condition_award_open',
  ResolutionFinal: 'award_condition_resolution_final',
  ResolutionRecorded: 'award_condition_resolution_recorded',
} as const;
