import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LoginAttemptsService, RefreshTokensService, UsersService, type IssuedRefreshToken, type UserView } from '#domain/index.js';
import type { AccessTokenPayload } from './access-token.js';

/**
 * What login and refresh answer (docs/api.md#authentication's `{accessToken, user}`, extended). The access token is
 * a short-lived JWT for `Authorization: Bearer`; the refresh token is an opaque random string
 * that only `POST /api/auth/refresh` and `/logout` accept, so neither can stand in for the other.
 */
export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token is valid from now. */
  expiresIn: number;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: Pick<UserView, 'id' | 'email' | 'role' | 'organisationId'> & { name: string };
}

/** What login and refresh sign; jsonwebtoken adds `iat` and `exp` (JWT_TTL). */
export type AccessTokenClaims = Omit<AccessTokenPayload, 'exp' | 'iat'>;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly jwt: JwtService,
    private readonly attempts: LoginAttemptsService,
  ) {}

  /**
   * Same 401 for an unknown email, a wrong password and a disabled account; 429 once the
   * account or the address has failed too often (checked before the password is). The time an
   * answer takes does not tell them apart either: see UsersService.verifyCredentials.
   */
  async login(email: string, password: string, address: string): Promise<LoginResult> {
    await this.attempts.assertAllowed(email, address);
    const user = await this.users.verifyCredentials(email, password);
    if (!user) {
      await this.attempts.recordFailure(email, address);
      throw new UnauthorizedException('email or password is incorrect');
    }
    await this.attempts.recordSuccess(email, address);
    return this.answer(user, await this.refreshTokens.start(user));
  }

  /** Rotates the refresh token: 401 for any token that may no longer be used (see RefreshTokensService.rotate). */
  async refresh(refreshToken: string, requestId?: string): Promise<LoginResult> {
    const session = await this.refreshTokens.rotate(refreshToken, requestId);
    return this.answer(session.user, session);
  }

  async logout(refreshToken: string): Promise<void> {
    await this.refreshTokens.end(refreshToken);
  }

  private async answer(user: UserView, refresh: IssuedRefreshToken): Promise<LoginResult> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, org: user.organisationId, typ: 'access', sid: refresh.loginId };
    const accessToken = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: Math.max(0, exp - Math.floor(Date.now() / 1000)),
      accessTokenExpiresAt: new Date(exp * 1000).toISOString(),
      refreshToken: refresh.refreshToken,
      refreshTokenExpiresAt: refresh.refreshTokenExpiresAt.toISOString(),
      user: { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId },
    };
  }
}
