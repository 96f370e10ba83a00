import { DomainError, type PgErrorRoute } from '#platform/index.js';

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

/**
 * What the funding triggers raise (migrations/1764000000000-foundation.ts) and the error each
 * becomes: RF002 a source assigned beyond its amount (docs/design.md#invariant-2), RF003 committed awards
 * above the stream budget (docs/design.md#invariant-3).
 */
export const FUNDING_PG_ERRORS: readonly PgErrorRoute[] = [
  { sqlstate: 'RF002', toError: (r) => new DomainError(FundingErrorCode.SourceOvercommitted, r.message) },
  { sqlstate: 'RF003', toError: (r) => new DomainError(FundingErrorCode.BudgetExceeded, r.message) },
];
