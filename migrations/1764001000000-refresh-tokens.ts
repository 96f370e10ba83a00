import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh tokens: the long-lived half of a login, traded at `POST /api/auth/refresh` for a new
 * short-lived access token and a new refresh token.
 *
 * Only a SHA-256 of each token is stored: the token is 256 random bits, so a plain hash is enough
 * (no salt or slow hash needed) and a copy of this table yields nothing anyone can present.
 *
 * One login starts a family; every refresh marks its token rotated and adds the next one to the
 * same family. A rotated token presented again means two parties hold the family (the token was
 * copied), so the whole family is revoked. The role and organisation the token was issued for
 * are kept, so a refresh after either changed is refused even if nothing revoked the family.
 *
 * No partner grants: the partner database role (row-level security) never reads this table;
 * refresh and logout are public routes and run as the connecting role.
 */
export class RefreshTokens1764001000000 implements MigrationInterface {
  name = 'RefreshTokens1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        role text NOT NULL,
        organisation_id uuid,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text,
        CONSTRAINT refresh_token_hash_unique UNIQUE (token_hash),
        CONSTRAINT refresh_token_revoked_reason CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      );
      CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
      CREATE INDEX refresh_token_user_idx ON refresh_token (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS refresh_token;`);
  }
}
