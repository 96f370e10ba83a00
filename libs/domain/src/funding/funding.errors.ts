import { DomainError } from '#platform/index.js';

export enum FundingErrorCode {
  SourceOvercommitted = 'SOURCE_OVERCOMMITTED',
  BudgetExceeded = 'BUDGET_EXCEEDED',
}

export class SourceOvercommittedError extends DomainError {
  constructor(fundingSourceId: string, requestedPence: number, availablePence: number) {
    super(FundingErrorCode.SourceOvercommitted, `funding source ${fundingSourceId} has ${availablePence} pence unassigned; ${requestedPence} requested`, {
      fundingSourceId,
      requestedPence,
      availablePence,
    });
  }
}

export class BudgetExceededError extends DomainError {
  constructor(fundingStreamId: string, requestedPence: number, remainingPence: number) {
    super(FundingErrorCode.BudgetExceeded, `funding stream ${fundingStreamId} has ${remainingPence} pence remaining; ${requestedPence} requested`, {
      fundingStreamId,
      requestedPence,
      remainingPence,
    });
  }
}
