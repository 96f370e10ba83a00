import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/api.bootstrap.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/seed/demo-seed.js';
import { Role } from '../../libs/domain/src/access/role.js';
import { LOGIN_LIMITS } from '../../libs/domain/src/users/login-attempts.service.js';
import { givenScheduledAward, waitFor } from '../factories/monitoring.factory.js';
import { demoAs, demoEnv } from '../helpers/demo.js';
import { ensureBuilt, spawnWorker, stopProcess } from '../helpers/processes.js';
import type { TestEnv } from '../helpers/test-env.js';

/**
 * Many processes (issue 17, item 7): two API processes and two worker processes on one database
 * and one Redis queue prefix, as a deployment with two of each runs. The APIs are two Nest apps in
 * this process (each with its own pools, Redis clients and caches, as two processes have); the
 * workers are real `node dist/...` processes. What must hold when both of each are busy at once:
 * every due reminder goes out once, a scope gets one reconciliation run, and login failures are
 * counted together whichever API they reach.
 */
describe('two APIs and two workers on one database and Redis', () => {
  let env: TestEnv;
  let second: INestApplication;
  const workers: ChildProcess[] = [];
  let apis: (() => ReturnType<TestEnv['http']>)[];
  let commissioner: string;
  let finance: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const notifications = async (where: string) => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE ${where}`))[0].n);

  beforeAll(async () => {
    await ensureBuilt();
    env = await demoEnv();
    second = await createApiApp(env.env);
    await second.init();
    apis = [env.http, () => request(second.getHttpServer())];
    ({ commissioner, finance } = await demoAs(env, 'commissioner', 'finance'));
    workers.push(spawnWorker(env.env, 'many-processes-1'), spawnWorker(env.env, 'many-processes-2'));
  }, 240_000);
  afterAll(async () => {
    for (const w of workers) await stopProcess(w, 'SIGTERM');
    await second?.close();
    await env?.close();
  });

  it('delivers each due reminder exactly once when both APIs ask for the scan at once and both workers take jobs', async () => {
    const started = Date.now();
    // Several awards with every period of 2025/26 owed: dozens of reminders due today.
    const awards = [];
    for (let i = 0; i < 6; i++) awards.push(await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' }));
    // A slow SMTP server keeps deliveries in flight, so both workers hold jobs at the same time.
    env.sink.delayMs = 40;
    // Three scans asked of each API at once: each queues a scan job, both workers run them side by side.
    const asked = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => apis[i % 2]!().post('/api/reminders/scan').set(as(commissioner))));
    expect(asked.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);

    // Both workers are running scans and sends; wait until the rows of every award exist and none is pending.
    const mine = `award_id IN (${awards.map((a) => `'${a.awardId}'`).join(',')})`;
    await waitFor('reminders written for every award', async () => Number((await env.db.query(`SELECT count(DISTINCT award_id) AS n FROM notification WHERE ${mine}`))[0].n) === awards.length, 60_000);
    await waitFor('no reminder pending', async () => (await notifications(`status = 'pending'`)) === 0, 60_000);
    // Let any late duplicate (a second scan's job, a retried send) arrive before counting.
    await new Promise((r) => setTimeout(r, 1_000));

    const sent = await notifications(`status = 'sent'`);
    expect(await notifications(`status = 'sent' AND ${mine}`)).toBeGreaterThanOrEqual(awards.length);
    // One row per period and step, however many scans ran.
    const doubled = await env.db.query(`SELECT reporting_period_id, step_key FROM notification GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(doubled).toEqual([]);
    // One SMTP message per sent row, and no notification mailed twice.
    const ids = env.sink.messages.map((m) => /X-Ringfence-Notification: (\S+)/.exec(m.raw)?.[1]);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(sent);
    for (const award of awards) {
      const rows = await notifications(`status = 'sent' AND award_id = '${award.awardId}'`);
      expect([award.reference, env.sink.messages.filter((m) => m.raw.includes(award.reference)).length]).toEqual([award.reference, rows]);
    }
    // Asking again through both APIs sends nothing more.
    await Promise.all(apis.map((api) => api().post('/api/reminders/scan').set(as(commissioner)).expect(202)));
    await new Promise((r) => setTimeout(r, 1_500));
    await waitFor('no reminder pending after the second scans', async () => (await notifications(`status = 'pending'`)) === 0, 20_000);
    expect(await notifications(`status = 'sent'`)).toBe(sent);
    expect(env.sink.messages).toHaveLength(sent);
    env.sink.delayMs = 0;
    // Both workers were up throughout (neither crashed out and left the other to do it all).
    expect(workers.map((w) => [w.exitCode, w.signalCode])).toEqual([[null, null], [null, null]]);
    process.stdout.write(`many-processes: ${sent} reminders sent once each by two workers in ${Date.now() - started} ms\n`);
  }, 90_000);

  it('gives one reconciliation run per scope when both APIs are asked at once, and one worker runs it', async () => {
    const scope = { financialYear: '2014/15' };
    const runsOfScope = async () => Number((await env.db.query(`SELECT count(*) AS n FROM reconciliation_run WHERE scope_key = '2014/15'`))[0].n);
    const before = await runsOfScope();
    // The contract (ReconciliationService.request, docs/api.md "Background work over HTTP"): 202
    // with the run; while a run of the scope is queued or running, that same run is the answer.
    const asked = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => apis[i % 2]!().post('/api/reconciliation-runs').set(as(finance)).send(scope)));
    expect(asked.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
    const runIds = [...new Set(asked.map((a) => a.body.id as string))];
    for (const id of runIds) {
      await waitFor(`run ${id} finished`, async () => ['succeeded', 'failed'].includes((await apis[0]!().get(`/api/reconciliation-runs/${id}`).set(as(finance))).body.status), 60_000);
      const run = (await apis[1]!().get(`/api/reconciliation-runs/${id}`).set(as(finance))).body;
      // Run by one worker, once: the first attempt succeeded.
      expect([run.status, run.attempts]).toEqual(['succeeded', 1]);
    }
    expect(await runsOfScope()).toBe(before + runIds.length);
    // Never two runs of the scope alive at once (the one-active-run index), whatever the timing.
    const overlapping = (await env.db.query(
      `SELECT count(*)::int AS n FROM reconciliation_run a JOIN reconciliation_run b ON a.scope_key = b.scope_key AND a.id < b.id
        WHERE a.scope_key = '2014/15' AND tstzrange(a.created_at, a.finished_at) && tstzrange(b.created_at, b.finished_at)`,
    )) as [{ n: number }];
    expect(overlapping[0].n).toBe(0);
    // Six requests inside the first run's life: one run answered them all.
    expect(runIds).toHaveLength(1);
  }, 90_000);

  it('counts login failures across both APIs: the eleventh is refused whichever API it reaches', async () => {
    const email = DEMO_USERS.find((u) => u.role === Role.Finance)!.email;
    const attempt = (api: number, password: string) => apis[api]!().post('/api/auth/login').send({ email, password });
    // Ten failures, alternating between the APIs: each API alone has seen five.
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect((await attempt(i % 2, `wrong-password-${i}`)).status).toBe(401);
    // The next is refused by both, even with the right password.
    for (const api of [0, 1]) {
      const refused = await attempt(api, 'wrong-password-again');
      expect([api, refused.status]).toEqual([api, 429]);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    for (const api of [0, 1]) expect([api, (await attempt(api, DEMO_PASSWORD)).status]).toEqual([api, 429]);
  }, 30_000);
});
