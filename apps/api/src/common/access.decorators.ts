import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { ALL_ROLES, type Actor, type Role } from '#domain/index.js';
import { ApiErrorsUnlessDeclared } from './openapi.js';

export const ROLES_KEY = 'ringfence:roles';
export const PUBLIC_KEY = 'ringfence:public';
export const PUBLIC_WHEN_PUBLISHED_KEY = 'ringfence:public-when-published';

/**
 * Deny by default: every route declares who may call it with @Roles(...) or @Public().
 * A route with neither answers 403 to everyone (and fails the route-matrix test).
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    // The OpenAPI document says the same: a bearer token, 401 without one, 403 for other roles.
    ApiBearerAuth(),
    ALL_ROLES.every((role) => roles.includes(role)) ? ApiErrorsUnlessDeclared(401) : ApiErrorsUnlessDeclared(401, { 403: `Only ${roles.join(', ')} may call this` }),
  );
/** No token needed; the document's empty security requirement says so. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiSecurity({}));

/**
 * docs/api.md#authentication "staff; public when published": a request with no Authorization header reaches the
 * handler with no actor (the handler must then refuse an unpublished year with 401, see
 * requireActorOrPublishedYear); a request with one is checked against @Roles exactly as usual.
 * Not @Public: the access matrix still expects 401 from it for an unpublished year.
 */
export const PublicWhenPublished = () => applyDecorators(SetMetadata(PUBLIC_WHEN_PUBLISHED_KEY, true), ApiSecurity({}));

export interface AuthenticatedRequest {
  actor?: Actor;
  id?: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The acting user as the domain sees it, with the request id for the audit trail. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('CurrentActor used on a route without authentication');
  return req.actor;
});

/** The acting user, or undefined for an anonymous caller of a @PublicWhenPublished() route. */
export const OptionalActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor);
