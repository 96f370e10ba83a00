import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every authenticated request now asks whether its access token's login (a refresh-token family)
 * is still live: not logged out, not revoked for reuse or a change to the user, not expired
 * (UsersService.findActiveInLogin, inside the one query that reloads the user).
 *
 * A live family has exactly one token that is neither rotated nor revoked: rotation marks the old
 * token and inserts its successor in one transaction, and revocation marks them all. Indexing only
 * those rows keeps the lookup to one index entry however many refreshes a login has made, and an
 * ended login finds none at all instead of scanning its revoked rows.
 */
export class RefreshTokenLiveLogin1764003300000 implements MigrationInterface {
  name = 'RefreshTokenLiveLogin1764003300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX refresh_token_live_family_idx ON refresh_token (family_id, user_id) WHERE revoked_at IS NULL AND rotated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS refresh_token_live_family_idx`);
  }
}
