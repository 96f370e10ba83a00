import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemo } from '../../apps/api/src/seed/demo-seed.js';
import { cheshire201415 } from '../../apps/api/src/seed/data/cheshire-2014-15.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/** The plan's table, read from the plan's own data file (apps/api/src/seed/data, docs/data.md#demo-plans), not restated here. */
const PLAN = cheshire201415;

describe('the 2014/15 grants table', () => {
  let env: TestEnv;
  let token: string;
  beforeAll(async () => {
    env = await demoEnv();
    ({ viewer: token } = await demoAs(env, 'viewer'));
  });
  afterAll(() => env.close());

  it('reproduces the plan to the penny: nine grants in its order, total £801,456', async () => {
    const res = await env.http().get('/api/reports/grants?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.financialYear).toBe('2014/15');
    expect(res.body.rows.map((r: { organisation: string; grantType: string; amountPence: number }) => [r.organisation, r.grantType, r.amountPence])).toEqual(
      PLAN.awards.map((a) => [a.organisation, a.grantType, a.amountPence]),
    );
    expect(res.body.totalPence).toBe(PLAN.totalPence);
    expect(res.body.totalPence).toBe(PLAN.fundingSources.reduce((sum, s) => sum + s.amountPence, 0));
  });

  it('shows Positive Futures as included within Warrington\'s Community Safety Funding, not as a tenth grant', async () => {
    const res = await env.http().get('/api/reports/grants?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    const notes = res.body.rows.filter((r: { note: string | null }) => r.note);
    expect(notes).toEqual([expect.objectContaining({ organisation: 'Warrington Borough Council', grantType: 'Community Safety Funding', note: expect.stringContaining('Positive Futures') })]);
  });

  it('gives the same table as CSV, in exact pounds, with a total line', async () => {
    const res = await env.http().get('/api/reports/grants?financialYear=2014/15&format=csv').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('Organisation,Grant type,Amount (£),Amount (pence),Note,Award reference,Purpose,Conditions');
    expect(lines).toHaveLength(PLAN.awards.length + 2);
    const cells = lines.slice(1, -1).map((l) => l.split(','));
    expect(cells.map((c) => Number(c[3]))).toEqual(PLAN.awards.map((a) => a.amountPence));
    expect(cells.map((c) => Math.round(Number(c[2]) * 100))).toEqual(PLAN.awards.map((a) => a.amountPence));
    expect(lines.at(-1)).toBe('Total,,801456.00,80145600,,,,');
  });

  it('pages on request (page, pageSize): the pages are the whole table in order, each with the year\'s count and total; the CSV stays whole', async () => {
    const get = (query: string) => env.http().get(`/api/reports/grants?financialYear=2014/15${query}`).set('Authorization', `Bearer ${token}`);
    const pages = await Promise.all([1, 2, 3].map((n) => get(`&page=${n}&pageSize=4`)));
    expect(pages.map((p) => [p.status, p.body.rows.length, p.body.total, p.body.page, p.body.pageSize, p.body.totalPence])).toEqual(
      [1, 2, 3].map((n) => [200, n < 3 ? 4 : PLAN.awards.length - 8, PLAN.awards.length, n, 4, PLAN.totalPence]),
    );
    expect(pages.flatMap((p) => p.body.rows.map((r: { organisation: string; amountPence: number }) => [r.organisation, r.amountPence]))).toEqual(PLAN.awards.map((a) => [a.organisation, a.amountPence]));
    // Unpaged is the default, unchanged; pageSize alone is page 1; the CSV ignores paging.
    expect(Object.keys((await get('')).body).sort()).toEqual(['financialYear', 'rows', 'totalPence']);
    expect((await get('&pageSize=2')).body.rows).toHaveLength(2);
    expect((await get('&page=1&pageSize=2&format=csv')).text.trim().split('\n')).toHaveLength(PLAN.awards.length + 2);
    for (const bad of ['&page=0', '&pageSize=201', '&page=x']) expect([bad, (await get(bad)).status]).toEqual([bad, 400]);
  });

  it('refuses a financial year that is not one, naming the field', async () => {
    for (const fy of ['2014/16', '2014-15', '']) {
      const res = await env.http().get(`/api/reports/grants?financialYear=${fy}`).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/financialYear/);
    }
  });

  it('is empty for a year with no grants', async () => {
    const res = await env.http().get('/api/reports/grants?financialYear=2030/31').set('Authorization', `Bearer ${token}`);
    expect(res.body).toEqual({ financialYear: '2030/31', rows: [], totalPence: 0 });
  });

  it('matches the stream: budget = the two sources, all of it committed', async () => {
    const res = await env.http().get('/api/funding-streams?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ budgetPence: PLAN.fundingStream.budgetPence, committedPence: PLAN.totalPence, draftPence: 0, remainingPence: 0 });
  });

  it('loads the demo idempotently: a second seed creates nothing', async () => {
    const before = await env.db.query(`SELECT (SELECT count(*) FROM award) a, (SELECT count(*) FROM organisation) o, (SELECT count(*) FROM app_user) u, (SELECT count(*) FROM plan_objective_measure) m`);
    const report = await seedDemo(env.app);
    expect(Object.values(report.created).every((n) => n === 0)).toBe(true);
    const after = await env.db.query(`SELECT (SELECT count(*) FROM award) a, (SELECT count(*) FROM organisation) o, (SELECT count(*) FROM app_user) u, (SELECT count(*) FROM plan_objective_measure) m`);
    expect(after).toEqual(before);
  });

  it('loads the five plan objectives with every measure', async () => {
    const res = await env.http().get('/api/plan-objectives').set('Authorization', `Bearer ${token}`);
    expect(res.body.map((o: { code: string; measures: { title: string }[] }) => [o.code, o.measures.map((m) => m.title)])).toEqual(
      PLAN.planObjectives.map((o) => [o.code, [...o.measures]]),
    );
  });

  it('publishes each grant with its purpose and conditions', async () => {
    const { commissioner } = await demoAs(env, 'commissioner');
    const table = await env.http().get('/api/reports/grants?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    const halton = table.body.rows.find((r: { organisation: string; grantType: string }) => r.organisation === 'Halton Borough Council' && r.grantType === 'Drug Intervention Programme');
    expect(halton.purpose).toBe('Drug Intervention Programme 2014/15: Halton Borough Council');
    expect(halton.conditions).toEqual([]);
    await env.http().post(`/api/awards/${halton.awardId}/conditions`).set('Authorization', `Bearer ${commissioner}`).send({ title: 'Quarterly DIP activity return', category: 'monitoring', holdsPayments: false }).expect(201);
    const again = await env.http().get('/api/reports/grants?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    const row = again.body.rows.find((r: { awardId: string }) => r.awardId === halton.awardId);
    expect(row.conditions).toEqual([{ title: 'Quarterly DIP activity return', category: 'monitoring', status: 'open', holdsPayments: false }]);
    const csv = await env.http().get('/api/reports/grants?financialYear=2014/15&format=csv').set('Authorization', `Bearer ${token}`);
    expect(csv.text).toContain('Quarterly DIP activity return');
  });
});
