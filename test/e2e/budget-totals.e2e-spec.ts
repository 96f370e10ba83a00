import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StreamCommittedTotal1764004500000 } from '../../migrations/1764004500000-stream-committed-total.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { createTestEnv, loadDemo, loginAs, type TestEnv } from '../helpers/test-env.js';

/**
 * docs/design.md#invariant-3 in constant time (issue 17.1): funding_stream.committed_pence, kept by the
 * award trigger, equals a fresh SUM of the stream's committed awards after any sequence of
 * approvals, variations, suspensions, closures, cancellations, moves and deletes, some of them
 * racing; and the migration's revert and backfill leave the same figures.
 */
describe('stored committed totals', () => {
  let env: TestEnv;
  let commissioner: string;
  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env);
    commissioner = await loginAs(env, 'commissioner');
  });
  afterAll(() => env.close());

  /** Stored against summed, for every stream: rows that differ (none when the trigger is right). */
  async function drift(): Promise<unknown[]> {
    return env.db.query(`
      SELECT s.id, s.committed_pence::bigint AS stored, coalesce(t.summed, 0)::bigint AS summed
        FROM funding_stream s
        LEFT JOIN (SELECT funding_stream_id, sum(amount_pence) AS summed FROM award
                    WHERE status IN ('approved','active','suspended','closed') GROUP BY funding_stream_id) t
          ON t.funding_stream_id = s.id
       WHERE s.committed_pence <> coalesce(t.summed, 0)`);
  }

  it('starts equal to a fresh SUM on the demo data (the backfill)', async () => {
    const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM funding_stream WHERE committed_pence > 0`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);
  });

  it('equals a fresh SUM after a randomised sequence of lifecycle steps, some racing', async () => {
    // A fixed seed, so a failure can be replayed; printed in the assertion message.
    let seed = 0x5eed17;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const auth = { Authorization: `Bearer ${commissioner}` };
    const streams = [await givenStream(env, commissioner, 120_000), await givenStream(env, commissioner, 80_000)];
    const recipient = await givenOrganisation(env, commissioner);
    const awards: string[] = [];
    const steps: string[] = [];
    const counts: Record<string, number> = {};

    async function step(): Promise<void> {
      const kind = awards.length < 6 ? 'create' : pick(['create', 'create', 'approve', 'approve', 'approve', 'vary', 'vary', 'activate', 'suspend', 'resume', 'close', 'cancel', 'delete', 'move', 'sql-vary']);
      const stream = pick(streams);
      // Mostly the newest awards, so a step often finds its award in a status it applies to.
      const id = awards.length ? awards[Math.max(0, awards.length - 1 - Math.floor(random() * random() * awards.length))]! : 'none';
      let status = 0;
      if (kind === 'create') {
        const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 1_000 * (1 + Math.floor(random() * 40)) });
        awards.push(award.id);
        status = 201;
      } else if (['approve', 'activate', 'suspend', 'resume', 'close', 'cancel'].includes(kind)) {
        status = (await env.http().post(`/api/awards/${id}/${kind}`).set(auth).send(kind === 'cancel' || kind === 'suspend' ? { reason: 'randomised test' } : {})).status;
      } else if (kind === 'vary') {
        status = (await env.http().post(`/api/awards/${id}/variations`).set(auth).send({ amountPence: 1_000 * (1 + Math.floor(random() * 60)), reason: 'randomised test' })).status;
      } else {
        // Behind the service's back, as a console session could: the trigger alone keeps the total.
        const sql = {
          delete: [`DELETE FROM award WHERE id = $1`, [id]],
          move: [`UPDATE award SET funding_stream_id = $2 WHERE id = $1`, [id, stream.id]],
          'sql-vary': [`UPDATE award SET amount_pence = $2 WHERE id = $1`, [id, 1_000 * (1 + Math.floor(random() * 60))]],
        }[kind] as [string, unknown[]];
        status = await env.db.query(sql[0], sql[1]).then(
          () => 200,
          () => 409,
        );
        if (kind === 'delete' && status === 200) awards.splice(awards.indexOf(id), 1);
      }
      const key = `${kind} ${status}`;
      counts[key] = (counts[key] ?? 0) + 1;
      steps.push(key);
    }

    for (let round = 0; round < 40; round++) {
      // Four steps at once: approvals, variations and cancels of one stream race under its lock.
      await Promise.all([step(), step(), step(), step()]);
      expect({ round, seed: 0x5eed17, drift: await drift() }).toEqual({ round, seed: 0x5eed17, drift: [] });
    }
    // The sequence really exercised growth, shrinking, refusals and deletes.
    for (const key of ['approve 200', 'vary 201', 'cancel 200', 'delete 200', 'move 200']) expect([key, (counts[key] ?? 0) > 0, counts]).toEqual([key, true, counts]);
    expect((counts['approve 409'] ?? 0) + (counts['vary 409'] ?? 0)).toBeGreaterThan(0);
    const [{ over }] = (await env.db.query(`SELECT count(*)::int AS over FROM funding_stream WHERE committed_pence > budget_pence`)) as [{ over: number }];
    expect(over).toBe(0);
  });

  it('refuses a stored total above the budget by CHECK, whatever writes it', async () => {
    const stream = await givenStream(env, commissioner, 5_000);
    await expect(env.db.query(`UPDATE funding_stream SET committed_pence = 5001 WHERE id = $1`, [stream.id])).rejects.toThrow(/funding_stream_committed_within_budget/);
  });

  it('re-funds a committed stream through a smaller budget that still covers it (no dip below the CHECK)', async () => {
    const stream = await givenStream(env, commissioner, 10_000);
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 6_000 });
    await env.http().post(`/api/awards/${award.id}/approve`).set('Authorization', `Bearer ${commissioner}`).send({}).expect(200);
    const other = await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${commissioner}`).send({ funderOrganisationId: stream.funderId, name: `Other ${award.id}`, financialYear: '2026/27', amountPence: 7_000, restricted: true });
    const res = await env.http().patch(`/api/funding-streams/${stream.id}`).set('Authorization', `Bearer ${commissioner}`).send({ sources: [{ fundingSourceId: other.body.id, amountPence: 7_000 }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ budgetPence: 7_000, committedPence: 6_000, remainingPence: 1_000, sources: [{ fundingSourceId: other.body.id, amountPence: 7_000 }] });
    const same = await env.http().patch(`/api/funding-streams/${stream.id}`).set('Authorization', `Bearer ${commissioner}`).send({ sources: [{ fundingSourceId: other.body.id, amountPence: 6_500 }] });
    expect(same.body).toMatchObject({ budgetPence: 6_500, committedPence: 6_000 });
  });

  it('reverts and backfills to the same figures', async () => {
    const before = (await env.db.query(`SELECT id, committed_pence::bigint AS c FROM funding_stream ORDER BY id`)) as { id: string; c: string }[];
    const runner = env.db.createQueryRunner();
    await runner.connect();
    try {
      const migration = new StreamCommittedTotal1764004500000();
      await runner.startTransaction();
      await migration.down(runner);
      const columns = (await runner.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'funding_stream' AND column_name = 'committed_pence'`)) as unknown[];
      expect(columns).toEqual([]);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await env.db.query(`SELECT id, committed_pence::bigint AS c FROM funding_stream ORDER BY id`)).toEqual(before);
    expect(await drift()).toEqual([]);
  });
});
