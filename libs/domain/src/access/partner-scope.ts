import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { NotFoundError } from '#platform/index.js';
import type { Actor } from './actor.js';
import { Role } from './role.js';

/**
 * THE partner-scoping mechanism (docs/design.md#invariant-8). Every query a service runs for an actor
 * goes through `scopeToActor`, naming the column that holds the owning organisation. For a
 * partner it adds `column = :organisation`; for staff it adds nothing. Because the filter sits in
 * the query, another organisation's row is simply not found: the caller answers 404, exactly as
 * for an id that does not exist.
 *
 * `organisationColumn` is an SQL expression on the query's aliases, e.g. `award.recipient_organisation_id`.
 */
export function scopeToActor<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  actor: Actor,
  organisationColumn: string,
): SelectQueryBuilder<T> {
  if (actor.role !== Role.Partner) return query;
  if (!actor.organisationId) {
    // A partner without an organisation sees nothing rather than everything.
    return query.andWhere('1 = 0');
  }
  return query.andWhere(`${organisationColumn} = :scopeOrganisationId`, { scopeOrganisationId: actor.organisationId });
}

/** For rows already loaded by id: another organisation's row is reported as not found. */
export function assertVisibleTo(actor: Actor, owningOrganisationId: string | null, entity: string, id: string): void {
  if (actor.role === Role.Partner && owningOrganisationId !== actor.organisationId) throw new NotFoundError(entity, id);
}

export function isPartner(actor: Actor): boolean {
  return actor.role === Role.Partner;
}
