import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting schedules, reporting periods and monitoring returns. docs/design.md#invariant-7: a submitted
 * return version (and its values) is immutable; corrections are new versions. A schedule change
 * never deletes a period that already has a return (trigger).
 */
export class MonitoringReturns1764000600000 implements MigrationInterface {
  name = 'MonitoringReturns1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_schedule (
        award_id uuid PRIMARY KEY REFERENCES award (id),
        frequency text NOT NULL CHECK (frequency IN ('quarterly','half_yearly','annual')),
        due_working_days int NOT NULL CHECK (due_working_days BETWEEN 0 AND 60),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE reporting_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id),
        key text NOT NULL CHECK (key ~ '^[0-9]{4}/[0-9]{2}(-(Q[1-4]|H[12]|X[0-9]{1,3}))?$'),
        kind text NOT NULL CHECK (kind IN ('scheduled','extra')),
        period_start date NOT NULL,
        period_end date NOT NULL,
        due_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reporting_period_dates CHECK (period_end >= period_start AND due_date >= period_end),
        CONSTRAINT reporting_period_key_unique UNIQUE (award_id, key)
      );
      CREATE INDEX reporting_period_due_idx ON reporting_period (due_date);

      CREATE TABLE monitoring_return (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reporting_period_id uuid NOT NULL UNIQUE REFERENCES reporting_period (id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','revision_requested','accepted')),
        -- The partner's working copy; each submission freezes it into return_version.
        draft_values jsonb NOT NULL DEFAULT '[]',
        draft_spend_pence bigint CHECK (draft_spend_pence >= 0),
        draft_narrative text,
        draft_updated_by_user_id uuid REFERENCES app_user (id),
        draft_updated_at timestamptz,
        latest_version int NOT NULL DEFAULT 0,
        accepted_version int,
        first_submitted_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT monitoring_return_accepted_has_version CHECK (status <> 'accepted' OR accepted_version IS NOT NULL)
      );

      CREATE TABLE return_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        monitoring_return_id uuid NOT NULL REFERENCES monitoring_return (id),
        version_number int NOT NULL CHECK (version_number >= 1),
        spend_pence bigint NOT NULL CHECK (spend_pence >= 0),
        narrative text NOT NULL DEFAULT '',
        certified_by_user_id uuid NOT NULL REFERENCES app_user (id),
        certified_at timestamptz NOT NULL,
        submitted_on_behalf boolean NOT NULL DEFAULT false,
        late boolean NOT NULL,
        working_days_late int NOT NULL CHECK (working_days_late >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (monitoring_return_id, version_number)
      );

      CREATE TABLE return_value (
        return_version_id uuid NOT NULL REFERENCES return_version (id),
        indicator_code text NOT NULL,
        value_numeric numeric,
        value_text text,
        PRIMARY KEY (return_version_id, indicator_code),
        CONSTRAINT return_value_one_kind CHECK ((value_numeric IS NULL) <> (value_text IS NULL))
      );

      CREATE TABLE return_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        monitoring_return_id uuid NOT NULL REFERENCES monitoring_return (id),
        version_number int NOT NULL,
        decision text NOT NULL CHECK (decision IN ('accepted','revision_requested','reopened')),
        comment text,
        reviewed_by_user_id uuid REFERENCES app_user (id),
        reviewed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT return_review_comment CHECK (decision = 'accepted' OR length(btrim(coalesce(comment, ''))) > 0)
      );
      CREATE INDEX return_review_return_idx ON return_review (monitoring_return_id, reviewed_at);

      -- docs/design.md#invariant-7: submitted versions and their values never change.
      CREATE FUNCTION return_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is immutable once submitted (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'RF008';
      END $$;
      CREATE TRIGGER return_version_immutable BEFORE UPDATE OR DELETE ON return_version
        FOR EACH ROW EXECUTE FUNCTION return_version_immutable();
      CREATE TRIGGER return_value_immutable BEFORE UPDATE OR DELETE ON return_value
        FOR EACH ROW EXECUTE FUNCTION return_version_immutable();
      CREATE TRIGGER return_review_immutable BEFORE UPDATE OR DELETE ON return_review
        FOR EACH ROW EXECUTE FUNCTION return_version_immutable();

      -- A value can only join a version inside the transaction that creates it.
      CREATE FUNCTION return_value_same_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM return_version v WHERE v.id = NEW.return_version_id AND v.xmin = (pg_current_xact_id()::text::bigint % 4294967296)::text::xid) THEN
          RAISE EXCEPTION 'values cannot be added to a submitted version' USING ERRCODE = 'RF008';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER return_value_same_transaction BEFORE INSERT ON return_value
        FOR EACH ROW EXECUTE FUNCTION return_value_same_transaction();

      -- A schedule change never deletes a period that already has a return.
      CREATE FUNCTION reporting_period_keep_returns() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM monitoring_return r WHERE r.reporting_period_id = OLD.id AND r.latest_version > 0) THEN
          RAISE EXCEPTION 'reporting period % has a submitted return and cannot be removed', OLD.key USING ERRCODE = 'RF009';
        END IF;
        IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM monitoring_return r WHERE r.reporting_period_id = OLD.id AND r.latest_version > 0)
           AND (NEW.period_start, NEW.period_end, NEW.due_date, NEW.key) IS DISTINCT FROM (OLD.period_start, OLD.period_end, OLD.due_date, OLD.key) THEN
          RAISE EXCEPTION 'reporting period % has a submitted return and cannot be changed', OLD.key USING ERRCODE = 'RF009';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER reporting_period_keep_returns BEFORE UPDATE OR DELETE ON reporting_period
        FOR EACH ROW EXECUTE FUNCTION reporting_period_keep_returns();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS return_review, return_value, return_version, monitoring_return, reporting_period, reporting_schedule;
      DROP FUNCTION IF EXISTS reporting_period_keep_returns(), return_value_same_transaction(), return_version_immutable();
    `);
  }
}
