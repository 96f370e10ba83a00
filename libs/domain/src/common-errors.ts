import { DomainError } from '#platform/index.js';

/** 409 STALE_VERSION: the row changed since the caller read it (optimistic concurrency). */
export class StaleVersionError extends DomainError {
  constructor(entity: string, id: string, expected: number, actual: number) {
    super('STALE_VERSION', `${entity} ${id} has changed since version ${expected} (now ${actual}); reload and retry`, { expectedVersion: expected, currentVersion: actual });
  }
}
