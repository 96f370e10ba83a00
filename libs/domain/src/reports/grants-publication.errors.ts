import { DomainError } from '#platform/index.js';

export enum GrantsPublicationErrorCode {
  /** The year's grants table has no rows: 409. */
  NothingToPublish = 'NOTHING_TO_PUBLISH',
}

/**
 * Publishing a year with no committed awards would put an empty table (and a 360Giving package
 * the export refuses with 404) in front of the public: refused, so a mistyped year is caught.
 */
export class NothingToPublishError extends DomainError {
  constructor(financialYear: string) {
    super(GrantsPublicationErrorCode.NothingToPublish, `the ${financialYear} grants table has no committed awards to publish`, { financialYear });
  }
}
