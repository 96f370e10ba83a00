import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * docs/design.md#invariant-3 in constant time (issue 17.1). Until now every approval, variation up and
 * re-funding re-summed the stream's committed awards under the stream lock: a stream of 50,000
 * awards made each approval scan 50,000 rows while every other approval of the stream waited,
 * and loading a stream of n awards cost n squared.
 *
 * - `funding_stream.committed_pence` holds the sum of the stream's awards in a committed status
 *   (approved, active, suspended, closed). `award_commitment()` keeps it, on every insert, delete
 *   and change of an award's status, amount or stream, in the same transaction and under the
 *   stream row lock: a commitment that grows takes the lock (SELECT ... FOR UPDATE) and refuses,
 *   with the same RF003 and message as before, what would go above the budget; one that shrinks
 *   only subtracts (the UPDATE takes the same lock).
 * - A CHECK says the stored total never exceeds the budget nor falls below zero, whatever code
 *   writes it; the trigger's RF003 comes first, so the API's 409 BUDGET_EXCEEDED is unchanged.
 *   Re-funding a stream (FundingService.updateStream) adds the new assignments before removing
 *   the old, so the budget never dips below what is committed in between.
 * - `stream_budget_check(stream)` (the deferred check when a budget is reduced) reads the column.
 *
 * The `funding_stream_totals` view still sums awards: it serves reads, not the lock, and
 * reconciliation compares the two (a restore made with triggers off leaves the column stale).
 * Lock order stays stream, then award: the awards service locks the stream first for a cancel as
 * well, now that a cancel writes the stream's total.
 */
export class StreamCommittedTotal1764004500000 implements MigrationInterface {
  name = 'StreamCommittedTotal1764004500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE funding_stream ADD COLUMN committed_pence bigint NOT NULL DEFAULT 0;
      UPDATE funding_stream s SET committed_pence = t.committed
        FROM (SELECT funding_stream_id, sum(amount_pence)::bigint AS committed FROM award
               WHERE status IN ('approved','active','suspended','closed') GROUP BY funding_stream_id) t
       WHERE t.funding_stream_id = s.id;
      ALTER TABLE funding_stream ADD CONSTRAINT funding_stream_committed_within_budget
        CHECK (committed_pence >= 0 AND committed_pence <= budget_pence);

      -- Adds delta to a stream's committed total; growth is checked against the budget first.
      CREATE FUNCTION stream_commit(stream uuid, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        budget bigint;
        committed bigint;
      BEGIN
        IF delta > 0 THEN
          SELECT budget_pence, committed_pence INTO budget, committed FROM funding_stream WHERE id = stream FOR UPDATE;
          IF committed + delta > budget THEN
            RAISE EXCEPTION 'funding stream % would commit % of a % pence budget', stream, committed + delta, budget
              USING ERRCODE = 'RF003';
          END IF;
        END IF;
        UPDATE funding_stream SET committed_pence = committed_pence + delta WHERE id = stream;
      END $$;

      CREATE FUNCTION award_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_stream uuid;
        old_pence bigint := 0;
        new_stream uuid;
        new_pence bigint := 0;
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status IN ('approved','active','suspended','closed') THEN
          old_stream := OLD.funding_stream_id;
          old_pence := OLD.amount_pence;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status IN ('approved','active','suspended','closed') THEN
          new_stream := NEW.funding_stream_id;
          new_pence := NEW.amount_pence;
        END IF;
        IF old_stream = new_stream THEN
          -- Suspend, resume and close move between committed statuses: nothing to write or lock.
          IF new_pence <> old_pence THEN
            PERFORM stream_commit(new_stream, new_pence - old_pence);
          END IF;
        ELSE
          IF old_stream IS NOT NULL THEN PERFORM stream_commit(old_stream, -old_pence); END IF;
          IF new_stream IS NOT NULL THEN PERFORM stream_commit(new_stream, new_pence); END IF;
        END IF;
        RETURN NULL;
      END $$;

      DROP TRIGGER award_budget_check ON award;
      DROP FUNCTION award_budget_check();
      CREATE TRIGGER award_commitment AFTER INSERT OR DELETE OR UPDATE OF status, amount_pence, funding_stream_id ON award
        FOR EACH ROW EXECUTE FUNCTION award_commitment();

      CREATE OR REPLACE FUNCTION stream_budget_check(stream uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        budget bigint;
        committed bigint;
      BEGIN
        SELECT budget_pence, committed_pence INTO budget, committed FROM funding_stream WHERE id = stream FOR UPDATE;
        IF committed > budget THEN
          RAISE EXCEPTION 'funding stream % would commit % of a % pence budget', stream, committed, budget
            USING ERRCODE = 'RF003';
        END IF;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS award_commitment ON award;
      DROP FUNCTION IF EXISTS award_commitment(), stream_commit(uuid, bigint);

      CREATE OR REPLACE FUNCTION stream_budget_check(stream uuid) RETURNS void LANGUAGE plpgsql AS $$
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
        IF NEW.status IN ('approved','active','suspended','closed')
           AND (TG_OP = 'INSERT' OR OLD.status NOT IN ('approved','active','suspended','closed')
                OR NEW.amount_pence > OLD.amount_pence OR NEW.funding_stream_id <> OLD.funding_stream_id) THEN
          PERFORM stream_budget_check(NEW.funding_stream_id);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER award_budget_check AFTER INSERT OR UPDATE OF status, amount_pence, funding_stream_id ON award
        FOR EACH ROW EXECUTE FUNCTION award_budget_check();

      ALTER TABLE funding_stream DROP CONSTRAINT IF EXISTS funding_stream_committed_within_budget;
      ALTER TABLE funding_stream DROP COLUMN IF EXISTS committed_pence;
    `);
  }
}
