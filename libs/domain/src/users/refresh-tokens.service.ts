import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { APP_CONFIG, CommonErrorCode, DomainError, type AppConfig } from '#platform/index.js';
import { AuditService } from '../audit/audit.service.js';
import { RefreshToken } from './refresh-token.entity.js';
import { loginChanged } from './login-changes.js';
import { revokeRefreshTokens } from './refresh-token.revocation.js';
import { User } from './user.entity.js';
import type { UserView } from './user.types.js';
import { toUserView } from './users.service.js';

export interface IssuedRefreshToken {
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  /** The login (refresh-token family) this token continues; access tokens carry it as `sid`. */
  loginId: string;
}

export interface RefreshedLogin extends IssuedRefreshToken {
  /** The user as stored now: the new access token is issued for this role and organisation. */
  user: UserView;
}

/** One answer for every refusal, so a caller learns nothing about which tokens exist. */
export const REFRESH_REFUSED = 'the refresh token is invalid, expired or revoked; log in again';

/** Recognisable in a leaked log or repository (secret scanners), and never a JWT. */
const TOKEN_PREFIX = 'rft_';

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

type RotateOutcome = { session: RefreshedLogin } | { refused: 'unknown' } | { refused: 'user-changed'; userId: string } | { refused: 'reuse'; userId: string; familyId: string };

/**
 * Refresh tokens (migrations/1764001000000-refresh-tokens.ts): opaque, 256 random bits, stored as
 * a SHA-256 only, rotated on every use. Access tokens stay the API layer's business; this
 * service decides whether a login may continue and as whom.
 */
@Injectable()
export class RefreshTokensService {
  private readonly logger = new Logger(RefreshTokensService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a family for a user who has just proved their password. */
  async start(user: UserView): Promise<IssuedRefreshToken> {
    return this.dataSource.transaction(async (tx) => {
      // Expired rows are dead weight: presenting one is refused as unknown, which is as safe.
      await tx.delete(RefreshToken, { userId: user.id, expiresAt: LessThan(new Date()) });
      return this.issue(tx, user, randomUUID());
    });
  }

  /**
   * Trades a refresh token for its successor. Throws UNAUTHENTICATED (401) when the token is
   * unknown, expired, revoked or already traded (then the whole family is revoked: someone else
   * holds a copy), or when its user was disabled or changed role or organisation since.
   */
  async rotate(refreshToken: string, requestId?: string): Promise<RefreshedLogin> {
    const outcome = await this.dataSource.transaction(async (tx): Promise<RotateOutcome> => {
      const found = await tx.findOneBy(RefreshToken, { tokenHash: hashToken(refreshToken) });
      if (!found) return { refused: 'unknown' };
      // Lock order everywhere: the user row, then refresh tokens (UsersService.update does the
      // same), so a refresh racing an admin's change neither deadlocks nor outlives it.
      const user = await tx.findOne(User, { where: { id: found.userId }, lock: { mode: 'pessimistic_read' } });
      const token = await tx.findOne(RefreshToken, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (!user || !token || token.revokedAt || token.expiresAt <= new Date()) return { refused: 'unknown' };
      if (token.rotatedAt) {
        await revokeRefreshTokens(tx, { familyId: token.familyId }, 'reuse');
        await this.audit.record(
          tx,
          { userId: user.id, role: user.role, organisationId: user.organisationId, requestId },
          { action: 'session.revoke', entityType: 'user', entityId: user.id, after: { familyId: token.familyId, reason: 'reuse' } },
        );
        return { refused: 'reuse', userId: user.id, familyId: token.familyId };
      }
      if (user.disabled || user.role !== token.role || user.organisationId !== token.organisationId) {
        await revokeRefreshTokens(tx, { familyId: token.familyId }, user.disabled ? 'user-disabled' : 'user-changed');
        return { refused: 'user-changed', userId: user.id };
      }
      await tx.update(RefreshToken, { id: token.id }, { rotatedAt: new Date() });
      const view = toUserView(user);
      return { session: { user: view, ...(await this.issue(tx, view, token.familyId)) } };
    });
    if ('session' in outcome) return outcome.session;
    if (outcome.refused !== 'unknown') loginChanged(outcome.userId);
    if (outcome.refused === 'reuse') {
      this.logger.warn({ userId: outcome.userId, familyId: outcome.familyId }, 'a rotated refresh token was presented again; revoked its family');
    }
    throw new DomainError(CommonErrorCode.Unauthenticated, REFRESH_REFUSED);
  }

  /**
   * Logout: revokes the family of the token. Quietly does nothing for a token it does not know,
   * so logout cannot be used to test whether a token exists.
   */
  async end(refreshToken: string): Promise<void> {
    const userId = await this.dataSource.transaction(async (tx) => {
      const token = await tx.findOneBy(RefreshToken, { tokenHash: hashToken(refreshToken) });
      if (token) await revokeRefreshTokens(tx, { familyId: token.familyId }, 'logout');
      return token?.userId;
    });
    if (userId) loginChanged(userId);
  }

  private async issue(tx: EntityManager, user: UserView, familyId: string): Promise<IssuedRefreshToken> {
    const refreshToken = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
    await tx.insert(RefreshToken, {
      tokenHash: hashToken(refreshToken),
      userId: user.id,
      familyId,
      role: user.role,
      organisationId: user.organisationId,
      expiresAt: refreshTokenExpiresAt,
    });
    return { refreshToken, refreshTokenExpiresAt, loginId: familyId };
  }
}
