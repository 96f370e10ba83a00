import { UnauthorizedException } from '@nestjs/common';
import type { JwtService } from '@nestjs/jwt';
import type { Role, UsersService, UserView } from '#domain/index.js';
import type { AccessTokenCache } from '#domain/index.js';

/**
 * The one algorithm access tokens are signed and verified with: HMAC-SHA256 over JWT_SECRET.
 * Pinned on both sides, so a token naming another algorithm (none, HS512, RS256 with the secret
 * as a "public key") is refused whatever the library would otherwise allow.
 */
export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** The claims of an access token, as login and refresh sign them (AuthService). */
export interface AccessTokenPayload {
  sub: string;
  role: Role;
  org: string | null;
  /** 'access' on every token login and refresh issue; anything else is refused. */
  typ: 'access';
  /** The login (refresh-token family) the token belongs to: ending it ends the token at once. */
  sid: string;
  exp?: number;
  iat?: number;
}

export const TOKEN_INVALID = 'the token is invalid or has expired';
export const TOKEN_ENDED = 'the token is no longer valid; log in again';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a bearer token and returns its user as stored now, or throws 401. Besides the signature:
 * it must be an access token, carry `exp` (jsonwebtoken treats a token without one as never
 * expiring; ours always have one) and name a login that has not ended (logout, a reused refresh
 * token, a change to the user); the user must still be enabled with the role and organisation the
 * token was issued for. The last two are one query (UsersService.findLiveLogin).
 *
 * With a `cache` (the API's), a token confirmed before is answered from memory until it or its
 * login expires or the database notifies a change to its user (AccessTokenCache).
 */
export async function authenticateAccessToken(jwt: JwtService, users: UsersService, token: string, cache?: AccessTokenCache): Promise<UserView> {
  const cached = cache?.lookup(token);
  if (cached) return cached;
  let payload: Partial<AccessTokenPayload>;
  try {
    payload = await jwt.verifyAsync<AccessTokenPayload>(token, { algorithms: [ACCESS_TOKEN_ALGORITHM] });
  } catch {
    throw new UnauthorizedException(TOKEN_INVALID);
  }
  const { typ, exp, sub, sid } = payload;
  if (typ !== 'access' || typeof exp !== 'number' || typeof sub !== 'string' || !UUID.test(sub) || typeof sid !== 'string' || !UUID.test(sid)) {
    throw new UnauthorizedException(TOKEN_INVALID);
  }
  const stamp = cache?.stamp(sub);
  const live = await users.findLiveLogin(sub, sid);
  const user = live?.user;
  if (!user || user.role !== payload.role || user.organisationId !== payload.org) throw new UnauthorizedException(TOKEN_ENDED);
  if (cache && stamp) cache.remember(token, user, Math.min(exp * 1000, live.loginExpiresAt.getTime()), stamp);
  return user;
}
