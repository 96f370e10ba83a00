import { DomainError } from '#platform/index.js';

/** Codes of the reconciliation area (docs/api.md#errors). A published code is never renamed. */
export enum ReconciliationErrorCode {
  /** The worker lost its claim on a run (recovered as silent and claimed again elsewhere). Never reaches the API. */
  ClaimLost = 'RECONCILIATION_CLAIM_LOST',
}

/**
 * Thrown inside a run when its row no longer says this worker's attempt is running: the recovery
 * sweep gave up on the worker (a pause longer than the silence allowed) and the run is someone
 * else's now. The worker stops writing and leaves the run alone.
 */
export class RunClaimLostError extends DomainError {
  constructor(runId: string, attempt: number) {
    super(ReconciliationErrorCode.ClaimLost, `reconciliation run ${runId} is no longer claimed by attempt ${attempt}`, { runId, attempt });
  }
}
