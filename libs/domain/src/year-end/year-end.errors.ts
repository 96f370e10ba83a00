import { DomainError, type PgErrorRoute } from '#platform/index.js';

/** Published codes (docs/api.md#errors); a published code is never renamed. All are 409. */
export enum YearEndErrorCode {
  /** The stream's year is closed: a second close, or any later write to the year's money (SQLSTATE RF010). */
  YearClosed = 'YEAR_CLOSED',
  /** A carry forward from a stream whose funding sources do not all allow it. */
  CarryForwardNotAllowed = 'CARRY_FORWARD_NOT_ALLOWED',
  /** A close before 31 March of the stream's year has passed. */
  YearNotEnded = 'YEAR_NOT_ENDED',
}

export class YearClosedError extends DomainError {
  constructor(fundingStreamId: string, financialYear: string, closedAt: Date) {
    super(YearEndErrorCode.YearClosed, `the ${financialYear} year of funding stream ${fundingStreamId} was closed at ${closedAt.toISOString()}`, {
      fundingStreamId,
      financialYear,
      closedAt,
    });
  }
}

export class CarryForwardNotAllowedError extends DomainError {
  constructor(fundingStreamId: string, refusing: { id: string; name: string }[]) {
    super(
      YearEndErrorCode.CarryForwardNotAllowed,
      refusing.length
        ? `funding stream ${fundingStreamId} cannot carry money forward: its funding sources ${refusing.map((s) => `"${s.name}"`).join(', ')} do not allow it`
        : `funding stream ${fundingStreamId} has no funding sources to carry money forward from`,
      { fundingStreamId, fundingSources: refusing },
    );
  }
}

export class YearNotEndedError extends DomainError {
  constructor(fundingStreamId: string, financialYear: string, yearEnd: string) {
    super(YearEndErrorCode.YearNotEnded, `the ${financialYear} year of funding stream ${fundingStreamId} runs until ${yearEnd}; it can be closed after that`, {
      fundingStreamId,
      financialYear,
      yearEnd,
    });
  }
}

/** What the year-end lock triggers raise (migrations/1764000800000-year-end.ts): RF010, the year is closed. */
export const YEAR_END_PG_ERRORS: readonly PgErrorRoute[] = [{ sqlstate: 'RF010', toError: (r) => new DomainError(YearEndErrorCode.YearClosed, r.message) }];
