import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { ReconciliationService } from '../../libs/domain/src/reconciliation/reconciliation.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * Reconciliation as a service: a run requested, executed in-process (as the worker's job would)
 * and read back, on the demo data. The queue, the worker and HTTP are
 * test/e2e/reconciliation.e2e-spec.ts and test/e2e/reconciliation-failure.e2e-spec.ts.
 */
describe('ReconciliationService on a real database', () => {
  let env: ServiceEnv;
  let reconciliation: ReconciliationService;
  let finance: Actor;

  beforeAll(async () => {
    env = await createServiceEnv();
    reconciliation = env.get(ReconciliationService);
    finance = await demoActor(env.db, 'finance');
  });
  afterAll(() => env?.close());

  it('queues one run per scope: asking again while it waits answers the same run', async () => {
    const first = await reconciliation.request(finance, { financialYear: '2014/15' });
    const again = await reconciliation.request(finance, { financialYear: '2014/15' });
    expect(first.status).toBe('queued');
    expect(again.id).toBe(first.id);
    const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM reconciliation_run WHERE financial_year = '2014/15'`)) as { n: number }[];
    expect(n).toBe(1);
  });

  it('runs the year to completion and totals it as SQL does: the plan\'s £801,456 received, assigned and committed', async () => {
    const { id } = await reconciliation.request(finance, { financialYear: '2014/15' });
    expect(await reconciliation.execute(id)).toBe('succeeded');
    const run = await reconciliation.get(id);
    expect(run).toMatchObject({ status: 'succeeded', financialYear: '2014/15', attempts: 1 });
    const [sql] = (await env.db.query(
      `SELECT (SELECT sum(amount_pence) FROM funding_source WHERE financial_year = '2014/15')::bigint::text AS received,
              (SELECT sum(a.amount_pence) FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
                WHERE s.financial_year = '2014/15' AND a.status IN ('approved','active','suspended','closed'))::bigint::text AS committed`,
    )) as { received: string; committed: string }[];
    expect(run.totals!.overall.receivedPence).toBe(Number(sql!.received));
    expect(run.totals!.overall.committedPence).toBe(Number(sql!.committed));
    const cheshire = run.totals!.streams.find((s) => s.budgetPence === 80_145_600);
    expect(cheshire).toBeDefined();
    expect(run.totals!.streams.length).toBe(run.totals!.overall.streams);
    // The panel's list of a year's runs (`recent`, no count) is the API list's page, run for run.
    const query = { financialYear: '2014/15', page: 1, pageSize: 20 };
    const recent = await reconciliation.recent(query);
    expect(recent.map((r) => r.id)).toContain(id);
    expect(recent).toEqual((await reconciliation.list(query)).items);
  });

  it('refuses a malformed year, writing nothing', async () => {
    await expect(reconciliation.request(finance, { financialYear: '2014-15' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM reconciliation_run WHERE financial_year = '2014-15'`)) as { n: number }[];
    expect(n).toBe(0);
  });
});
