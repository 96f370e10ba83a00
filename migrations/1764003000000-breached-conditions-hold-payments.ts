import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * docs/design.md#invariant-5, as amended: a payment cannot be approved or paid while the award has an
 * open or breached condition that holds payments, or while the award is not active (suspended,
 * cancelled, closed, or not yet active); breaching a condition that holds payments suspends its
 * active award in the same transaction. Until now only an open condition held, so a breach
 * released the money it was meant to stop.
 *
 * - `award_holding_conditions(award)` replaces `award_open_holding_conditions(award)`: the open
 *   and breached conditions that hold payments, as JSON, in the order the API names them. The
 *   payment trigger and ConditionsService read this one definition; the partial index follows it.
 * - `payment_rules()` locks the award row before it reads the award's status and conditions, so
 *   an approval racing a breach waits for it and then sees it (docs/award-ledger.md: lock order).
 *   Its refusals carry a JSON DETAIL so the payments area answers 409 PAYMENT_HELD with the
 *   conditions and their status, and 409 AWARD_NOT_PAYABLE with the award's status.
 * - Recoveries (clawbacks) are never held by conditions: they stay allowed on active, suspended
 *   and closed awards. Scheduling is not checked here: a payment may be scheduled on a suspended
 *   award; only its approval and payment are held.
 * - `award_condition_breach_suspends`: at commit, an award with a holding condition breached in
 *   the transaction is not active (the breach suspended it, or it was not active yet).
 * - `award_budget_check()` (docs/design.md#invariant-3) checks, and so locks the stream, only when an
 *   award's commitment can grow: into a committed status, a larger amount, another stream. A move
 *   between committed statuses (suspend, resume, close) commits nothing new; locking the stream
 *   there, after the award, was the one place the lock order (stream, then award) was reversed,
 *   and a breach or suspension racing a variation of the same award deadlocked.
 */
export class BreachedConditionsHoldPayments1764003000000 implements MigrationInterface {
  name = 'BreachedConditionsHoldPayments1764003000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- docs/design.md#invariant-5: the rows award_holding_conditions() reads.
      DROP INDEX award_condition_holding_idx;
      CREATE INDEX award_condition_holding_idx ON award_condition (award_id) WHERE holds_payments AND status IN ('open','breached');

      CREATE FUNCTION award_holding_conditions(award uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'title', c.title, 'dueDate', c.due_date, 'status', c.status)
                                  ORDER BY c.due_date NULLS LAST, c.created_at, c.id), '[]'::jsonb)
          FROM award_condition c
         WHERE c.award_id = award_holding_conditions.award AND c.holds_payments AND c.status IN ('open','breached')
      $$;

      -- docs/design.md#invariant-4 and docs/design.md#invariant-5, under the award row lock.
      CREATE OR REPLACE FUNCTION payment_rules() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        award_status text;
        holding jsonb;
      BEGIN
        IF NEW.status IN ('approved','paid') AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
          SELECT status INTO award_status FROM award WHERE id = NEW.award_id FOR UPDATE;
          IF NEW.kind = 'payment' THEN
            holding := award_holding_conditions(NEW.award_id);
            IF jsonb_array_length(holding) > 0 THEN
              RAISE EXCEPTION 'award % has % open or breached condition(s) holding payments', NEW.award_id, jsonb_array_length(holding)
                USING ERRCODE = 'RF005', DETAIL = jsonb_build_object('awardId', NEW.award_id, 'conditions', holding)::text;
            END IF;
            IF award_status <> 'active' THEN
              RAISE EXCEPTION 'award % is %: payments are approved and paid only while it is active', NEW.award_id, award_status
                USING ERRCODE = 'RF007', DETAIL = jsonb_build_object('awardId', NEW.award_id, 'status', award_status)::text;
            END IF;
          ELSIF award_status NOT IN ('active','suspended','closed') THEN
            RAISE EXCEPTION 'award % is %: nothing to recover', NEW.award_id, award_status
              USING ERRCODE = 'RF007', DETAIL = jsonb_build_object('awardId', NEW.award_id, 'status', award_status)::text;
          END IF;
        END IF;
        PERFORM award_payment_check(NEW.award_id);
        RETURN NULL;
      END $$;

      DROP FUNCTION award_open_holding_conditions(uuid);

      -- docs/design.md#invariant-3, only where the stream's commitment can grow (see above).
      CREATE OR REPLACE FUNCTION award_budget_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IN ('approved','active','suspended','closed')
           AND (TG_OP = 'INSERT' OR OLD.status NOT IN ('approved','active','suspended','closed')
                OR NEW.amount_pence > OLD.amount_pence OR NEW.funding_stream_id <> OLD.funding_stream_id) THEN
          PERFORM stream_budget_check(NEW.funding_stream_id);
        END IF;
        RETURN NULL;
      END $$;
    `);

    // docs/design.md#invariant-5: a breach of a holding condition leaves its award not active at commit.
    // Checked at commit because the service suspends the award and then records the breach; a
    // later resume (its own transaction) is allowed and the breached condition keeps holding.
    await q.query(`
      CREATE FUNCTION award_condition_breach_suspends() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        award_status text;
      BEGIN
        SELECT status INTO award_status FROM award WHERE id = NEW.award_id FOR SHARE;
        IF award_status = 'active' THEN
          RAISE EXCEPTION 'condition % holds payments and was breached, but award % is still active: suspend it in the same transaction', NEW.id, NEW.award_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'award_condition_breach_suspends';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER award_condition_breach_suspends AFTER UPDATE OF status ON award_condition
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (NEW.status = 'breached' AND OLD.status <> 'breached' AND NEW.holds_payments)
        EXECUTE FUNCTION award_condition_breach_suspends();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION award_budget_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IN ('approved','active','suspended','closed') THEN
          PERFORM stream_budget_check(NEW.funding_stream_id);
        END IF;
        RETURN NULL;
      END $$;

      DROP TRIGGER IF EXISTS award_condition_breach_suspends ON award_condition;
      DROP FUNCTION IF EXISTS award_condition_breach_suspends();

      CREATE FUNCTION award_open_holding_conditions(award uuid) RETURNS int LANGUAGE sql STABLE AS $$
        SELECT count(*)::int FROM award_condition c
         WHERE c.award_id = award_open_holding_conditions.award AND c.status = 'open' AND c.holds_payments
      $$;

      CREATE OR REPLACE FUNCTION payment_rules() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        award_status text;
        holding int;
      BEGIN
        IF NEW.status IN ('approved','paid') AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
          SELECT status INTO award_status FROM award WHERE id = NEW.award_id;
          IF NEW.kind = 'payment' THEN
            IF award_status <> 'active' THEN
              RAISE EXCEPTION 'award % is %: payments are allowed only on active awards', NEW.award_id, award_status USING ERRCODE = 'RF007';
            END IF;
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

      DROP FUNCTION award_holding_conditions(uuid);
      DROP INDEX award_condition_holding_idx;
      CREATE INDEX award_condition_holding_idx ON award_condition (award_id) WHERE status = 'open' AND holds_payments;
    `);
  }
}
