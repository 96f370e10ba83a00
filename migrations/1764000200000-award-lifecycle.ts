import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The award lifecycle beyond approval (activate, suspend, resume, close, cancel), variations
 * of the amount, and the Idempotency-Key store for POSTs that create money rows.
 */
export class AwardLifecycle1764000200000 implements MigrationInterface {
  name = 'AwardLifecycle1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE award
        ADD COLUMN activated_at timestamptz,
        ADD COLUMN agreement_signed_on date,
        ADD COLUMN closed_at timestamptz,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN status_reason text,
        -- An active award has a signed agreement on record.
        ADD CONSTRAINT award_active_has_agreement CHECK (status NOT IN ('active','suspended','closed') OR activated_at IS NOT NULL);

      CREATE TABLE award_variation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id),
        previous_amount_pence bigint NOT NULL CHECK (previous_amount_pence >= 0),
        new_amount_pence bigint NOT NULL CHECK (new_amount_pence >= 0),
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT award_variation_changes_amount CHECK (new_amount_pence <> previous_amount_pence)
      );
      CREATE INDEX award_variation_award_idx ON award_variation (award_id, created_at);

      -- Idempotency-Key (docs/api.md#idempotency-keys): one row per user and key, written in the same transaction as
      -- the money row it created, so a concurrent duplicate waits on the unique key and then
      -- replays the stored answer instead of creating a second row.
      CREATE TABLE idempotency_key (
        actor_user_id uuid NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        scope text NOT NULL,
        request_hash text NOT NULL,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_user_id, key)
      );
      CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS idempotency_key, award_variation;
      ALTER TABLE award DROP CONSTRAINT IF EXISTS award_active_has_agreement,
        DROP COLUMN IF EXISTS activated_at, DROP COLUMN IF EXISTS agreement_signed_on, DROP COLUMN IF EXISTS closed_at,
        DROP COLUMN IF EXISTS cancelled_at, DROP COLUMN IF EXISTS status_reason;
    `);
  }
}
