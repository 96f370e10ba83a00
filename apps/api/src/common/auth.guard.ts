import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenCache, UsersService, type Role } from '#domain/index.js';
import { authenticateAccessToken } from '../auth/access-token.js';
import { PUBLIC_KEY, PUBLIC_WHEN_PUBLISHED_KEY, ROLES_KEY, type AuthenticatedRequest } from './access.decorators.js';

export type { AccessTokenPayload } from '../auth/access-token.js';

/**
 * One global guard: verifies the bearer token, reloads the user and checks its login is live (so
 * logout, a revoked login, disabling a user or changing their role take effect on the very next
 * request; a token seen before is answered by AccessTokenCache, which the database keeps as
 * current), then checks the route's roles.
 * Routes that declare nothing are refused: deny by default. @PublicWhenPublished() routes let a
 * request without an Authorization header through anonymously (the handler decides).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(UsersService) private readonly users: UsersService,
    private readonly tokens: AccessTokenCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers['authorization'];
    // No credentials at all on a public-when-published route: through with no actor, and the
    // handler answers only a published year. Any Authorization header, even a bad one, is checked.
    if (header === undefined && this.reflector.getAllAndOverride<boolean>(PUBLIC_WHEN_PUBLISHED_KEY, targets)) return true;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthorizedException('a bearer token is required');
    const user = await authenticateAccessToken(this.jwt, this.users, token, this.tokens);
    req.actor = { userId: user.id, role: user.role, organisationId: user.organisationId, requestId: req.id };

    if (!roles || roles.length === 0) throw new ForbiddenException('this route declares no roles');
    if (!roles.includes(user.role)) throw new ForbiddenException(`this route is for ${roles.join(', ')}`);
    return true;
  }
}
