import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { ReconciliationService } from '../../libs/domain/src/reconciliation/reconciliation.service.js';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { waitFor } from '../factories/monitoring.factory.js';
import { ensureBuilt, spawnWorker, stopProcess } from '../helpers/processes.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

const AWARDS = 60_000;
/** Every tenth award is a draft with a payment planted on it: PAYMENT_ON_INACTIVE_AWARD each. */
const PLANTED = AWARDS / 10;

/**
 * A reconciliation run killed midway (issue: background jobs, failure tests). The worker runs as
 * a real process (`node dist/...`) and is killed with SIGKILL while the run is between pages;
 * the checks read the run's row and its findings in the database, not log lines.
 */
describe('a reconciliation run whose worker is killed midway', () => {
  let env: TestEnv;
  let killed: ChildProcess | undefined;
  let worker: INestApplicationContext | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    env = await demoEnv();
    const { commissioner } = await demoAs(env, 'commissioner');
    const stream = await givenStream(env, commissioner, 1_000_000, '2031/32');
    const org = await givenOrganisation(env, commissioner);
    const [{ id: financeId }] = (await env.db.query(`SELECT id FROM app_user WHERE role = 'finance' LIMIT 1`)) as [{ id: string }];
    // Bulk fixture straight into the tables (triggers off for this session): enough pages that
    // the kill lands in the middle of the run.
    const runner = env.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET session_replication_role = replica`);
      await runner.query(
        `INSERT INTO award (reference, funding_stream_id, recipient_organisation_id, title, grant_type, amount_pence, start_date, end_date, status)
         SELECT 'BULK-' || g, $1, $2, 'Bulk award ' || g, 'Bulk', 1000, '2031-04-01', '2032-03-31', 'draft' FROM generate_series(1, $3::int) g`,
        [stream.id, org.id, AWARDS],
      );
      await runner.query(
        `INSERT INTO payment (award_id, kind, amount_pence, planned_date, status, approved_by_user_id, approved_at)
         SELECT id, 'payment', 500, '2031-05-01', 'approved', $2, now() FROM award WHERE funding_stream_id = $1 AND substring(reference FROM 6)::int % 10 = 0`,
        [stream.id, financeId],
      );
    } finally {
      await runner.query(`RESET session_replication_role`);
      await runner.release();
    }
  }, 240_000);
  afterAll(async () => {
    if (killed) await stopProcess(killed, 'SIGKILL');
    await worker?.close();
    await env.close();
  });

  const row = async (id: string) =>
    ((await env.db.query(`SELECT status, attempts, processed_awards, total_awards, heartbeat_at, error FROM reconciliation_run WHERE id = $1`, [id])) as [
      { status: string; attempts: number; processed_awards: number; total_awards: number | null; heartbeat_at: Date; error: string | null },
    ])[0];

  it('is queued again by the recovery sweep, resumed by another worker, and completes once', async () => {
    const { finance } = await demoAs(env, 'finance');
    const requested = await env.http().post('/api/reconciliation-runs').set('Authorization', `Bearer ${finance}`).send({ financialYear: '2031/32' });
    expect(requested.status).toBe(202);
    const id = requested.body.id as string;

    killed = spawnWorker(env.env, 'reconciliation-killed');
    await waitFor('the run to be midway', async () => {
      const r = await row(id);
      return r.status === 'running' && r.processed_awards > 0;
    }, 60_000);
    await stopProcess(killed, 'SIGKILL');
    const killedAt = Date.now();
    const atKill = await row(id);
    expect(atKill).toMatchObject({ status: 'running', attempts: 1, total_awards: AWARDS });
    expect(atKill.processed_awards).toBeLessThan(AWARDS);

    // Dead: nothing moves any more, and the run still says running.
    await new Promise((r) => setTimeout(r, 1_500));
    const silent = await row(id);
    expect(silent).toMatchObject({ status: 'running', processed_awards: atKill.processed_awards });
    expect(silent.heartbeat_at.getTime()).toBe(atKill.heartbeat_at.getTime());

    // Another worker, and the recovery sweep as the scheduler runs it (here every second, with a
    // three-second silence instead of two minutes). The dead worker's job keeps its BullMQ lock
    // for up to 30 s; the sweep re-enqueues the run once the lock has gone.
    worker = await createWorkerApp(env.env);
    const service = env.app.get(ReconciliationService);
    const requeuedBy: string[] = [];
    const deadline = Date.now() + 90_000;
    for (;;) {
      const result = await service.recoverStale(3_000);
      if (result.requeued.includes(id)) requeuedBy.push('sweep');
      const r = await row(id);
      if (r.status === 'succeeded' || r.status === 'failed') break;
      if (Date.now() > deadline) throw new Error(`run still ${r.status} after 90 s (processed ${r.processed_awards})`);
      await new Promise((res) => setTimeout(res, 1_000));
    }
    expect(requeuedBy).toEqual(['sweep']);

    const done = await row(id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, processed_awards: AWARDS, total_awards: AWARDS, error: null });
    // Started over: every finding once, none left from the killed attempt, none twice.
    const codes = (await env.db.query(`SELECT code, count(*)::int AS n FROM reconciliation_discrepancy WHERE run_id = $1 GROUP BY code`, [id])) as { code: string; n: number }[];
    expect(codes).toEqual([{ code: 'PAYMENT_ON_INACTIVE_AWARD', n: PLANTED }]);
    const [{ counts }] = (await env.db.query(`SELECT counts FROM reconciliation_run WHERE id = $1`, [id])) as [{ counts: { total: number } }];
    expect(counts.total).toBe(PLANTED);
    expect(Number((await env.db.query(`SELECT count(*) AS n FROM reconciliation_run WHERE status IN ('queued','running')`))[0].n)).toBe(0);
    const [{ duration_ms }] = (await env.db.query(`SELECT duration_ms FROM reconciliation_run WHERE id = $1`, [id])) as [{ duration_ms: number }];
    process.stdout.write(
      `reconciliation kill test: ${JSON.stringify({ awards: AWARDS, processedAtKill: atKill.processed_awards, secondsFromKillToSucceeded: Math.round((Date.now() - killedAt) / 1000), resumedRunMs: duration_ms, findings: PLANTED })}\n`,
    );
  }, 180_000);
});
