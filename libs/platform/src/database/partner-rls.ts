import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/**
 * The second wall between organisations (docs/design.md#invariant-8). The first is every partner query's
 * own filter (scopeToActor); this one lives in PostgreSQL, so a filter forgotten in code still
 * cannot return another organisation's rows.
 *
 * While a partner's request runs, every statement it sends goes through a connection switched to
 * the NOLOGIN role `ringfence_partner` with `ringfence.organisation_id` set to the partner's
 * organisation. That role has grants only on the tables a partner's work touches, and row-level
 * security policies (migrations/*-row-level-security.ts) restrict each of those tables to rows
 * belonging to that organisation. Staff requests, the worker, migrations and tests run as the
 * connecting (owner) role, which RLS does not restrict.
 *
 * The switch lives in the pg client the pool hands out, not in TypeORM: it checks the scope of
 * the async context that issues each statement, so it covers repositories, query builders,
 * transactions and raw queries alike, and a pooled connection that served a partner is switched
 * back before anyone else's statement runs on it.
 */
export const PARTNER_ROLE = 'ringfence_partner';

export interface DatabaseScope {
  /** Set by the auth guard once the caller is known to be a partner. */
  partnerOrganisationId?: string | null;
  partner?: boolean;
}

const storage = new AsyncLocalStorage<DatabaseScope>();

/** Runs `fn` with a fresh, mutable scope (the API opens one per request). */
export function runWithDatabaseScope<T>(fn: () => T, scope: DatabaseScope = {}): T {
  return storage.run(scope, fn);
}

/** The scope of the calling request, if any (undefined in the worker, CLIs and tests). */
export function currentDatabaseScope(): DatabaseScope | undefined {
  return storage.getStore();
}

/** Runs `fn` exactly as a partner request of `organisationId` would reach the database. */
export function runAsPartner<T>(organisationId: string | null, fn: () => T): T {
  return storage.run({ partner: true, partnerOrganisationId: organisationId }, fn);
}

/** '' = the connecting role; otherwise the organisation id ('-' for a partner without one: sees nothing). */
function desiredState(): string {
  const scope = storage.getStore();
  if (!scope?.partner) return '';
  return scope.partnerOrganisationId || '-';
}

const APPLIED = Symbol('ringfence.partnerScope');
const SWITCHED_IN_TRANSACTION = Symbol('ringfence.partnerScopeSwitchedInTransaction');
const UNKNOWN = '\u0000unknown';
const SWITCH_SQL = `SELECT set_config('role', $1, false), set_config('ringfence.organisation_id', $2, false)`;

type AnyQuery = (...args: unknown[]) => unknown;

function isSubmittable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { submit?: unknown }).submit === 'function';
}

function queryText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  return '';
}

/**
 * A pg Client that brings its session into the caller's scope before each statement. The switch
 * is awaited before the statement is sent, so if it fails the statement never runs with the
 * wrong rights (fail closed).
 */
export class PartnerScopedClient extends pg.Client {
  private [APPLIED] = '';
  /** Whether a switch was sent since the last BEGIN: only then can a ROLLBACK undo one. */
  private [SWITCHED_IN_TRANSACTION] = false;

  override query(...args: unknown[]): never {
    const desired = desiredState();
    const run = (super.query as AnyQuery).bind(this);
    if (this[APPLIED] === desired) return this.track(run(...args), args[0]) as never;

    if (isSubmittable(args[0])) {
      // Streams (COPY, cursors) cannot wait for the switch; partners never stream.
      if (desired !== '') throw new Error('streaming queries are not available to partner requests');
      run(SWITCH_SQL, ['none', '']);
      this[APPLIED] = '';
      this[SWITCHED_IN_TRANSACTION] = true;
      return run(...args) as never;
    }

    const callback = typeof args[args.length - 1] === 'function' ? (args.pop() as (err: unknown, res?: unknown) => void) : undefined;
    this[SWITCHED_IN_TRANSACTION] = true;
    const switched = (run(SWITCH_SQL, desired === '' ? ['none', ''] : [PARTNER_ROLE, desired === '-' ? '' : desired]) as Promise<unknown>).then(() => {
      this[APPLIED] = desired;
      return this.track(run(...args), args[0]) as Promise<unknown>;
    });
    if (callback) {
      switched.then((res) => callback(null, res), (err: unknown) => callback(err));
      return undefined as never;
    }
    return switched as never;
  }

  /**
   * A rollback undoes a switch made inside its transaction: then check again next time. A switch
   * made before BEGIN (the usual case: a request's first statement) survives it, so rolling back,
   * as every refused approval does, costs no extra statement.
   */
  private track(result: unknown, config: unknown): unknown {
    const text = queryText(config);
    if (/^\s*(BEGIN|START\s+TRANSACTION)/i.test(text)) this[SWITCHED_IN_TRANSACTION] = false;
    else if (/^\s*ROLLBACK/i.test(text) && this[SWITCHED_IN_TRANSACTION]) this[APPLIED] = UNKNOWN;
    return result;
  }
}
