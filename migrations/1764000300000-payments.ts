import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments and recoveries against awards. docs/design.md#invariant-4 (approved plus paid, less
 * recoveries, never above the award) and 5 (no approval or payment while a condition that holds
 * payments is open) are held here by triggers, under a lock on the award row.
 */
export class Payments1764000300000 implements MigrationInterface {
  name = 'Payments1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id),
        kind text NOT NULL CHECK (kind IN ('payment','recovery')),
        -- Signed: payments positive, recoveries (clawback) negative lines.
        amount_pence bigint NOT NULL,
        planned_date date NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','approved','paid','cancelled')),
        note text,
        created_by_user_id uuid REFERENCES app_user (id),
        requires_second_approver boolean NOT NULL DEFAULT false,
        approved_by_user_id uuid REFERENCES app_user (id),
        approved_at timestamptz,
        paid_date date,
        paid_reference text,
        paid_by_user_id uuid REFERENCES app_user (id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payment_sign_matches_kind CHECK ((kind = 'payment' AND amount_pence > 0) OR (kind = 'recovery' AND amount_pence < 0)),
        CONSTRAINT payment_approval_recorded CHECK (status NOT IN ('approved','paid') OR (approved_by_user_id IS NOT NULL AND approved_at IS NOT NULL)),
        CONSTRAINT payment_paid_recorded CHECK (status <> 'paid' OR (paid_date IS NOT NULL AND length(btrim(paid_reference)) > 0)),
        -- Segregation of duties: above the configured amount the approver is not the creator.
        CONSTRAINT payment_second_approver CHECK (NOT requires_second_approver OR approved_by_user_id IS NULL OR approved_by_user_id <> created_by_user_id)
      );
      CREATE INDEX payment_award_idx ON payment (award_id, status);

      CREATE FUNCTION award_payment_check(target uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        award_amount bigint;
        outstanding bigint;
      BEGIN
        -- Lock the award: concurrent approvals and payments on one award queue up here.
        SELECT amount_pence INTO award_amount FROM award WHERE id = target FOR UPDATE;
        SELECT coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status IN ('approved','paid')), 0)
             + coalesce(sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status = 'paid'), 0)
          INTO outstanding FROM payment WHERE award_id = target;
        IF outstanding > award_amount THEN
          RAISE EXCEPTION 'award % would have % pence approved or paid net of recoveries, above its % pence', target, outstanding, award_amount
            USING ERRCODE = 'RF004';
        END IF;
      END $$;

      CREATE FUNCTION payment_rules() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        award_status text;
        holding int;
      BEGIN
        IF NEW.status IN ('approved','paid') AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
          SELECT status INTO award_status FROM award WHERE id = NEW.award_id;
          IF NEW.kind = 'payment' THEN
            -- docs/design.md#invariant-5: payments are allowed only while the award is active (agreement signed, not suspended).
            IF award_status <> 'active' THEN
              RAISE EXCEPTION 'award % is %: payments are allowed only on active awards', NEW.award_id, award_status USING ERRCODE = 'RF007';
            END IF;
            -- docs/design.md#invariant-5: no approval or payment while a condition holding payments is open.
            holding := award_open_holding_conditions(NEW.award_id);
            IF holding > 0 THEN
              RAISE EXCEPTION 'award % has % open condition(s) holding payments', NEW.award_id, holding USING ERRCODE = 'RF005';
            END IF;
          ELSIF award_status NOT IN ('active','suspended','closed') THEN
            RAISE EXCEPTION 'award % is %: nothing to recover', NEW.award_id, award_status USING ERRCODE = 'RF007';
          END IF;
        END IF;
        PERFORM award_payment_check(NEW.award_id);
        RETURN NULL;
      END $$;
      CREATE TRIGGER payment_rules AFTER INSERT OR UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION payment_rules();

      -- docs/design.md#invariant-4 from the other side: an award cannot be varied below what is out.
      CREATE FUNCTION award_amount_covers_payments() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.amount_pence < OLD.amount_pence THEN
          PERFORM award_payment_check(NEW.id);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER award_amount_covers_payments AFTER UPDATE OF amount_pence ON award
        FOR EACH ROW EXECUTE FUNCTION award_amount_covers_payments();

      -- Paid money per stream: payments paid less recoveries received.
      CREATE OR REPLACE VIEW funding_stream_totals AS
        SELECT s.id AS funding_stream_id,
               s.budget_pence,
               coalesce((SELECT sum(a.amount_pence) FROM award a WHERE a.funding_stream_id = s.id AND a.status IN ('approved','active','suspended','closed')), 0)::bigint AS committed_pence,
               coalesce((SELECT sum(a.amount_pence) FROM award a WHERE a.funding_stream_id = s.id AND a.status = 'draft'), 0)::bigint AS draft_pence,
               coalesce((SELECT sum(p.amount_pence) FROM payment p JOIN award a ON a.id = p.award_id WHERE a.funding_stream_id = s.id AND p.status = 'paid'), 0)::bigint AS paid_pence
          FROM funding_stream s;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW funding_stream_totals AS
        SELECT s.id AS funding_stream_id,
               s.budget_pence,
               coalesce((SELECT sum(a.amount_pence) FROM award a WHERE a.funding_stream_id = s.id AND a.status IN ('approved','active','suspended','closed')), 0)::bigint AS committed_pence,
               coalesce((SELECT sum(a.amount_pence) FROM award a WHERE a.funding_stream_id = s.id AND a.status = 'draft'), 0)::bigint AS draft_pence,
               0::bigint AS paid_pence
          FROM funding_stream s;
      DROP TRIGGER IF EXISTS award_amount_covers_payments ON award;
      DROP FUNCTION IF EXISTS award_amount_covers_payments();
      DROP TABLE IF EXISTS payment;
      DROP FUNCTION IF EXISTS payment_rules(), award_payment_check(uuid);
    `);
  }
}
