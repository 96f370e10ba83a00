import { DomainError } from '#platform/index.js';
import type { AwardAction, AwardStatus } from '../award-ledger/award.rules.js';

export enum AwardErrorCode {
  InvalidTransition = 'INVALID_TRANSITION',
}

export class InvalidTransitionError extends DomainError {
  constructor(awardId: string, status: AwardStatus, action: AwardAction | 'vary' | 'edit') {
    super(AwardErrorCode.InvalidTransition, `award ${awardId} is ${status}; it cannot ${action}`, { status, action });
  }
}
