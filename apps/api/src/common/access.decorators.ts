import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '#domain/index.js';

export const ROLES_KEY = 'ringfence:roles';
export const PUBLIC_KEY = 'ringfence:public';

/**
 * Deny by default: every route declares who may call it with @Roles(...) or @Public().
 * A route with neither answers 403 to everyone (and fails the route-matrix test).
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

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
