import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations: an admin invites a person, who chooses their own password from a link sent by
 * e-mail (no admin ever knows it). Only the SHA-256 of the link's token is stored, so a copy of
 * the table cannot be used to set anyone's password; a token works once (`used_at`) and until
 * `expires_at`. A new invitation for the same user leaves the older ones unusable (`revoked_at`).
 * The invited user's row exists from the start, disabled-free but with an unusable password hash.
 */
export class UserInvitations1764004410000 implements MigrationInterface {
  name = 'UserInvitations1764004410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        invited_by_user_id uuid REFERENCES app_user (id),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX user_invitation_user_idx ON user_invitation (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS user_invitation;`);
  }
}
