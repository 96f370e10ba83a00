import type { EntityManager } from 'typeorm';
import { RefreshToken, type RefreshTokenRevokedReason } from './refresh-token.entity.js';
import type { UserView } from './user.types.js';

/**
 * Why a change to a user ends their logins, or null when it does not. A new password must end
 * sessions started with the old one (the reason to change it is often that it leaked); a role,
 * organisation or disabling change would be refused at the next refresh anyway, but revoking
 * here makes the stored state say so.
 */
export function refreshRevocationReason(before: UserView, after: UserView, passwordChanged: boolean): RefreshTokenRevokedReason | null {
  if (after.disabled && !before.disabled) return 'user-disabled';
  if (passwordChanged) return 'credentials-changed';
  if (after.role !== before.role || after.organisationId !== before.organisationId) return 'user-changed';
  return null;
}

/**
 * Revokes the live refresh tokens of one user or one family inside the caller's transaction.
 * The rows are locked by one statement and updated by the next: under READ COMMITTED the second
 * statement's snapshot also sees a token a concurrent refresh added to the family while this one
 * waited for its lock, so no successor slips through.
 */
export async function revokeRefreshTokens(
  tx: EntityManager,
  scope: { userId: string } | { familyId: string },
  reason: RefreshTokenRevokedReason,
): Promise<number> {
  const [column, value] = 'userId' in scope ? ['user_id', scope.userId] : ['family_id', scope.familyId];
  await tx.query(`SELECT id FROM refresh_token WHERE ${column} = $1 AND revoked_at IS NULL ORDER BY id FOR UPDATE`, [value]);
  const result = await tx
    .createQueryBuilder()
    .update(RefreshToken)
    .set({ revokedAt: () => 'now()', revokedReason: reason })
    .where(`${column} = :value AND revoked_at IS NULL`, { value })
    .execute();
  return result.affected ?? 0;
}
