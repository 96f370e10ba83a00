import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { RemindersService } from '../../libs/domain/src/reminders/reminders.service.js';
import { givenScheduledAward, waitFor } from '../factories/monitoring.factory.js';
import { ensureBuilt, freePort, spawnWorker, stopProcess, TestRedis } from '../helpers/processes.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/**
 * Background work survives its parts failing (issue: background jobs). Real processes: the worker
 * runs as `node dist/...`, Redis is a redis-server this test starts and stops, mail goes to a real
 * SMTP server; the checks count messages at the sink and rows in the database, not log lines.
 */
const count = async (env: TestEnv, where: string) => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE ${where}`))[0].n);
const notificationIds = (env: TestEnv) => env.sink.messages.map((m) => /X-Ringfence-Notification: (\S+)/.exec(m.raw)?.[1]);

async function owedPeriods(env: TestEnv, awards: number): Promise<void> {
  const { commissioner } = await demoAs(env, 'commissioner');
  for (let i = 0; i < awards; i++) await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
}

describe('background jobs under failure', () => {
  beforeAll(() => ensureBuilt(), 240_000);

  describe('a worker killed in the middle of sending', () => {
    let env: TestEnv;
    const workers: ChildProcess[] = [];
    beforeAll(async () => {
      env = await demoEnv();
      await owedPeriods(env, 10);
    }, 60_000);
    afterAll(async () => {
      for (const w of workers) await stopProcess(w, 'SIGTERM');
      await env.close();
    });

    it('sends every due step after a restart, none twice', async () => {
      env.sink.delayMs = 150;
      const scan = await env.app.get(RemindersService).scan('2026-11-24');
      const due = await count(env, `status = 'pending'`);
      expect(due).toBe(scan.enqueued);
      expect(due).toBeGreaterThanOrEqual(40);

      workers.push(spawnWorker(env.env, 'killed'));
      await waitFor('some reminders delivered', async () => env.sink.messages.length >= 8, 30_000);
      // Kill while deliveries are in flight (waiting on the SMTP server), as a crash would. The sink
      // holds back its 250s first and we wait until every message it did accept is committed as
      // sent: the kill then falls where nothing is ambiguous. (Between a 250 and the worker's commit
      // no SMTP client can be exactly-once: a crash there resends that row, with the same
      // Message-ID so mail systems drop the copy; reminder-delivery.ts and docs/design.md#reminders.)
      env.sink.hold = true;
      await waitFor('deliveries in flight, all accepted ones committed', async () => env.sink.inFlight > 0 && (await count(env, `status = 'sent'`)) === env.sink.messages.length, 10_000);
      await stopProcess(workers[0]!, 'SIGKILL');
      // The held messages see their clients gone and are refused, never accepted.
      await waitFor('held messages refused', async () => env.sink.inFlight === 0, 10_000);
      env.sink.hold = false;
      const beforeRestart = env.sink.messages.length;
      expect(beforeRestart).toBeLessThan(due);
      expect(await count(env, `status = 'sent'`)).toBe(beforeRestart);
      expect(await count(env, `status = 'pending'`)).toBe(due - beforeRestart);

      env.sink.delayMs = 0;
      workers.push(spawnWorker(env.env, 'restarted'));
      // What the killed worker held is queued again by the sweep (here without its one-minute wait).
      await env.app.get(RemindersService).enqueuePending(0);
      await waitFor('every reminder delivered', async () => (await count(env, `status = 'pending'`)) === 0, 60_000);

      expect(await count(env, `status = 'sent'`)).toBe(due);
      const ids = notificationIds(env);
      expect(ids).toHaveLength(due);
      expect(new Set(ids).size).toBe(due);
    }, 120_000);
  });

  describe('Redis stopped and started again', () => {
    let env: TestEnv;
    let redis: TestRedis;
    let worker: ChildProcess;
    beforeAll(async () => {
      redis = new TestRedis(await freePort());
      await redis.start();
      env = await demoEnv({ REDIS_URL: redis.url });
      await owedPeriods(env, 6);
    }, 60_000);
    afterAll(async () => {
      if (worker) await stopProcess(worker, 'SIGTERM');
      await env.close().catch(() => undefined);
      await redis.stop();
    });

    it('loses no reminder: the worker reconnects and the pending rows go out once', async () => {
      env.sink.delayMs = 100;
      worker = spawnWorker(env.env, 'redis-restart');
      const scan = await env.app.get(RemindersService).scan('2026-11-24');
      const due = scan.enqueued;
      expect(due).toBeGreaterThanOrEqual(24);
      await waitFor('some reminders delivered', async () => env.sink.messages.length >= 3, 30_000);

      await redis.stop();
      // Redis is gone: its queued jobs with it (no persistence). The rows remain.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await count(env, `status = 'pending'`)).toBeGreaterThan(0);
      await redis.start();

      // The sweep finds the pending rows and queues them on the new, empty Redis; the same worker
      // process (never restarted) picks them up once it has reconnected.
      await waitFor('sweep queued the pending rows', async () => (await env.app.get(RemindersService).enqueuePending(0)) >= 0, 10_000);
      await waitFor('every reminder delivered', async () => (await count(env, `status = 'pending'`)) === 0, 60_000);
      expect(worker.exitCode).toBeNull();
      expect(await count(env, `status = 'sent'`)).toBe(due);
      const ids = notificationIds(env);
      expect(ids).toHaveLength(due);
      expect(new Set(ids).size).toBe(due);
    }, 120_000);
  });
});
