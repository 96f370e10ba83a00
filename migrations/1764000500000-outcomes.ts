import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcome frameworks, their indicators and per-award targets (docs/design.md#outcome-frameworks).
 * Enums are kept in step with libs/domain/src/outcomes/outcomes.rules.ts; a new value needs a
 * migration. What the database holds here:
 * - a framework is for a funding stream, a plan objective or a financial year (at least one);
 * - indicator codes are unique within a framework, and an indicator is never deleted nor its
 *   code, unit, aggregation or victim-count flag changed (targets and returns refer to codes);
 * - text indicators aggregate by `latest` only; only counts are victim counts;
 * - a target is of the award's current framework, one per (award, indicator, period), its period
 *   key is a real one, and its target and baseline fit the indicator's unit.
 */
export class Outcomes1764000500000 implements MigrationInterface {
  name = 'Outcomes1764000500000';

  async up(q: QueryRunner): Promise<void> {
    // IMMUTABLE helpers for CHECKs. CASE guards the casts: AND does not fix the evaluation order.
    await q.query(`
      -- A UK financial year written 2026/27: the second part is the year after the first.
      CREATE FUNCTION outcome_is_financial_year(value text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN value ~ '^[0-9]{4}/[0-9]{2}$'
          THEN (substr(value, 1, 4)::int + 1) % 100 = substr(value, 6, 2)::int ELSE false END
      $$;
      -- 2026/27, 2026/27-Q1..Q4, 2026/27-H1|H2, 2026/27-X<n> (n 1..999) on a real financial year.
      CREATE FUNCTION outcome_is_period_key(value text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT value ~ '^[0-9]{4}/[0-9]{2}(-(Q[1-4]|H[12]|X[1-9][0-9]{0,2}))?$' AND outcome_is_financial_year(substr(value, 1, 7))
      $$;
    `);

    await q.query(`
      -- Not ON DELETE CASCADE from stream or objective: a framework awards were measured against is a record.
      CREATE TABLE outcome_framework (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        description text,
        financial_year text CHECK (financial_year IS NULL OR outcome_is_financial_year(financial_year)),
        funding_stream_id uuid REFERENCES funding_stream (id),
        plan_objective_id uuid REFERENCES plan_objective (id),
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- docs/design.md#outcome-frameworks: a framework is for a stream, a plan objective or a year.
        CONSTRAINT outcome_framework_scoped CHECK (financial_year IS NOT NULL OR funding_stream_id IS NOT NULL OR plan_objective_id IS NOT NULL)
      );
      CREATE INDEX outcome_framework_year_idx ON outcome_framework (financial_year);
      CREATE INDEX outcome_framework_stream_idx ON outcome_framework (funding_stream_id);

      CREATE TABLE outcome_indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        framework_id uuid NOT NULL REFERENCES outcome_framework (id),
        code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{0,19}$'),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        level text NOT NULL CHECK (level IN ('output','outcome','impact')),
        unit text NOT NULL CHECK (unit IN ('count','percentage','pence','text')),
        direction text NOT NULL CHECK (direction IN ('higher_is_better','lower_is_better')),
        aggregation text NOT NULL CHECK (aggregation IN ('sum','mean','latest')),
        -- Small-number suppression (docs/design.md#small-numbers: counts about victims below 5 are shown as <5).
        is_victim_count boolean NOT NULL,
        position int NOT NULL CHECK (position >= 0),
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Targets and monitoring returns name indicators by code within the framework.
        CONSTRAINT outcome_indicator_code_unique UNIQUE (framework_id, code),
        CONSTRAINT outcome_indicator_position_unique UNIQUE (framework_id, position),
        -- The key award_target's composite foreign key points at.
        CONSTRAINT outcome_indicator_framework_id_unique UNIQUE (framework_id, id),
        -- Text cannot be summed or averaged.
        CONSTRAINT outcome_indicator_text_latest CHECK (unit <> 'text' OR aggregation = 'latest'),
        -- Only counts count victims: a percentage or an amount of money is not a count of anyone.
        CONSTRAINT outcome_indicator_victim_count_is_count CHECK (NOT is_victim_count OR unit = 'count')
      );

      -- Which framework an award is measured against: at most one per award. Kept here, not as a
      -- column of award, so the awards area does not depend on outcomes.
      CREATE TABLE award_outcome_framework (
        award_id uuid PRIMARY KEY REFERENCES award (id),
        outcome_framework_id uuid NOT NULL REFERENCES outcome_framework (id),
        set_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT award_outcome_framework_pair_unique UNIQUE (award_id, outcome_framework_id)
      );
      CREATE INDEX award_outcome_framework_framework_idx ON award_outcome_framework (outcome_framework_id);

      CREATE TABLE award_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id),
        outcome_framework_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        -- Null: a target for the whole award.
        period_key text CHECK (period_key IS NULL OR outcome_is_period_key(period_key)),
        -- numeric, not float: counts and pence stay whole; percentages keep their 2 decimal places.
        baseline numeric CHECK (baseline >= 0),
        target numeric NOT NULL CHECK (target >= 0),
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- A target is always of the award's current framework: the framework cannot change under
        -- existing targets (the update of award_outcome_framework is refused while they exist).
        CONSTRAINT award_target_award_framework_fk FOREIGN KEY (award_id, outcome_framework_id)
          REFERENCES award_outcome_framework (award_id, outcome_framework_id),
        -- ... and its indicator is one of that framework's.
        CONSTRAINT award_target_indicator_fk FOREIGN KEY (outcome_framework_id, indicator_id)
          REFERENCES outcome_indicator (framework_id, id),
        CONSTRAINT award_target_period_unique UNIQUE (award_id, indicator_id, period_key)
      );
      -- NULLs are distinct in a UNIQUE constraint, so one whole-award target per indicator needs its own index.
      CREATE UNIQUE INDEX award_target_whole_award_unique ON award_target (award_id, indicator_id) WHERE period_key IS NULL;
    `);

    // Indicators are append-only in what they mean: returns and targets name them by code, and
    // reports sum or average them by their unit and aggregation. Title, level, direction and
    // position may be corrected; nothing else, and an indicator is never deleted.
    await q.query(`
      CREATE FUNCTION outcome_indicator_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'outcome indicators are never deleted (indicator % %)', OLD.code, OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_indicator_fixed';
        END IF;
        IF (NEW.framework_id, NEW.code, NEW.unit, NEW.aggregation, NEW.is_victim_count)
             IS DISTINCT FROM (OLD.framework_id, OLD.code, OLD.unit, OLD.aggregation, OLD.is_victim_count) THEN
          RAISE EXCEPTION 'indicator %: its framework, code, unit, aggregation and victim-count flag never change', OLD.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_indicator_fixed';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER outcome_indicator_fixed BEFORE UPDATE OR DELETE ON outcome_indicator
        FOR EACH ROW EXECUTE FUNCTION outcome_indicator_fixed();
    `);

    // A target fits its indicator's unit (the same rule as checkIndicatorValue in outcomes.rules.ts):
    // counts and pence are whole numbers up to 2^53 - 1; percentages 0..100 with at most 2 decimal
    // places; text indicators take no targets.
    await q.query(`
      CREATE FUNCTION award_target_fits_indicator() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        indicator_unit text;
        indicator_code text;
        v numeric;
      BEGIN
        SELECT unit, code INTO indicator_unit, indicator_code FROM outcome_indicator WHERE id = NEW.indicator_id;
        IF indicator_unit = 'text' THEN
          RAISE EXCEPTION 'indicator % is a text indicator; text indicators take no targets', indicator_code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'award_target_fits_indicator';
        END IF;
        FOREACH v IN ARRAY ARRAY[NEW.target, NEW.baseline] LOOP
          CONTINUE WHEN v IS NULL;
          IF (indicator_unit IN ('count','pence') AND (v <> trunc(v) OR v > 9007199254740991))
             OR (indicator_unit = 'percentage' AND (v > 100 OR v <> round(v, 2))) THEN
            RAISE EXCEPTION 'value % does not fit indicator % (unit %)', v, indicator_code, indicator_unit
              USING ERRCODE = 'check_violation', CONSTRAINT = 'award_target_fits_indicator';
          END IF;
        END LOOP;
        RETURN NEW;
      END $$;
      CREATE TRIGGER award_target_fits_indicator BEFORE INSERT OR UPDATE ON award_target
        FOR EACH ROW EXECUTE FUNCTION award_target_fits_indicator();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS award_target, award_outcome_framework, outcome_indicator, outcome_framework;
      DROP FUNCTION IF EXISTS award_target_fits_indicator(), outcome_indicator_fixed(), outcome_is_period_key(text), outcome_is_financial_year(text);
    `);
  }
}
