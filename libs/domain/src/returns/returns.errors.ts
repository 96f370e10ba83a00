import { DomainError } from '#platform/index.js';

export enum ReturnErrorCode {
  InvalidTransition = 'INVALID_TRANSITION',
  NoChanges = 'NO_CHANGES',
  Incomplete = 'RETURN_INCOMPLETE',
  OnBehalfRequired = 'ON_BEHALF_REQUIRED',
}

export class ReturnTransitionError extends DomainError {
  constructor(periodId: string, status: string, action: string) {
    super(ReturnErrorCode.InvalidTransition, `the return for period ${periodId} is ${status}; it cannot ${action}`, { status, action });
  }
}
