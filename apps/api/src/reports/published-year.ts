import { UnauthorizedException } from '@nestjs/common';
import type { Actor, GrantsPublicationService } from '#domain/index.js';

/** What an anonymous caller hears for a year that is not published: the 401 of any unauthenticated call. */
export const NOT_PUBLISHED_MESSAGE = 'log in, or ask for a published year';

/**
 * The check of every @PublicWhenPublished() handler, before it reads anything: a logged-in
 * caller has passed @Roles already; an anonymous one may read only a published year. An
 * unpublished year answers like any call without a token, so it does not say whether the year
 * exists or has grants.
 */
export async function requireActorOrPublishedYear(publications: GrantsPublicationService, actor: Actor | undefined, financialYear: string): Promise<void> {
  if (actor) return;
  if (!(await publications.isPublished(financialYear))) throw new UnauthorizedException(NOT_PUBLISHED_MESSAGE);
}
