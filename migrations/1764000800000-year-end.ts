import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Year-end close of a funding stream's financial year, and the lock that follows it.
 *
 * A close records one decision per award underspend (recover, carry forward into next year's
 * stream, write off), the recovery payments and carry-forward rows it made, and from then on the
 * year's money of that stream is read-only: every later write to it is refused here with
 * SQLSTATE RF010 (the API's 409 YEAR_CLOSED), whichever code path or SQL console attempts it.
 *
 * Locking, so a write racing the close either lands before it (and is counted) or is refused:
 * the close holds the stream row FOR UPDATE, every award row of the stream FOR UPDATE and the
 * stream's funding sources FOR SHARE. Each lock trigger below first takes a conflicting lock on
 * the same row (or runs after the row lock its own statement takes), then looks for the close
 * with a fresh READ COMMITTED snapshot, so it sees a close that committed while it waited.
 */
export class YearEnd1764000800000 implements MigrationInterface {
  name = 'YearEnd1764000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The funder's permission to carry an underspend of this money into the next financial year.
      ALTER TABLE funding_source ADD COLUMN carry_forward_allowed boolean NOT NULL DEFAULT false;

      CREATE TABLE year_end_close (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        funding_stream_id uuid NOT NULL REFERENCES funding_stream (id),
        -- The stream's own year, kept for readers; checked against the stream on insert.
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
        closed_by_user_id uuid NOT NULL REFERENCES app_user (id),
        closed_at timestamptz NOT NULL DEFAULT now(),
        -- A stream belongs to one year, so a year is closed once per stream: closing twice is refused.
        CONSTRAINT year_end_close_once UNIQUE (funding_stream_id)
      );

      CREATE TABLE year_end_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year_end_close_id uuid NOT NULL REFERENCES year_end_close (id),
        award_id uuid NOT NULL REFERENCES award (id),
        decision text NOT NULL CHECK (decision IN ('recover','carry_forward','write_off')),
        amount_pence bigint NOT NULL CHECK (amount_pence > 0),
        -- The award's underspend as the close computed it (net paid less latest accepted spend).
        underspend_pence bigint NOT NULL CHECK (underspend_pence > 0),
        reason text,
        recovery_payment_id uuid UNIQUE REFERENCES payment (id),
        target_funding_stream_id uuid REFERENCES funding_stream (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT year_end_decision_once UNIQUE (year_end_close_id, award_id, decision),
        CONSTRAINT year_end_decision_recovery CHECK ((decision = 'recover') = (recovery_payment_id IS NOT NULL)),
        CONSTRAINT year_end_decision_target CHECK ((decision = 'carry_forward') = (target_funding_stream_id IS NOT NULL)),
        CONSTRAINT year_end_decision_write_off_reason CHECK (decision <> 'write_off' OR length(btrim(coalesce(reason, ''))) > 0)
      );
      CREATE INDEX year_end_decision_award_idx ON year_end_decision (award_id);

      CREATE TABLE year_end_carry_forward (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year_end_close_id uuid NOT NULL REFERENCES year_end_close (id),
        year_end_decision_id uuid NOT NULL UNIQUE REFERENCES year_end_decision (id),
        from_award_id uuid NOT NULL REFERENCES award (id),
        from_funding_stream_id uuid NOT NULL REFERENCES funding_stream (id),
        to_funding_stream_id uuid NOT NULL REFERENCES funding_stream (id),
        -- The next-year source "Carry forward from <stream> <year>" assigned to the target stream.
        funding_source_id uuid NOT NULL REFERENCES funding_source (id),
        amount_pence bigint NOT NULL CHECK (amount_pence > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT year_end_carry_forward_other_stream CHECK (from_funding_stream_id <> to_funding_stream_id)
      );
      CREATE INDEX year_end_carry_forward_to_idx ON year_end_carry_forward (to_funding_stream_id);
      CREATE INDEX year_end_carry_forward_source_idx ON year_end_carry_forward (funding_source_id);

      CREATE FUNCTION next_financial_year(fy text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT (left(fy, 4)::int + 1)::text || '/' || lpad(((left(fy, 4)::int + 2) % 100)::text, 2, '0')
      $$;

      -- The one refusal every lock trigger raises: RF010, translated to 409 YEAR_CLOSED.
      CREATE FUNCTION year_end_refuse(stream uuid, what text) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        fy text;
      BEGIN
        SELECT financial_year INTO fy FROM funding_stream WHERE id = stream;
        RAISE EXCEPTION 'the % year of funding stream % is closed: % refused', fy, stream, what USING ERRCODE = 'RF010';
      END $$;
    `);

    // The close's own rows: the year on the close row is the stream's, decisions and carry-forward
    // rows are written only by the transaction that closes, agree with each other, and never change.
    await q.query(`
      CREATE FUNCTION year_end_close_matches_stream() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.financial_year IS DISTINCT FROM (SELECT financial_year FROM funding_stream WHERE id = NEW.funding_stream_id) THEN
          RAISE EXCEPTION 'year_end_close % names % but its stream is of another year', NEW.funding_stream_id, NEW.financial_year
            USING ERRCODE = 'check_violation', CONSTRAINT = 'year_end_close_matches_stream';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER year_end_close_matches_stream BEFORE INSERT ON year_end_close
        FOR EACH ROW EXECUTE FUNCTION year_end_close_matches_stream();

      CREATE FUNCTION year_end_decision_valid() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        close_row year_end_close%ROWTYPE;
      BEGIN
        SELECT * INTO close_row FROM year_end_close c
         WHERE c.id = NEW.year_end_close_id AND c.xmin = (pg_current_xact_id()::text::bigint % 4294967296)::text::xid;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'year-end decisions are recorded only by the close that makes them' USING ERRCODE = 'RF010';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM award a WHERE a.id = NEW.award_id AND a.funding_stream_id = close_row.funding_stream_id) THEN
          RAISE EXCEPTION 'award % is not in the closed stream', NEW.award_id USING ERRCODE = 'check_violation', CONSTRAINT = 'year_end_decision_valid';
        END IF;
        IF NEW.decision = 'recover' AND NOT EXISTS (
             SELECT 1 FROM payment p WHERE p.id = NEW.recovery_payment_id AND p.award_id = NEW.award_id AND p.kind = 'recovery' AND p.amount_pence = -NEW.amount_pence) THEN
          RAISE EXCEPTION 'the recovery of decision on award % must be a recovery of % pence on that award', NEW.award_id, NEW.amount_pence
            USING ERRCODE = 'check_violation', CONSTRAINT = 'year_end_decision_valid';
        END IF;
        IF NEW.decision = 'carry_forward' AND NOT EXISTS (
             SELECT 1 FROM funding_stream s WHERE s.id = NEW.target_funding_stream_id AND s.financial_year = next_financial_year(close_row.financial_year)) THEN
          RAISE EXCEPTION 'an underspend of % is carried forward only into a stream of %', close_row.financial_year, next_financial_year(close_row.financial_year)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'year_end_decision_valid';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER year_end_decision_valid BEFORE INSERT ON year_end_decision
        FOR EACH ROW EXECUTE FUNCTION year_end_decision_valid();

      -- Every penny of an award's underspend has exactly one decision: checked at commit, when all are in.
      CREATE FUNCTION year_end_decision_covers_underspend() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total bigint;
        underspends bigint[];
      BEGIN
        SELECT sum(amount_pence), array_agg(DISTINCT underspend_pence) INTO total, underspends
          FROM year_end_decision WHERE year_end_close_id = NEW.year_end_close_id AND award_id = NEW.award_id;
        IF cardinality(underspends) <> 1 OR total <> underspends[1] THEN
          RAISE EXCEPTION 'decisions on award % total % pence, not its underspend', NEW.award_id, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'year_end_decision_covers_underspend';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER year_end_decision_covers_underspend AFTER INSERT ON year_end_decision
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION year_end_decision_covers_underspend();

      CREATE FUNCTION year_end_carry_forward_valid() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (
             SELECT 1 FROM year_end_decision d JOIN year_end_close c ON c.id = d.year_end_close_id
              WHERE d.id = NEW.year_end_decision_id AND d.year_end_close_id = NEW.year_end_close_id
                AND d.decision = 'carry_forward' AND d.award_id = NEW.from_award_id AND d.amount_pence = NEW.amount_pence
                AND d.target_funding_stream_id = NEW.to_funding_stream_id AND c.funding_stream_id = NEW.from_funding_stream_id
                AND c.xmin = (pg_current_xact_id()::text::bigint % 4294967296)::text::xid) THEN
          RAISE EXCEPTION 'a carry-forward row repeats a carry-forward decision of the close that makes it' USING ERRCODE = 'RF010';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM funding_stream_source WHERE funding_source_id = NEW.funding_source_id AND funding_stream_id = NEW.to_funding_stream_id) THEN
          RAISE EXCEPTION 'the carried-forward source % is not assigned to stream %', NEW.funding_source_id, NEW.to_funding_stream_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'year_end_carry_forward_valid';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER year_end_carry_forward_valid BEFORE INSERT ON year_end_carry_forward
        FOR EACH ROW EXECUTE FUNCTION year_end_carry_forward_valid();

      -- A closed year stays closed: the close and what it decided are never changed or removed.
      CREATE FUNCTION year_end_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is final: a year-end close is never changed or removed (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'RF010';
      END $$;
      CREATE TRIGGER year_end_close_final BEFORE UPDATE OR DELETE ON year_end_close FOR EACH ROW EXECUTE FUNCTION year_end_final();
      CREATE TRIGGER year_end_decision_final BEFORE UPDATE OR DELETE ON year_end_decision FOR EACH ROW EXECUTE FUNCTION year_end_final();
      CREATE TRIGGER year_end_carry_forward_final BEFORE UPDATE OR DELETE ON year_end_carry_forward FOR EACH ROW EXECUTE FUNCTION year_end_final();
      CREATE TRIGGER year_end_close_no_truncate BEFORE TRUNCATE ON year_end_close FOR EACH STATEMENT EXECUTE FUNCTION year_end_final();
      CREATE TRIGGER year_end_decision_no_truncate BEFORE TRUNCATE ON year_end_decision FOR EACH STATEMENT EXECUTE FUNCTION year_end_final();
      CREATE TRIGGER year_end_carry_forward_no_truncate BEFORE TRUNCATE ON year_end_carry_forward FOR EACH STATEMENT EXECUTE FUNCTION year_end_final();
    `);

    // The lock. Awards: no new award in a closed stream, and no change to an award's amount,
    // status or stream (docs/design.md#invariant-3: the committed total is final). Details that are not
    // money (title, description, dates, lines) may still be corrected.
    await q.query(`
      CREATE FUNCTION award_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- Key-share the stream: a close in progress holds it FOR UPDATE, so this waits for it.
          PERFORM 1 FROM funding_stream WHERE id = NEW.funding_stream_id FOR KEY SHARE;
          IF EXISTS (SELECT 1 FROM year_end_close WHERE funding_stream_id = NEW.funding_stream_id) THEN
            PERFORM year_end_refuse(NEW.funding_stream_id, 'a new award');
          END IF;
          RETURN NEW;
        END IF;
        -- UPDATE and DELETE run after this statement has locked the award row, which a close in
        -- progress holds FOR UPDATE: the check below sees a close that committed meanwhile.
        IF TG_OP = 'DELETE' THEN
          IF EXISTS (SELECT 1 FROM year_end_close WHERE funding_stream_id = OLD.funding_stream_id) THEN
            PERFORM year_end_refuse(OLD.funding_stream_id, format('deleting award %s', OLD.reference));
          END IF;
          RETURN OLD;
        END IF;
        IF (NEW.amount_pence, NEW.status, NEW.funding_stream_id) IS DISTINCT FROM (OLD.amount_pence, OLD.status, OLD.funding_stream_id) THEN
          IF EXISTS (SELECT 1 FROM year_end_close WHERE funding_stream_id = OLD.funding_stream_id) THEN
            PERFORM year_end_refuse(OLD.funding_stream_id, format('changing the amount, status or stream of award %s', OLD.reference));
          END IF;
          IF NEW.funding_stream_id <> OLD.funding_stream_id THEN
            PERFORM 1 FROM funding_stream WHERE id = NEW.funding_stream_id FOR KEY SHARE;
            IF EXISTS (SELECT 1 FROM year_end_close WHERE funding_stream_id = NEW.funding_stream_id) THEN
              PERFORM year_end_refuse(NEW.funding_stream_id, format('moving award %s into the stream', OLD.reference));
            END IF;
          END IF;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER award_year_open BEFORE INSERT OR UPDATE OR DELETE ON award
        FOR EACH ROW EXECUTE FUNCTION award_year_open();
    `);

    // Payments (docs/design.md#invariant-4: the totals are final): no payment or recovery is added, changed,
    // approved, paid, cancelled or deleted on an award of a closed stream, with one exception:
    // the recoveries the close itself scheduled move forward, scheduled -> approved -> paid, and
    // nothing else about them changes. (They are inserted by the close before its close row, so
    // their insert passes.) A recovery the close made is never cancelled: its decision stands.
    await q.query(`
      CREATE FUNCTION payment_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        new_stream uuid;
        old_stream uuid;
        closed_stream uuid;
      BEGIN
        -- Lock the award as the payment trigger does (same order, no new deadlocks): a close in
        -- progress holds every award of its stream, so this waits for it and then sees it.
        IF TG_OP <> 'DELETE' THEN
          SELECT funding_stream_id INTO new_stream FROM award WHERE id = NEW.award_id FOR UPDATE;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          SELECT funding_stream_id INTO old_stream FROM award WHERE id = OLD.award_id FOR UPDATE;
        END IF;
        SELECT funding_stream_id INTO closed_stream FROM year_end_close WHERE funding_stream_id IN (new_stream, old_stream) LIMIT 1;
        IF NOT FOUND THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'UPDATE'
           AND EXISTS (SELECT 1 FROM year_end_decision d WHERE d.recovery_payment_id = OLD.id)
           AND (NEW.award_id, NEW.kind, NEW.amount_pence, NEW.planned_date, NEW.created_by_user_id, NEW.requires_second_approver)
               IS NOT DISTINCT FROM (OLD.award_id, OLD.kind, OLD.amount_pence, OLD.planned_date, OLD.created_by_user_id, OLD.requires_second_approver)
           AND ((OLD.status = 'scheduled' AND NEW.status = 'approved') OR (OLD.status = 'approved' AND NEW.status = 'paid')) THEN
          RETURN NEW;
        END IF;
        PERFORM year_end_refuse(closed_stream, CASE TG_OP
          WHEN 'INSERT' THEN format('a new %s on award %s', NEW.kind, NEW.award_id)
          WHEN 'DELETE' THEN format('deleting %s %s', OLD.kind, OLD.id)
          ELSE format('changing %s %s (%s -> %s)', OLD.kind, OLD.id, OLD.status, NEW.status) END);
        RETURN NULL;
      END $$;
      CREATE TRIGGER payment_year_open BEFORE INSERT OR UPDATE OR DELETE ON payment
        FOR EACH ROW EXECUTE FUNCTION payment_year_open();
    `);

    // Funding (docs/design.md#invariant-2: the budget is final): a closed stream's assignments never change,
    // the amount or year of a source assigned to a closed stream never changes, and a closed
    // stream never moves to another year.
    await q.query(`
      CREATE FUNCTION funding_stream_source_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        stream uuid;
      BEGIN
        FOR stream IN
          SELECT DISTINCT x FROM unnest(ARRAY[
            CASE WHEN TG_OP <> 'DELETE' THEN NEW.funding_stream_id END,
            CASE WHEN TG_OP <> 'INSERT' THEN OLD.funding_stream_id END]) AS x WHERE x IS NOT NULL
        LOOP
          -- Waits for a close in progress (it holds the stream FOR UPDATE), then sees it.
          PERFORM 1 FROM funding_stream WHERE id = stream FOR KEY SHARE;
          IF EXISTS (SELECT 1 FROM year_end_close WHERE funding_stream_id = stream) THEN
            PERFORM year_end_refuse(stream, 'changing its funding source assignments');
          END IF;
        END LOOP;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER funding_stream_source_year_open BEFORE INSERT OR UPDATE OR DELETE ON funding_stream_source
        FOR EACH ROW EXECUTE FUNCTION funding_stream_source_year_open();

      CREATE FUNCTION funding_source_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        closed_stream uuid;
      BEGIN
        -- Runs after this statement locked the source row, which a close holds FOR SHARE.
        IF TG_OP = 'DELETE' OR (NEW.amount_pence, NEW.financial_year) IS DISTINCT FROM (OLD.amount_pence, OLD.financial_year) THEN
          SELECT c.funding_stream_id INTO closed_stream
            FROM funding_stream_source fss JOIN year_end_close c ON c.funding_stream_id = fss.funding_stream_id
           WHERE fss.funding_source_id = OLD.id LIMIT 1;
          IF FOUND THEN
            PERFORM year_end_refuse(closed_stream, format('changing the amount or year of funding source %s', OLD.id));
          END IF;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER funding_source_year_open BEFORE UPDATE OR DELETE ON funding_source
        FOR EACH ROW EXECUTE FUNCTION funding_source_year_open();

      CREATE FUNCTION funding_stream_year_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.financial_year IS DISTINCT FROM OLD.financial_year
           AND EXISTS (SELECT 1 FROM year_end_close WHERE funding_stream_id = OLD.id) THEN
          PERFORM year_end_refuse(OLD.id, 'moving the stream to another year');
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER funding_stream_year_open BEFORE UPDATE OF financial_year ON funding_stream
        FOR EACH ROW EXECUTE FUNCTION funding_stream_year_open();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS funding_stream_year_open ON funding_stream;
      DROP TRIGGER IF EXISTS funding_source_year_open ON funding_source;
      DROP TRIGGER IF EXISTS funding_stream_source_year_open ON funding_stream_source;
      DROP TRIGGER IF EXISTS payment_year_open ON payment;
      DROP TRIGGER IF EXISTS award_year_open ON award;
      DROP FUNCTION IF EXISTS funding_stream_year_open(), funding_source_year_open(), funding_stream_source_year_open(),
        payment_year_open(), award_year_open();
      DROP TABLE IF EXISTS year_end_carry_forward, year_end_decision, year_end_close;
      DROP FUNCTION IF EXISTS year_end_final(), year_end_carry_forward_valid(), year_end_decision_covers_underspend(),
        year_end_decision_valid(), year_end_close_matches_stream(), year_end_refuse(uuid, text), next_financial_year(text);
      ALTER TABLE funding_source DROP COLUMN IF EXISTS carry_forward_allowed;
    `);
  }
}
