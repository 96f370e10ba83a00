import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalation never vanishes (issue 12, item 4; docs/design.md#escalation). An overdue
 * step copies the award's lead officer, else its stream's, else every active commissioner of the
 * stream's commissioning organisation; when nobody can receive it the chasing record says so.
 *
 * - `lead_officer_user_id` on funding_stream and (optionally, overriding it) on award. A trigger
 *   refuses naming anyone but an active commissioner; the services check first for a 400 naming
 *   the field. Someone disabled later stays named (the record of who led) and is passed over at
 *   escalation time.
 * - Awards that exist keep escalating to whom they did: the commissioner who created them, the
 *   rule before this one, while that person is an active commissioner.
 * - `escalation_route` and `escalation_error` on notification: who an escalated step was routed
 *   to, or 'undeliverable' and why. A CHECK holds "never silently dropped": an escalated row
 *   copies someone or records why nobody. Older rows that copied nobody are marked so.
 */
export class EscalationLeadOfficers1764003100000 implements MigrationInterface {
  name = 'EscalationLeadOfficers1764003100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE funding_stream ADD COLUMN lead_officer_user_id uuid REFERENCES app_user (id);
      ALTER TABLE award ADD COLUMN lead_officer_user_id uuid REFERENCES app_user (id);

      UPDATE award a SET lead_officer_user_id = a.created_by_user_id
        FROM app_user u
       WHERE u.id = a.created_by_user_id AND u.role = 'commissioner' AND NOT u.disabled;

      -- docs/design.md#escalation: a lead officer is someone who can receive escalations when named.
      CREATE FUNCTION rf_lead_officer_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.lead_officer_user_id IS NULL
           OR (TG_OP = 'UPDATE' AND NEW.lead_officer_user_id IS NOT DISTINCT FROM OLD.lead_officer_user_id) THEN
          RETURN NEW;
        END IF;
        PERFORM 1 FROM app_user WHERE id = NEW.lead_officer_user_id AND role = 'commissioner' AND NOT disabled FOR SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'lead officer % is not an active commissioner', NEW.lead_officer_user_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'lead_officer_active_commissioner';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER funding_stream_lead_officer BEFORE INSERT OR UPDATE OF lead_officer_user_id ON funding_stream
        FOR EACH ROW EXECUTE FUNCTION rf_lead_officer_check();
      CREATE TRIGGER award_lead_officer BEFORE INSERT OR UPDATE OF lead_officer_user_id ON award
        FOR EACH ROW EXECUTE FUNCTION rf_lead_officer_check();

      ALTER TABLE notification
        ADD COLUMN escalation_route text
          CHECK (escalation_route IN ('award_lead_officer','stream_lead_officer','commissioning_organisation','undeliverable')),
        ADD COLUMN escalation_error text;
      UPDATE notification
         SET escalation_route = 'undeliverable',
             escalation_error = 'nobody could receive this escalation: the award''s creator was not an active commissioner (the rule before lead officers)'
       WHERE escalated AND cardinality(cc) = 0;
      -- docs/design.md#escalation: an escalation is never silently dropped.
      ALTER TABLE notification
        ADD CONSTRAINT notification_escalation_recorded
          CHECK (NOT escalated OR cardinality(cc) > 0 OR (escalation_route = 'undeliverable' AND escalation_error IS NOT NULL)),
        ADD CONSTRAINT notification_escalation_route_escalated CHECK (escalation_route IS NULL OR escalated);
      -- The staff count of escalations nobody received (GET /api/reminders/undeliverable).
      CREATE INDEX notification_escalation_undelivered_idx ON notification (created_at)
        WHERE escalated AND (escalation_route = 'undeliverable' OR status = 'undeliverable');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS notification_escalation_undelivered_idx;
      ALTER TABLE notification DROP CONSTRAINT IF EXISTS notification_escalation_route_escalated,
        DROP CONSTRAINT IF EXISTS notification_escalation_recorded,
        DROP COLUMN IF EXISTS escalation_error, DROP COLUMN IF EXISTS escalation_route;
      DROP TRIGGER IF EXISTS award_lead_officer ON award;
      DROP TRIGGER IF EXISTS funding_stream_lead_officer ON funding_stream;
      DROP FUNCTION IF EXISTS rf_lead_officer_check();
      ALTER TABLE award DROP COLUMN IF EXISTS lead_officer_user_id;
      ALTER TABLE funding_stream DROP COLUMN IF EXISTS lead_officer_user_id;
    `);
  }
}
