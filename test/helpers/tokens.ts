import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { RefreshTokensService } from '../../libs/domain/src/users/refresh-tokens.service.js';
import { UsersService } from '../../libs/domain/src/users/users.service.js';
import type { TestEnv } from './test-env.js';

/**
 * An access token for a user, signed with the app's own key as login would sign it, on a real
 * login (a refresh-token family) started for the purpose: for tests that need a token with chosen
 * claims or lifetime, or a token while login itself is unavailable (Redis away).
 */
export async function accessTokenFor(
  env: TestEnv,
  userId: string,
  options: { expiresIn?: number; claims?: Record<string, unknown> } = {},
): Promise<{ token: string; loginId: string; refreshToken: string }> {
  const user = await env.app.get(UsersService).get(userId);
  const login = await env.app.get(RefreshTokensService).start(user);
  const claims = { sub: user.id, role: user.role, org: user.organisationId, typ: 'access', sid: login.loginId, ...options.claims };
  const token = await env.app.get(JwtService).signAsync(claims, options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn });
  return { token, loginId: login.loginId, refreshToken: login.refreshToken };
}

/** A JWT assembled by hand with HMAC over `secret`: for tokens a library would refuse to make (no exp, alg none). */
export function forgeJwt(secret: string, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const signed = `${part(header)}.${part(claims)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[header['alg'] as string];
  return hash ? `${signed}.${createHmac(hash, secret).update(signed).digest('base64url')}` : `${signed}.`;
}
