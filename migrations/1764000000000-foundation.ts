import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: users, organisations, funding sources and streams, plan objectives,
 * awards and the audit trail. Every invariant (docs/design.md#money-invariants) that exists at this stage is held here,
 * by constraints and triggers, not only by code.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        kind text NOT NULL CHECK (kind IN ('pcc','local_authority','charity','company','nhs','government','community_group','other')),
        identifier360 text,
        charity_number text,
        company_number text,
        postcode text,
        contact_email text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX organisation_identifier360_key ON organisation (identifier360) WHERE identifier360 IS NOT NULL;
      CREATE INDEX organisation_name_idx ON organisation (name);

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','commissioner','finance','partner','viewer')),
        organisation_id uuid REFERENCES organisation (id),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- docs/design.md#invariant-8 starts here: a partner always belongs to one organisation, staff to none.
        CONSTRAINT app_user_partner_has_organisation CHECK ((role = 'partner') = (organisation_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX app_user_email_key ON app_user (email);

      CREATE TABLE funding_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        funder_organisation_id uuid NOT NULL REFERENCES organisation (id),
        name text NOT NULL,
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
        amount_pence bigint NOT NULL CHECK (amount_pence >= 0),
        restricted boolean NOT NULL DEFAULT false,
        reporting_requirements text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX funding_source_year_idx ON funding_source (financial_year);

      CREATE TABLE funding_stream (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
        purpose text NOT NULL CHECK (purpose IN ('crime_and_disorder_reduction','victims_services','community_fund','other')),
        -- The body that commissions from this stream (the PCC or council): the funder in 360Giving.
        commissioner_organisation_id uuid REFERENCES organisation (id),
        -- Kept by trigger as the sum of the assignments (docs/design.md#invariant-2); code never writes it.
        budget_pence bigint NOT NULL DEFAULT 0 CHECK (budget_pence >= 0),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX funding_stream_year_idx ON funding_stream (financial_year);

      CREATE TABLE funding_stream_source (
        funding_stream_id uuid NOT NULL REFERENCES funding_stream (id) ON DELETE CASCADE,
        funding_source_id uuid NOT NULL REFERENCES funding_source (id),
        amount_pence bigint NOT NULL CHECK (amount_pence > 0),
        PRIMARY KEY (funding_stream_id, funding_source_id)
      );
      CREATE INDEX funding_stream_source_source_idx ON funding_stream_source (funding_source_id);

      CREATE TABLE plan_objective (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_name text NOT NULL,
        code text NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (plan_name, code)
      );
      CREATE TABLE plan_objective_measure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_objective_id uuid NOT NULL REFERENCES plan_objective (id) ON DELETE CASCADE,
        position int NOT NULL,
        title text NOT NULL,
        UNIQUE (plan_objective_id, position)
      );

      CREATE SEQUENCE award_reference_seq;
      CREATE TABLE award (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        funding_stream_id uuid NOT NULL REFERENCES funding_stream (id),
        recipient_organisation_id uuid NOT NULL REFERENCES organisation (id),
        title text NOT NULL,
        grant_type text NOT NULL,
        description text,
        amount_pence bigint NOT NULL CHECK (amount_pence >= 0),
        start_date date NOT NULL,
        end_date date NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved','active','suspended','closed','cancelled')),
        decision_reference text,
        approved_by_user_id uuid REFERENCES app_user (id),
        approved_at timestamptz,
        -- The date of the decision itself (a panel or PCC decision may predate its recording).
        decision_date date,
        created_by_user_id uuid REFERENCES app_user (id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT award_dates_ordered CHECK (end_date >= start_date),
        -- An award that counts against the budget always records when it was approved.
        CONSTRAINT award_committed_is_approved CHECK (status IN ('draft','cancelled') OR (approved_at IS NOT NULL AND decision_date IS NOT NULL))
      );
      CREATE INDEX award_stream_status_idx ON award (funding_stream_id, status);
      CREATE INDEX award_recipient_idx ON award (recipient_organisation_id);

      CREATE TABLE award_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id) ON DELETE CASCADE,
        position int NOT NULL,
        label text NOT NULL,
        amount_pence bigint CHECK (amount_pence >= 0),
        note text,
        UNIQUE (award_id, position)
      );
      CREATE TABLE award_co_funder (
        award_id uuid NOT NULL REFERENCES award (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        amount_pence bigint NOT NULL CHECK (amount_pence >= 0),
        PRIMARY KEY (award_id, organisation_id)
      );
      CREATE TABLE award_objective (
        award_id uuid NOT NULL REFERENCES award (id) ON DELETE CASCADE,
        plan_objective_id uuid NOT NULL REFERENCES plan_objective (id),
        PRIMARY KEY (award_id, plan_objective_id)
      );

      CREATE TABLE audit_entry (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text
      );
      CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_type, entity_id);
    `);

    // docs/design.md#invariant-2: a funding source is never assigned beyond its amount, and a stream's
    // budget is the sum of its assignments. The source row is locked so two streams assigning
    // the same source at once queue up.
    await q.query(`
      CREATE FUNCTION funding_stream_source_check() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        source_amount bigint;
        assigned bigint;
        stream_id uuid;
      BEGIN
        IF TG_OP IN ('INSERT','UPDATE') THEN
          SELECT amount_pence INTO source_amount FROM funding_source WHERE id = NEW.funding_source_id FOR UPDATE;
          SELECT coalesce(sum(amount_pence), 0) INTO assigned FROM funding_stream_source WHERE funding_source_id = NEW.funding_source_id;
          IF assigned > source_amount THEN
            RAISE EXCEPTION 'funding source % would be assigned % of % pence', NEW.funding_source_id, assigned, source_amount
              USING ERRCODE = 'RF002';
          END IF;
        END IF;
        FOR stream_id IN
          SELECT DISTINCT x FROM unnest(ARRAY[
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.funding_stream_id END,
            CASE WHEN TG_OP <> 'INSERT' THEN OLD.funding_stream_id END]) AS x WHERE x IS NOT NULL
        LOOP
          UPDATE funding_stream SET budget_pence =
            (SELECT coalesce(sum(amount_pence), 0) FROM funding_stream_source WHERE funding_stream_id = stream_id)
           WHERE id = stream_id;
        END LOOP;
        RETURN NULL;
      END $$;
      CREATE TRIGGER funding_stream_source_check AFTER INSERT OR UPDATE OR DELETE ON funding_stream_source
        FOR EACH ROW EXECUTE FUNCTION funding_stream_source_check();

      CREATE FUNCTION funding_source_amount_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.amount_pence < (SELECT coalesce(sum(amount_pence), 0) FROM funding_stream_source WHERE funding_source_id = NEW.id) THEN
          RAISE EXCEPTION 'funding source % is already assigned more than % pence', NEW.id, NEW.amount_pence USING ERRCODE = 'RF002';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER funding_source_amount_check AFTER UPDATE OF amount_pence ON funding_source
        FOR EACH ROW EXECUTE FUNCTION funding_source_amount_check();
    `);

    // docs/design.md#invariant-3: committed awards never sum above the stream budget, whatever the
    // concurrency. The stream row is locked, so concurrent approvals and variations queue; under
    // READ COMMITTED each statement below then sees every earlier commit.
    await q.query(`
      CREATE FUNCTION stream_budget_check(stream uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        budget bigint;
        committed bigint;
      BEGIN
        SELECT budget_pence INTO budget FROM funding_stream WHERE id = stream FOR UPDATE;
        SELECT coalesce(sum(amount_pence), 0) INTO committed FROM award
         WHERE funding_stream_id = stream AND status IN ('approved','active','suspended','closed');
        IF committed > budget THEN
          RAISE EXCEPTION 'funding stream % would commit % of a % pence budget', stream, committed, budget
            USING ERRCODE = 'RF003';
        END IF;
      END $$;

      CREATE FUNCTION award_budget_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IN ('approved','active','suspended','closed') THEN
          PERFORM stream_budget_check(NEW.funding_stream_id);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER award_budget_check AFTER INSERT OR UPDATE OF status, amount_pence, funding_stream_id ON award
        FOR EACH ROW EXECUTE FUNCTION award_budget_check();

      -- Reducing a stream's assignments must leave its committed awards covered.
      CREATE FUNCTION funding_stream_budget_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.budget_pence < OLD.budget_pence THEN
          PERFORM stream_budget_check(NEW.id);
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER funding_stream_budget_check AFTER UPDATE OF budget_pence ON funding_stream
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION funding_stream_budget_check();

      -- The live totals per stream (GET /api/funding-streams): budget, committed, draft and paid. Payments arrive in
      -- a later migration, which redefines paid_pence.
      CREATE VIEW funding_stream_totals AS
        SELECT s.id AS funding_stream_id,
               s.budget_pence,
               coalesce(sum(a.amount_pence) FILTER (WHERE a.status IN ('approved','active','suspended','closed')), 0)::bigint AS committed_pence,
               coalesce(sum(a.amount_pence) FILTER (WHERE a.status = 'draft'), 0)::bigint AS draft_pence,
               0::bigint AS paid_pence
          FROM funding_stream s
          LEFT JOIN award a ON a.funding_stream_id = s.id
         GROUP BY s.id, s.budget_pence;
    `);

    // docs/design.md#invariant-6: audit rows cannot be updated or deleted, by anyone, from any code path.
    await q.query(`
      CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'RF006';
      END $$;
      CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
      CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP VIEW IF EXISTS funding_stream_totals;
      DROP TABLE IF EXISTS audit_entry, award_objective, award_co_funder, award_line, award,
        plan_objective_measure, plan_objective, funding_stream_source, funding_stream, funding_source, app_user, organisation CASCADE;
      DROP SEQUENCE IF EXISTS award_reference_seq;
      DROP FUNCTION IF EXISTS audit_entry_append_only(), funding_stream_budget_check(), award_budget_check(),
        stream_budget_check(uuid), funding_source_amount_check(), funding_stream_source_check();
    `);
  }
}
