import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminder policies and the notification rows that are the chasing record. A reminder step is
 * sent exactly once per period: the row's unique (reporting_period_id, step_key) is claimed in the
 * transaction that decides the step is due; delivery only marks it sent.
 */
export class Notifications1764000650000 implements MigrationInterface {
  name = 'Notifications1764000650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder_policy (
        funding_stream_id uuid PRIMARY KEY REFERENCES funding_stream (id),
        steps jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 1 AND 10),
        updated_by_user_id uuid REFERENCES app_user (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reporting_period_id uuid NOT NULL REFERENCES reporting_period (id),
        award_id uuid NOT NULL REFERENCES award (id),
        step_key text NOT NULL,
        step_date date NOT NULL,
        escalated boolean NOT NULL DEFAULT false,
        recipients text[] NOT NULL DEFAULT '{}',
        cc text[] NOT NULL DEFAULT '{}',
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','skipped','cancelled','undeliverable')),
        attempts int NOT NULL DEFAULT 0,
        enqueued int NOT NULL DEFAULT 0,
        last_enqueued_at timestamptz,
        last_error text,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        -- Exactly once per period and step (issue: background jobs, item 3).
        CONSTRAINT notification_once_per_step UNIQUE (reporting_period_id, step_key),
        CONSTRAINT notification_sent_recorded CHECK (status <> 'sent' OR sent_at IS NOT NULL)
      );
      CREATE INDEX notification_pending_idx ON notification (created_at) WHERE status = 'pending';
      CREATE INDEX notification_award_idx ON notification (award_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notification, reminder_policy;`);
  }
}
