import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Kept in step with ConditionCategory in libs/domain/src/conditions/condition.rules.ts. */
const CATEGORIES = `'grant_agreement','monitoring','financial','safeguarding','data_protection','insurance','equality','governance','publicity','other'`;

/**
 * Award conditions (docs/design.md#condition: open -> met | waived | breached) and the
 * funding-stream templates new awards start with. Holds the condition lifecycle in the database
 * and gives the payment trigger of a later migration `award_open_holding_conditions(award)` for
 * docs/design.md#invariant-5.
 */
export class Conditions1764000100000 implements MigrationInterface {
  name = 'Conditions1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE condition_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        funding_stream_id uuid NOT NULL REFERENCES funding_stream (id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        description text,
        category text NOT NULL CHECK (category IN (${CATEGORIES})),
        holds_payments boolean NOT NULL DEFAULT false,
        -- Calendar days after the award's start date; null = the copy has no due date.
        due_days_after_start int CHECK (due_days_after_start >= 0),
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX condition_template_stream_idx ON condition_template (funding_stream_id, created_at);

      -- Not ON DELETE CASCADE from award: what was required of a recipient is a record.
      CREATE TABLE award_condition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id),
        template_id uuid REFERENCES condition_template (id) ON DELETE SET NULL,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        description text,
        category text NOT NULL CHECK (category IN (${CATEGORIES})),
        holds_payments boolean NOT NULL DEFAULT false,
        due_date date,
        -- Condition lifecycle (docs/design.md#condition): open -> met | waived | breached.
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','met','waived','breached')),
        note text,
        resolved_by_user_id uuid REFERENCES app_user (id),
        resolved_at timestamptz,
        created_by_user_id uuid REFERENCES app_user (id),
        -- clock_timestamp, not now(): the copies of a stream's templates, made in one transaction,
        -- keep the templates' order when listed by created_at.
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- Condition lifecycle: a resolved condition records its note (evidence for met, reason for
        -- waived, explanation for breached), who resolved it and when; an open one has none of them.
        CONSTRAINT award_condition_resolution_recorded CHECK (
          (status = 'open' AND note IS NULL AND resolved_by_user_id IS NULL AND resolved_at IS NULL)
          OR (status <> 'open' AND note IS NOT NULL AND length(btrim(note)) > 0 AND resolved_by_user_id IS NOT NULL AND resolved_at IS NOT NULL)
        )
      );
      CREATE INDEX award_condition_award_idx ON award_condition (award_id, created_at);
      -- docs/design.md#invariant-5: the payment trigger asks for exactly these rows.
      CREATE INDEX award_condition_holding_idx ON award_condition (award_id) WHERE status = 'open' AND holds_payments;
    `);

    // Conditions are added only to awards that are not closed or cancelled. The award row is
    // share-locked, so a concurrent cancel or close waits for this insert (or it waits for them).
    await q.query(`
      CREATE FUNCTION award_condition_award_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        award_status text;
      BEGIN
        SELECT status INTO award_status FROM award WHERE id = NEW.award_id FOR SHARE;
        IF award_status IN ('closed','cancelled') THEN
          RAISE EXCEPTION 'award % is %; conditions cannot be added to it', NEW.award_id, award_status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'award_condition_award_open';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER award_condition_award_open BEFORE INSERT OR UPDATE OF award_id ON award_condition
        FOR EACH ROW EXECUTE FUNCTION award_condition_award_open();
    `);

    // Condition lifecycle, and docs/design.md#invariant-5: only an open condition changes status, a
    // resolution is final (a met, waived or breached condition never reopens or changes its note,
    // resolver or time), a condition never moves to another award, and a condition is never
    // deleted, so a payment hold is lifted only by a recorded met or waive.
    await q.query(`
      CREATE FUNCTION award_condition_resolution_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'award conditions are never deleted (condition %); waive it with a reason instead', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'award_condition_resolution_final';
        END IF;
        IF NEW.award_id <> OLD.award_id THEN
          RAISE EXCEPTION 'condition % cannot move to another award', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'award_condition_resolution_final';
        END IF;
        IF OLD.status <> 'open' AND (NEW.status, NEW.note, NEW.resolved_by_user_id, NEW.resolved_at, NEW.holds_payments)
             IS DISTINCT FROM (OLD.status, OLD.note, OLD.resolved_by_user_id, OLD.resolved_at, OLD.holds_payments) THEN
          RAISE EXCEPTION 'condition % is %; its resolution is final', OLD.id, OLD.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'award_condition_resolution_final';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER award_condition_resolution_final BEFORE UPDATE OR DELETE ON award_condition
        FOR EACH ROW EXECUTE FUNCTION award_condition_resolution_final();

      -- TRUNCATE has no row to look at: a statement-level function of its own.
      CREATE FUNCTION award_condition_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'award conditions are never deleted (TRUNCATE refused)'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'award_condition_resolution_final';
      END $$;
      CREATE TRIGGER award_condition_no_truncate BEFORE TRUNCATE ON award_condition
        FOR EACH STATEMENT EXECUTE FUNCTION award_condition_no_truncate();
    `);

    // docs/design.md#invariant-5: a payment cannot be approved or paid while the award has an open
    // condition that holds payments. The payment trigger (a later migration) refuses while this
    // is above zero; callers lock the award row first so a new holding condition and a payment
    // approval on the same award queue up (conditions are inserted under FOR UPDATE on award).
    await q.query(`
      CREATE FUNCTION award_open_holding_conditions(award uuid) RETURNS int LANGUAGE sql STABLE AS $$
        SELECT count(*)::int FROM award_condition c
         WHERE c.award_id = award_open_holding_conditions.award AND c.status = 'open' AND c.holds_payments
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS award_open_holding_conditions(uuid);
      DROP TABLE IF EXISTS award_condition, condition_template;
      DROP FUNCTION IF EXISTS award_condition_resolution_final(), award_condition_no_truncate(), award_condition_award_open();
    `);
  }
}
