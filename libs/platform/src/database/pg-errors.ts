import { QueryFailedError } from 'typeorm';
import { DomainError, CommonErrorCode } from '../errors/domain-error.js';

/**
 * Standard PostgreSQL SQLSTATEs. The business SQLSTATEs our triggers raise (RF...) are declared by
 * the area that owns each trigger, with the error it becomes (see `PgErrorRoute`).
 */
export const PgCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  NotNullViolation: '23502',
  SerializationFailure: '40001',
  DeadlockDetected: '40P01',
  InvalidTextRepresentation: '22P02',
} as const;

/** What a database refusal says, as a route's factory sees it. */
export interface PgRefusal {
  sqlstate: string;
  message: string;
  constraint: string | undefined;
  /** The trigger's DETAIL, when it gives one (some give JSON for the error's fields). */
  detail: string | undefined;
}

/**
 * One refusal an area's trigger or constraint raises, and the coded error it becomes. A route
 * names a constraint (matched first) or a SQLSTATE.
 */
export type PgErrorRoute =
  | { sqlstate: string; constraint?: undefined; toError: (refusal: PgRefusal) => DomainError }
  | { constraint: string; sqlstate?: undefined; toError: (refusal: PgRefusal) => DomainError };

const byConstraint = new Map<string, PgErrorRoute['toError']>();
const bySqlstate = new Map<string, PgErrorRoute['toError']>();

/**
 * Adds routes to the one table `translatePgError` reads. Each key is routed once: a second route
 * for the same SQLSTATE or constraint is a programming error (two areas claiming one refusal).
 */
export function registerPgErrorRoutes(routes: readonly PgErrorRoute[]): void {
  for (const route of routes) {
    const [table, key] = route.constraint !== undefined ? [byConstraint, route.constraint] : [bySqlstate, route.sqlstate];
    const existing = table.get(key);
    if (existing && existing !== route.toError) throw new Error(`database refusal ${key} is routed twice`);
    table.set(key, route.toError);
  }
}

export function pgCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string } | undefined)?.code;
  return (error as { code?: string } | undefined)?.code;
}

export function pgConstraint(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { constraint?: string } | undefined)?.constraint;
  return undefined;
}

function pgDetail(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) return (error.driverError as { detail?: string } | undefined)?.detail;
  return undefined;
}

/**
 * Turns database refusals that a user can cause into coded domain errors, so the API never
 * answers 500 for a constraint doing its job: the areas' registered routes first (by constraint,
 * then SQLSTATE), then the generic unique, foreign-key and check violations. Unknown errors pass
 * through unchanged.
 */
export function translatePgError(error: unknown): unknown {
  const code = pgCode(error);
  if (!code) return error;
  const constraint = pgConstraint(error);
  const route = (constraint !== undefined ? byConstraint.get(constraint) : undefined) ?? bySqlstate.get(code);
  if (route) return route({ sqlstate: code, message: error instanceof Error ? error.message : String(error), constraint, detail: pgDetail(error) });
  switch (code) {
    case PgCode.UniqueViolation:
      return new DomainError(CommonErrorCode.Conflict, `already exists (${constraint ?? 'unique key'})`, { constraint });
    case PgCode.ForeignKeyViolation:
      return new DomainError(CommonErrorCode.NotFound, `a referenced record does not exist (${constraint ?? 'foreign key'})`);
    case PgCode.CheckViolation:
      return new DomainError(CommonErrorCode.Validation, `refused by rule ${constraint ?? 'check'}`, { constraint });
    default:
      return error;
  }
}
