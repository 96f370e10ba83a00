import { QueryFailedError } from 'typeorm';
import { DomainError, CommonErrorCode } from '../errors/domain-error.js';

/** PostgreSQL SQLSTATEs we translate. Triggers raise the RF... codes (see migrations/). */
export const PgCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  NotNullViolation: '23502',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  InvalidTextRepresentation: '22P02',
  /** Raised by the budget trigger: committed awards above the stream budget (DESIGN invariant 3). */
  BudgetExceeded: 'RF003',
  /** Raised by the assignment trigger: a source assigned beyond its amount (DESIGN invariant 2). */
  SourceOvercommitted: 'RF002',
  /** Raised by the payment trigger: approved + paid - recovered above the award (DESIGN invariant 4). */
  PaymentExceedsAward: 'RF004',
  /** Raised by the payment trigger: an open condition holds payments (DESIGN invariant 5). */
  PaymentHeld: 'RF005',
  /** Raised by the payment trigger: the award's status does not allow this payment. */
  AwardNotPayable: 'RF007',
  /** Raised by the audit trigger: audit rows are append-only (DESIGN invariant 6). */
  AuditImmutable: 'RF006',
  /** Raised by the year-end lock triggers: the stream's financial year is closed (migrations/1764000800000-year-end.ts). */
  YearClosed: 'RF010',
} as const;

export function pgCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string } | undefined)?.code;
  return (error as { code?: string } | undefined)?.code;
}

export function pgConstraint(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { constraint?: string } | undefined)?.constraint;
  return undefined;
}

/**
 * Turns database refusals that a user can cause into coded domain errors, so the API never
 * answers 500 for a constraint doing its job. Unknown errors pass through unchanged.
 */
export function translatePgError(error: unknown): unknown {
  const code = pgCode(error);
  if (!code) return error;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case PgCode.UniqueViolation:
      return new DomainError(CommonErrorCode.Conflict, `already exists (${pgConstraint(error) ?? 'unique key'})`, { constraint: pgConstraint(error) });
    case PgCode.ForeignKeyViolation:
      return new DomainError(CommonErrorCode.NotFound, `a referenced record does not exist (${pgConstraint(error) ?? 'foreign key'})`);
    case PgCode.CheckViolation:
      return new DomainError(CommonErrorCode.Validation, `refused by rule ${pgConstraint(error) ?? 'check'}`, { constraint: pgConstraint(error) });
    case PgCode.BudgetExceeded:
      return new DomainError('BUDGET_EXCEEDED', message);
    case PgCode.SourceOvercommitted:
      return new DomainError('SOURCE_OVERCOMMITTED', message);
    case PgCode.PaymentExceedsAward:
      return new DomainError('PAYMENT_EXCEEDS_AWARD', message);
    case PgCode.PaymentHeld:
      return new DomainError('PAYMENT_HELD', message);
    case PgCode.AwardNotPayable:
      return new DomainError('AWARD_NOT_PAYABLE', message);
    case PgCode.YearClosed:
      return new DomainError('YEAR_CLOSED', message);
    default:
      return error;
  }
}
