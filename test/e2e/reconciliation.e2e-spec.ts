import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { ReconciliationService } from '../../libs/domain/src/reconciliation/reconciliation.service.js';
import { bullConnection } from '../../libs/platform/src/queues/redis-connection.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { waitFor } from '../factories/monitoring.factory.js';
import { REDIS_URL, type DemoRole, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, DEMO_ROLES } from '../helpers/demo.js';

interface Discrepancy {
  code: string;
  severity: string;
  fundingStreamId: string | null;
  awardId: string | null;
  fundingSourceId: string | null;
  reportingPeriodId: string | null;
  expectedPence: number | null;
  actualPence: number | null;
  message: string;
  fingerprint: string;
  isNew: boolean;
}

/**
 * Reconciliation runs (issue: background jobs, item 4) on real PostgreSQL and Redis, with the
 * worker running in this process. Discrepancies the database would refuse are planted with the
 * triggers switched off for one session (session_replication_role = replica), as a restore or a
 * console session could.
 */
describe('reconciliation runs', () => {
  let env: TestEnv;
  let worker: INestApplicationContext | undefined;
  const tokens = {} as Record<DemoRole, string>;
  let cheshireStreamId: string;
  let financeUserId: string;

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...DEMO_ROLES));
    [{ id: cheshireStreamId }] = (await env.db.query(`SELECT id FROM funding_stream WHERE financial_year = '2014/15'`)) as [{ id: string }];
    [{ id: financeUserId }] = (await env.db.query(`SELECT id FROM app_user WHERE role = 'finance' ORDER BY created_at LIMIT 1`)) as [{ id: string }];
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await env.close();
  });

  const as = (role: DemoRole) => ({ Authorization: `Bearer ${tokens[role]}` });
  const post = (body: Record<string, unknown>, role: DemoRole = 'finance') => env.http().post('/api/reconciliation-runs').set(as(role)).send(body);
  const get = (id: string, query = '') => env.http().get(`/api/reconciliation-runs/${id}${query}`).set(as('finance'));

  /** Polls the run until it has finished (bounded), and answers it as the API shows it. */
  async function finished(id: string, timeoutMs = 20_000) {
    let run: { status: string } & Record<string, unknown> = { status: 'unknown' };
    await waitFor(`run ${id} to finish`, async () => {
      run = (await get(id, '?pageSize=200')).body;
      return run.status === 'succeeded' || run.status === 'failed';
    }, timeoutMs);
    return run as unknown as {
      id: string;
      status: string;
      attempts: number;
      processedAwards: number;
      totalAwards: number;
      durationMs: number;
      error: string | null;
      previousRunId: string | null;
      totals: { overall: Record<string, number>; streams: Record<string, unknown>[]; sources: Record<string, unknown>[] };
      counts: { total: number; byCode: Record<string, number>; bySeverity: Record<string, number>; new: number; resolved: number };
      discrepancies: Discrepancy[];
      discrepancyTotal: number;
      resolved: Discrepancy[];
    };
  }
  async function reconcile(body: Record<string, unknown>) {
    const res = await post(body);
    expect(res.status).toBe(202);
    return finished(res.body.id as string);
  }
  /** Plants data behind the triggers' back, as a restore or a console session could. */
  async function bypassingTriggers(sql: string, params: unknown[] = []): Promise<unknown> {
    const runner = env.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET session_replication_role = replica`);
      return await runner.query(sql, params);
    } finally {
      await runner.query(`RESET session_replication_role`);
      await runner.release();
    }
  }
  const startWorker = async () => {
    worker ??= await createWorkerApp(env.env);
  };
  const byCode = (run: { discrepancies: Discrepancy[] }, code: string) => run.discrepancies.filter((d) => d.code === code);

  it('lets only finance request a run, and finance, commissioners and admins read them', async () => {
    const before = Number((await env.db.query(`SELECT count(*) AS n FROM reconciliation_run`))[0].n);
    for (const role of ['commissioner', 'admin', 'partner', 'viewer'] as const) {
      expect([role, (await post({ financialYear: '2014/15' }, role)).status]).toEqual([role, 403]);
    }
    expect(Number((await env.db.query(`SELECT count(*) AS n FROM reconciliation_run`))[0].n)).toBe(before);
    for (const role of ['finance', 'commissioner', 'admin'] as const) {
      expect([role, (await env.http().get('/api/reconciliation-runs').set(as(role))).status]).toEqual([role, 200]);
    }
    for (const role of ['partner', 'viewer'] as const) {
      expect([role, (await env.http().get('/api/reconciliation-runs').set(as(role))).status]).toEqual([role, 403]);
      expect([role, (await env.http().get(`/api/reconciliation-runs/${cheshireStreamId}`).set(as(role))).status]).toEqual([role, 403]);
    }
    expect((await env.http().get('/api/reconciliation-runs')).status).toBe(401);
  });

  it('refuses malformed requests and a stream of another year', async () => {
    expect((await post({ financialYear: '2014/16' })).status).toBe(400);
    expect((await post({ financialYear: '2014/15', fundingStreamId: 'not-a-uuid' })).status).toBe(400);
    expect((await post({ financialYear: '2014/15', unknown: 1 })).status).toBe(400);
    const other = await post({ financialYear: '2015/16', fundingStreamId: cheshireStreamId });
    expect(other.status).toBe(400);
    expect(other.body.message).toContain('2014/15');
    expect((await post({ financialYear: '2014/15', fundingStreamId: '7d0f8a4e-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await get('7d0f8a4e-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('answers concurrent requests for one scope with one run (202, same id), one per scope', async () => {
    // No worker yet: the runs stay queued while the requests race.
    const year = Array.from({ length: 8 }, () => post({ financialYear: '2014/15' }));
    const stream = Array.from({ length: 8 }, () => post({ financialYear: '2014/15', fundingStreamId: cheshireStreamId.toUpperCase() }));
    const answers = await Promise.all([...year, ...stream]);
    expect(answers.map((r) => r.status)).toEqual(Array(16).fill(202));
    const yearIds = new Set(answers.slice(0, 8).map((r) => r.body.id));
    const streamIds = new Set(answers.slice(8).map((r) => r.body.id));
    expect(yearIds.size).toBe(1);
    expect(streamIds.size).toBe(1);
    expect([...yearIds][0]).not.toBe([...streamIds][0]);
    expect(answers[0]!.body).toEqual({ id: [...yearIds][0], status: 'queued' });

    const rows = (await env.db.query(`SELECT scope_key, status, trigger, requested_by_user_id FROM reconciliation_run ORDER BY scope_key`)) as Record<string, unknown>[];
    expect(rows).toEqual([
      { scope_key: '2014/15', status: 'queued', trigger: 'manual', requested_by_user_id: financeUserId },
      { scope_key: `2014/15:${cheshireStreamId}`, status: 'queued', trigger: 'manual', requested_by_user_id: financeUserId },
    ]);
    const audits = Number((await env.db.query(`SELECT count(*) AS n FROM audit_entry WHERE action = 'reconciliation-run.request'`))[0].n);
    expect(audits).toBe(2);
  });

  it('runs in the worker and totals Cheshire 2014/15 as an independent query does', async () => {
    await startWorker();
    const [{ id }] = (await env.db.query(`SELECT id FROM reconciliation_run WHERE scope_key = '2014/15'`)) as [{ id: string }];
    const run = await finished(id);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1, processedAwards: 9, totalAwards: 9, error: null, previousRunId: null });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);

    const [expected] = (await env.db.query(
      `SELECT (SELECT sum(amount_pence) FROM funding_source WHERE financial_year = '2014/15')::bigint AS received,
              (SELECT sum(x.amount_pence) FROM funding_stream_source x JOIN funding_stream s ON s.id = x.funding_stream_id WHERE s.financial_year = '2014/15')::bigint AS assigned,
              (SELECT sum(budget_pence) FROM funding_stream WHERE financial_year = '2014/15')::bigint AS budget,
              (SELECT sum(a.amount_pence) FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
                WHERE s.financial_year = '2014/15' AND a.status IN ('approved','active','suspended','closed'))::bigint AS committed,
              (SELECT coalesce(sum(p.amount_pence), 0) FROM payment p JOIN award a ON a.id = p.award_id JOIN funding_stream s ON s.id = a.funding_stream_id
                WHERE s.financial_year = '2014/15' AND p.kind = 'payment' AND p.status = 'paid')::bigint AS paid,
              (SELECT count(*) FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = '2014/15')::int AS awards`,
    )) as [Record<string, string | number>];
    expect(run.totals.overall).toMatchObject({
      committedPence: 80_145_600,
      budgetPence: 80_145_600,
      assignedPence: 80_145_600,
      receivedPence: 80_145_600,
      paidPence: 0,
      recoveredPence: 0,
      reportedSpendPence: 0,
      awards: 9,
      committedAwards: 9,
      streams: 1,
    });
    expect(run.totals.overall).toMatchObject({
      receivedPence: Number(expected.received),
      assignedPence: Number(expected.assigned),
      budgetPence: Number(expected.budget),
      committedPence: Number(expected.committed),
      paidPence: Number(expected.paid),
      awards: Number(expected.awards),
    });
    expect(run.totals.streams).toEqual([expect.objectContaining({ fundingStreamId: cheshireStreamId, committedPence: 80_145_600, budgetPence: 80_145_600 })]);
    // The 2014/15 grants were approved but never activated or paid, and the year is long over.
    expect(run.counts).toEqual({ total: 9, byCode: { UNDERSPEND_AT_END: 9 }, bySeverity: { error: 0, warning: 9, info: 0 }, new: 9, resolved: 0 });
    const amounts = new Map(((await env.db.query(`SELECT id, amount_pence::int AS amount FROM award WHERE funding_stream_id = $1`, [cheshireStreamId])) as { id: string; amount: number }[]).map((a) => [a.id, a.amount]));
    expect(run.discrepancies.map((d) => [d.code, d.isNew, d.actualPence, d.expectedPence]).sort()).toEqual(
      [...amounts.values()].map((amount) => ['UNDERSPEND_AT_END', true, 0, amount]).sort(),
    );
    expect(new Set(run.discrepancies.map((d) => d.awardId))).toEqual(new Set(amounts.keys()));

    // The stream-scope run is its own scope: same money, no previous run.
    const [{ id: streamRunId }] = (await env.db.query(`SELECT id FROM reconciliation_run WHERE funding_stream_id IS NOT NULL`)) as [{ id: string }];
    const streamRun = await finished(streamRunId);
    expect(streamRun).toMatchObject({ status: 'succeeded', previousRunId: null, processedAwards: 9 });
    expect(streamRun.totals.overall).toMatchObject({ committedPence: 80_145_600, budgetPence: 80_145_600, receivedPence: 80_145_600 });
  });

  it('finds an overpayment made behind the triggers, then as not new, then as resolved once fixed', async () => {
    const [award] = (await env.db.query(`SELECT id, amount_pence::int AS amount FROM award WHERE reference = 'CHES-1415-01'`)) as [{ id: string; amount: number }];
    const overpaid = award.amount + 12_345;
    const [payment] = (await bypassingTriggers(
      `INSERT INTO payment (award_id, kind, amount_pence, planned_date, status, approved_by_user_id, approved_at, paid_date, paid_reference)
       VALUES ($1, 'payment', $2, '2014-06-01', 'paid', $3, now(), '2014-06-02', 'BACS planted') RETURNING id`,
      [award.id, overpaid, financeUserId],
    )) as [{ id: string }];

    const found = await reconcile({ financialYear: '2014/15' });
    expect(found.status).toBe('succeeded');
    expect(byCode(found, 'OVERPAID_AWARD')).toEqual([
      expect.objectContaining({ severity: 'error', awardId: award.id, fundingStreamId: cheshireStreamId, expectedPence: award.amount, actualPence: overpaid, isNew: true }),
    ]);
    // The award is approved, never activated: no payment may stand on it.
    expect(byCode(found, 'PAYMENT_ON_INACTIVE_AWARD')).toEqual([expect.objectContaining({ awardId: award.id, expectedPence: 0, actualPence: overpaid, isNew: true })]);
    expect(found.totals.overall).toMatchObject({ paidPence: overpaid, netPaidPence: overpaid });
    // Paid in full (and more): that award's underspend is resolved; the other eight are not new.
    expect(found.resolved.map((d) => [d.code, d.awardId])).toEqual([['UNDERSPEND_AT_END', award.id]]);
    expect(found.counts).toMatchObject({ total: 10, new: 2, resolved: 1, byCode: { OVERPAID_AWARD: 1, PAYMENT_ON_INACTIVE_AWARD: 1, UNDERSPEND_AT_END: 8 } });
    expect(byCode(found, 'UNDERSPEND_AT_END').every((d) => !d.isNew)).toBe(true);

    const again = await reconcile({ financialYear: '2014/15' });
    expect(again.previousRunId).toBe(found.id);
    expect(byCode(again, 'OVERPAID_AWARD')).toEqual([expect.objectContaining({ awardId: award.id, actualPence: overpaid, isNew: false })]);
    expect(again.counts).toMatchObject({ total: 10, new: 0, resolved: 0 });
    expect(again.discrepancies.every((d) => !d.isNew)).toBe(true);
    const onlyNew = await get(again.id, '?onlyNew=true');
    expect(onlyNew.body).toMatchObject({ discrepancies: [], discrepancyTotal: 0 });
    const errors = await get(again.id, '?severity=error');
    expect(errors.body.discrepancies.map((d: Discrepancy) => d.code).sort()).toEqual(['OVERPAID_AWARD', 'PAYMENT_ON_INACTIVE_AWARD']);

    await bypassingTriggers(`DELETE FROM payment WHERE id = $1`, [payment.id]);
    const fixed = await reconcile({ financialYear: '2014/15' });
    expect(fixed.previousRunId).toBe(again.id);
    expect(fixed.resolved.map((d) => d.code).sort()).toEqual(['OVERPAID_AWARD', 'PAYMENT_ON_INACTIVE_AWARD']);
    expect(fixed.resolved.every((d) => d.awardId === award.id)).toBe(true);
    expect(fixed.resolved.find((d) => d.code === 'OVERPAID_AWARD')).toMatchObject({ expectedPence: award.amount, actualPence: overpaid });
    expect(fixed.counts).toMatchObject({ total: 9, new: 1, resolved: 2, byCode: { UNDERSPEND_AT_END: 9 } });
    expect(byCode(fixed, 'UNDERSPEND_AT_END').filter((d) => d.isNew).map((d) => d.awardId)).toEqual([award.id]);
  });

  it("finds reported spend above paid, overdue final returns and underspends in the victims' services year", async () => {
    const run = await reconcile({ financialYear: '2024/25' });
    expect(run.status).toBe('succeeded');
    const awards = (await env.db.query(
      `SELECT a.reference, a.id, (SELECT p.id FROM reporting_period p WHERE p.award_id = a.id ORDER BY p.period_end DESC LIMIT 1) AS final_period
         FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = '2024/25' ORDER BY a.reference`,
    )) as { reference: string; id: string; final_period: string }[];
    expect(awards).toHaveLength(4);
    const cares = awards.find((a) => a.reference === 'CHES-VS-2425-01')!;
    // The accepted H1 return reports £300,000 spent; nothing has been paid.
    expect(byCode(run, 'SPEND_ABOVE_PAID')).toEqual([expect.objectContaining({ severity: 'warning', awardId: cares.id, expectedPence: 0, actualPence: 30_000_000 })]);
    // The H2 returns were due in April 2025 and never came.
    expect(byCode(run, 'OVERDUE_FINAL_RETURN').map((d) => [d.awardId, d.reportingPeriodId]).sort()).toEqual(awards.map((a) => [a.id, a.final_period]).sort());
    expect(byCode(run, 'UNDERSPEND_AT_END')).toHaveLength(4);
    expect(run.totals.overall).toMatchObject({ reportedSpendPence: 30_000_000, committedPence: 110_000_000, awards: 4, paidPence: 0 });
    expect(run.counts.byCode).toEqual({ SPEND_ABOVE_PAID: 1, OVERDUE_FINAL_RETURN: 4, UNDERSPEND_AT_END: 4 });
  });

  it('finds an over-assigned source, a budget that is not its assignments and an over-committed stream', async () => {
    const fy = '2030/31';
    const stream = await givenStream(env, tokens.commissioner, 1_000_000, fy);
    const org = await givenOrganisation(env, tokens.commissioner);
    const dates = { startDate: '2030-04-01', endDate: '2031-03-31' };
    const a1 = await givenDraftAward(env, tokens.commissioner, { fundingStreamId: stream.id, recipientOrganisationId: org.id, amountPence: 600_000, ...dates });
    const a2 = await givenDraftAward(env, tokens.commissioner, { fundingStreamId: stream.id, recipientOrganisationId: org.id, amountPence: 400_000, ...dates });
    for (const a of [a1, a2]) await env.http().post(`/api/awards/${a.id}/approve`).set(as('commissioner')).send({}).expect(200);

    const clean = await reconcile({ financialYear: fy });
    expect(clean.counts.total).toBe(0);
    expect(clean.totals.overall).toMatchObject({ committedPence: 1_000_000, budgetPence: 1_000_000 });

    await bypassingTriggers(`UPDATE award SET amount_pence = 700000 WHERE id = $1`, [a1.id]);
    await bypassingTriggers(`UPDATE funding_stream_source SET amount_pence = 1500000 WHERE funding_stream_id = $1`, [stream.id]);
    const broken = await reconcile({ financialYear: fy, fundingStreamId: stream.id });
    expect(byCode(broken, 'OVER_ASSIGNED_SOURCE')).toEqual([
      expect.objectContaining({ severity: 'error', fundingSourceId: stream.fundingSourceId, fundingStreamId: null, awardId: null, expectedPence: 1_000_000, actualPence: 1_500_000 }),
    ]);
    expect(byCode(broken, 'STREAM_BUDGET_MISMATCH')).toEqual([expect.objectContaining({ fundingStreamId: stream.id, expectedPence: 1_500_000, actualPence: 1_000_000 })]);
    expect(byCode(broken, 'OVER_COMMITTED_STREAM')).toEqual([expect.objectContaining({ fundingStreamId: stream.id, expectedPence: 1_000_000, actualPence: 1_100_000 })]);
    expect(broken.totals.sources).toEqual([expect.objectContaining({ fundingSourceId: stream.fundingSourceId, amountPence: 1_000_000, assignedPence: 1_500_000, assignedInScopePence: 1_500_000 })]);
  });

  describe('a run that hits an error', () => {
    /** Fault injection in the database: the next `times` inserts of findings fail (a sequence survives the rollback). */
    async function failFindingInserts(times: number): Promise<void> {
      await env.db.query(`CREATE SEQUENCE IF NOT EXISTS test_fault_seq`);
      await env.db.query(`SELECT setval('test_fault_seq', 1, false)`);
      await env.db.query(
        `CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF nextval('test_fault_seq') <= ${times} THEN RAISE EXCEPTION 'disk full (injected by the test)'; END IF;
           RETURN NULL;
         END $$`,
      );
      await env.db.query(`CREATE TRIGGER test_fault BEFORE INSERT ON reconciliation_discrepancy FOR EACH STATEMENT EXECUTE FUNCTION test_fault()`);
    }
    const healed = () => env.db.query(`DROP TRIGGER IF EXISTS test_fault ON reconciliation_discrepancy`);

    it('is queued again and retried by BullMQ, and succeeds when the fault has passed', async () => {
      await failFindingInserts(1);
      try {
        const run = await reconcile({ financialYear: '2014/15' });
        expect(run).toMatchObject({ status: 'succeeded', attempts: 2, error: null, processedAwards: 9 });
        expect(run.counts.total).toBe(9);
      } finally {
        await healed();
      }
    });

    it('is marked failed with the error after three attempts, never left running', async () => {
      await failFindingInserts(100);
      try {
        const run = await reconcile({ financialYear: '2014/15' });
        expect(run).toMatchObject({ status: 'failed', attempts: 3, error: 'disk full (injected by the test)', counts: null });
        const [row] = (await env.db.query(`SELECT finished_at IS NOT NULL AS finished, duration_ms >= 0 AS timed FROM reconciliation_run WHERE id = $1`, [run.id])) as [Record<string, boolean>];
        expect(row).toEqual({ finished: true, timed: true });
      } finally {
        await healed();
      }
      // A failed run is never "the previous run": the next one compares with the last success.
      const [{ id: lastSuccess }] = (await env.db.query(`SELECT id FROM reconciliation_run WHERE scope_key = '2014/15' AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1`)) as [{ id: string }];
      const next = await reconcile({ financialYear: '2014/15' });
      expect(next).toMatchObject({ status: 'succeeded', previousRunId: lastSuccess });
      expect(next.counts).toMatchObject({ new: 0, resolved: 0 });
    });
  });

  describe('a run whose worker stopped midway', () => {
    const service = () => env.app.get(ReconciliationService);
    const runRow = async (id: string) =>
      ((await env.db.query(`SELECT status, attempts, last_enqueued_at IS NOT NULL AS enqueued FROM reconciliation_run WHERE id = $1`, [id])) as [{ status: string; attempts: number; enqueued: boolean }])[0];
    /** A run as a worker that died after two pages leaves it: running, a stale heartbeat, partial findings. */
    async function abandonedRun(financialYear: string, attempts: number): Promise<string> {
      const [{ id }] = (await env.db.query(
        `INSERT INTO reconciliation_run (financial_year, trigger, status, attempts, processed_awards, total_awards, started_at, heartbeat_at, requested_by_user_id)
         VALUES ($1, 'manual', 'running', $2, 2, 9, now() - interval '10 minutes', now() - interval '5 minutes', $3) RETURNING id`,
        [financialYear, attempts, financeUserId],
      )) as [{ id: string }];
      await env.db.query(
        `INSERT INTO reconciliation_discrepancy (run_id, code, severity, message, fingerprint) VALUES ($1, 'UNDERSPEND_AT_END', 'warning', 'partial', 'PARTIAL:left-by-the-dead-worker')`,
        [id],
      );
      return id;
    }

    it('is queued again by the recovery sweep and then succeeds, starting over', async () => {
      const id = await abandonedRun('2014/15', 1);
      // A heartbeat younger than the allowed silence is left alone.
      expect((await service().recoverStale(60 * 60_000)).requeued).toEqual([]);
      const recovered = await service().recoverStale(120_000);
      // The worker's own sweep (every minute) may have got there first; either way it is no longer running.
      if (!recovered.requeued.includes(id)) expect(await runRow(id)).not.toMatchObject({ status: 'running', attempts: 1 });
      const run = await finished(id);
      expect(run).toMatchObject({ status: 'succeeded', attempts: 2, processedAwards: 9, totalAwards: 9, error: null });
      expect(run.discrepancies.map((d) => d.fingerprint)).not.toContain('PARTIAL:left-by-the-dead-worker');
      expect(run.counts.total).toBe(9);
    });

    it('is marked failed once it has had its attempts, never left running', async () => {
      const id = await abandonedRun('2014/15', 3);
      const recovered = await service().recoverStale(120_000);
      expect(recovered.requeued).not.toContain(id);
      if (!recovered.failed.includes(id)) expect((await runRow(id)).status).toBe('failed');
      const [row] = (await env.db.query(`SELECT status, error, finished_at IS NOT NULL AS finished, duration_ms FROM reconciliation_run WHERE id = $1`, [id])) as [Record<string, unknown>];
      expect(row).toMatchObject({ status: 'failed', error: 'worker stopped during the run', finished: true });
      expect((await get(id)).body).toMatchObject({ status: 'failed', error: 'worker stopped during the run' });
      // The scope is free again: a new request makes a new run.
      const next = await reconcile({ financialYear: '2014/15' });
      expect(next.id).not.toBe(id);
      expect(next.status).toBe('succeeded');
    });

    it('is enqueued again when its job was lost while queued', async () => {
      const [{ id }] = (await env.db.query(
        `INSERT INTO reconciliation_run (financial_year, trigger, status, created_at, requested_by_user_id) VALUES ('2014/15', 'manual', 'queued', now() - interval '10 minutes', $1) RETURNING id`,
        [financeUserId],
      )) as [{ id: string }];
      const recovered = await service().recoverStale(120_000);
      if (!recovered.nudged.includes(id)) expect((await runRow(id)).enqueued).toBe(true);
      expect((await finished(id)).status).toBe('succeeded');
      expect(Number((await env.db.query(`SELECT count(*) AS n FROM reconciliation_run WHERE status IN ('queued','running')`))[0].n)).toBe(0);
    });
  });

  it('queues the nightly run of the current financial year, and schedules it at 02:30 London time', async () => {
    await startWorker();
    const nightly = await env.app.get(ReconciliationService).queueNightly(new Date('2026-11-24T02:30:00Z'));
    const run = await finished(nightly.id);
    expect(run).toMatchObject({ status: 'succeeded', financialYear: '2026/27', trigger: 'nightly', requestedByUserId: null });
    const queue = new Queue('reconciliation', { connection: bullConnection(REDIS_URL), prefix: env.queuePrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['reconciliation-nightly', 'reconciliation-recover']);
      expect(schedulers.find((s) => s.key === 'reconciliation-nightly')).toMatchObject({ pattern: '30 2 * * *', tz: 'Europe/London' });
    } finally {
      await queue.close();
    }
  });

  it('lists runs newest first, by year and status', async () => {
    const res = await env.http().get('/api/reconciliation-runs?financialYear=2014/15&status=succeeded&pageSize=50').set(as('commissioner'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(6);
    expect(res.body.items.every((r: { financialYear: string; status: string }) => r.financialYear === '2014/15' && r.status === 'succeeded')).toBe(true);
    const created = res.body.items.map((r: { createdAt: string }) => r.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect(res.body.items[0]).not.toHaveProperty('discrepancies');
    const figures = (await env.db.query(
      `SELECT r.status, count(DISTINCT r.id)::int AS runs, count(d.id)::int AS discrepancies FROM reconciliation_run r LEFT JOIN reconciliation_discrepancy d ON d.run_id = r.id GROUP BY r.status ORDER BY r.status`,
    )) as Record<string, unknown>[];
    const codes = (await env.db.query(`SELECT code, count(*)::int AS n FROM reconciliation_discrepancy GROUP BY code ORDER BY code`)) as Record<string, unknown>[];
    process.stdout.write(`reconciliation figures: ${JSON.stringify({ runs: figures, discrepanciesByCode: codes })}\n`);
  });
});
