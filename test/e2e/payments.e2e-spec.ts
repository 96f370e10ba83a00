import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { login, loginAs, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/** docs/design.md#invariant-4 and docs/design.md#invariant-5 and the payment lifecycle, on real PostgreSQL. */
describe('payments and recoveries', () => {
  let env: TestEnv;
  let commissioner: string;
  let finance: string;
  let finance2: string;
  beforeAll(async () => {
    // A low threshold so the segregation-of-duties rule is exercised with small sums.
    env = await demoEnv({ PAYMENT_SECOND_APPROVER_ABOVE_PENCE: '50000' });
    ({ commissioner, finance } = await demoAs(env, 'commissioner', 'finance'));
    const { admin } = await demoAs(env, 'admin');
    await env.http().post('/api/users').set('Authorization', `Bearer ${admin}`).send({ email: 'finance2@test.ringfence.local', name: 'Second Finance', role: 'finance', password: 'second-finance-password' }).expect(201);
    finance2 = await login(env, 'finance2@test.ringfence.local', 'second-finance-password');
  });
  afterAll(() => env.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function activeAward(amount = 100_000, budget = 1_000_000) {
    const stream = await givenStream(env, commissioner, budget);
    const recipient = await givenOrganisation(env, commissioner, { contactEmail: 'grants@recipient.example.org' });
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: amount });
    await env.http().post(`/api/awards/${award.id}/approve`).set(as(commissioner)).send({}).expect(200);
    await env.http().post(`/api/awards/${award.id}/activate`).set(as(commissioner)).send({}).expect(200);
    return { stream, award };
  }
  const schedule = (awardId: string, amountPence: number, token = finance, kind = 'payment', key?: string) => {
    const req = env.http().post(`/api/awards/${awardId}/payments`).set(as(token));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ amountPence, plannedDate: '2026-07-01', kind });
  };
  const outstanding = async (awardId: string) =>
    (await env.db.query(
      `SELECT coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status IN ('approved','paid')), 0)::int
            + coalesce(sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status = 'paid'), 0)::int AS n FROM payment WHERE award_id = $1`,
      [awardId],
    ))[0].n as number;

  it('schedules, approves and pays instalments, and the stream shows what was paid', async () => {
    const { stream, award } = await activeAward(90_000);
    const p1 = await schedule(award.id, 30_000, commissioner);
    expect(p1.status).toBe(201);
    expect(p1.body).toMatchObject({ kind: 'payment', amountPence: 30_000, status: 'scheduled' });
    expect((await env.http().post(`/api/payments/${p1.body.id}/approve`).set(as(finance)).send({})).body).toMatchObject({ status: 'approved' });
    const paid = await env.http().post(`/api/payments/${p1.body.id}/mark-paid`).set(as(finance)).send({ paidDate: '2026-07-03', reference: 'BACS 448812' });
    expect(paid.body).toMatchObject({ status: 'paid', paidDate: '2026-07-03', paidReference: 'BACS 448812' });
    const list = await env.http().get(`/api/awards/${award.id}/payments`).set(as(finance));
    expect(list.body).toMatchObject({ awardPence: 90_000, paidPence: 30_000, outstandingPence: 30_000, scheduledPence: 0 });
    const totals = await env.http().get(`/api/funding-streams/${stream.id}`).set(as(commissioner));
    expect(totals.body.paidPence).toBe(30_000);
    const actions = (await env.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [p1.body.id])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['payment.create', 'payment.approve', 'payment.mark-paid']);
  });

  it('refuses to approve or pay while the award is not active', async () => {
    const stream = await givenStream(env, commissioner, 100_000);
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 10_000 });
    expect((await schedule(award.id, 1_000)).body.code).toBe('AWARD_NOT_PAYABLE');
    await env.http().post(`/api/awards/${award.id}/approve`).set(as(commissioner)).send({}).expect(200);
    const p = await schedule(award.id, 1_000);
    expect(p.status).toBe(201);
    const refused = await env.http().post(`/api/payments/${p.body.id}/approve`).set(as(finance)).send({});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'AWARD_NOT_PAYABLE', status: 'approved' });
  });

  it('holds payments while a condition that holds payments is open, naming it (PAYMENT_HELD)', async () => {
    const { award } = await activeAward();
    const condition = await env.http().post(`/api/awards/${award.id}/conditions`).set(as(commissioner)).send({ title: 'Signed safeguarding policy', category: 'safeguarding', holdsPayments: true });
    expect(condition.status).toBe(201);
    await env.http().post(`/api/awards/${award.id}/conditions`).set(as(commissioner)).send({ title: 'Logo on leaflets', category: 'publicity', holdsPayments: false }).expect(201);
    const p = await schedule(award.id, 10_000);
    const held = await env.http().post(`/api/payments/${p.body.id}/approve`).set(as(finance)).send({});
    expect(held.status).toBe(409);
    expect(held.body.code).toBe('PAYMENT_HELD');
    expect(held.body.conditions).toEqual([expect.objectContaining({ id: condition.body.id, title: 'Signed safeguarding policy' })]);
    // The database holds the rule too, whatever the code does.
    await expect(env.db.query(`UPDATE payment SET status = 'approved', approved_by_user_id = created_by_user_id, approved_at = now() WHERE id = $1`, [p.body.id])).rejects.toThrow(/holding payments/);
    await env.http().post(`/api/conditions/${condition.body.id}/met`).set(as(commissioner)).send({ note: 'Policy received 2 May' }).expect(200);
    expect((await env.http().post(`/api/payments/${p.body.id}/approve`).set(as(finance)).send({})).status).toBe(200);
  });

  it('needs a second approver above the configured amount', async () => {
    const { award } = await activeAward(200_000);
    const big = await schedule(award.id, 60_000, finance);
    expect(big.body.requiresSecondApprover).toBe(true);
    const self = await env.http().post(`/api/payments/${big.body.id}/approve`).set(as(finance)).send({});
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ code: 'SECOND_APPROVER_REQUIRED', thresholdPence: 50_000 });
    await expect(env.db.query(`UPDATE payment SET status = 'approved', approved_by_user_id = created_by_user_id, approved_at = now() WHERE id = $1`, [big.body.id])).rejects.toThrow(/payment_second_approver/);
    expect((await env.http().post(`/api/payments/${big.body.id}/approve`).set(as(finance2)).send({})).status).toBe(200);
    const small = await schedule(award.id, 50_000, finance);
    expect((await env.http().post(`/api/payments/${small.body.id}/approve`).set(as(finance)).send({})).status).toBe(200);
  });

  it('never schedules more than the award, even with 20 racing requests', async () => {
    const { award } = await activeAward(100_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => schedule(award.id, 10_000)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    for (const r of answers.filter((r) => r.status !== 201)) expect(r.body).toMatchObject({ code: 'PAYMENT_EXCEEDS_AWARD', remainingPence: 0 });
    const [{ n }] = await env.db.query(`SELECT sum(amount_pence)::int AS n FROM payment WHERE award_id = $1`, [award.id]);
    expect(n).toBe(100_000);
  });

  it('never approves more than the award when approvals race after a variation down (database-enforced)', async () => {
    const { award } = await activeAward(100_000);
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push((await schedule(award.id, 10_000, commissioner)).body.id as string);
    await env.http().post(`/api/awards/${award.id}/variations`).set(as(commissioner)).send({ amountPence: 45_000, reason: 'service reduced' }).expect(201);
    const answers = await Promise.all(ids.map((id) => env.http().post(`/api/payments/${id}/approve`).set(as(finance)).send({})));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(4);
    for (const r of answers.filter((r) => r.status !== 200)) expect(r.body.code).toBe('PAYMENT_EXCEEDS_AWARD');
    expect(await outstanding(award.id)).toBe(40_000);
    await expect(env.db.query(`UPDATE award SET amount_pence = 39999 WHERE id = $1`, [award.id])).rejects.toThrow(/above its 39999 pence/);
  });

  it('creates one payment when duplicates with one Idempotency-Key race', async () => {
    const { award } = await activeAward(100_000);
    const answers = await Promise.all(Array.from({ length: 15 }, () => schedule(award.id, 7_000, finance, 'payment', 'instalment-q1')));
    expect(answers.map((r) => r.status)).toEqual(Array(15).fill(201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM payment WHERE award_id = $1`, [award.id]);
    expect(n).toBe(1);
    expect((await schedule(award.id, 7_001, finance, 'payment', 'instalment-q1')).body.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('records recoveries as negative lines, no more than was paid', async () => {
    const { award } = await activeAward(100_000);
    const p = await schedule(award.id, 40_000, commissioner);
    await env.http().post(`/api/payments/${p.body.id}/approve`).set(as(finance)).send({}).expect(200);
    await env.http().post(`/api/payments/${p.body.id}/mark-paid`).set(as(finance)).send({ paidDate: '2026-07-03', reference: 'BACS 1' }).expect(200);
    expect((await schedule(award.id, 40_001, commissioner, 'recovery')).body).toMatchObject({ code: 'PAYMENT_EXCEEDS_AWARD', remainingPence: 40_000 });
    const r = await schedule(award.id, 15_000, commissioner, 'recovery');
    expect(r.body).toMatchObject({ kind: 'recovery', amountPence: -15_000 });
    await env.http().post(`/api/payments/${r.body.id}/approve`).set(as(finance)).send({}).expect(200);
    await env.http().post(`/api/payments/${r.body.id}/mark-paid`).set(as(finance)).send({ paidDate: '2027-04-20', reference: 'Refund 77' }).expect(200);
    const list = await env.http().get(`/api/awards/${award.id}/payments`).set(as(finance));
    expect(list.body).toMatchObject({ paidPence: 40_000, recoveredPence: 15_000, outstandingPence: 25_000 });
    expect(await outstanding(award.id)).toBe(25_000);
  });

  it('refuses invalid payment steps and bad input, writing nothing', async () => {
    const { award } = await activeAward(100_000);
    const p = await schedule(award.id, 1_000, commissioner);
    expect((await env.http().post(`/api/payments/${p.body.id}/mark-paid`).set(as(finance)).send({ paidDate: '2026-07-03', reference: 'x' })).body.code).toBe('INVALID_TRANSITION');
    expect((await env.http().post(`/api/payments/${p.body.id}/approve`).set(as(commissioner)).send({})).status).toBe(403);
    const [{ before }] = await env.db.query(`SELECT count(*)::int AS before FROM payment`);
    for (const body of [{ amountPence: 0, plannedDate: '2026-07-01', kind: 'payment' }, { amountPence: 10, plannedDate: '2026-02-30', kind: 'payment' }, { amountPence: 10, plannedDate: '2026-07-01', kind: 'gift' }, { amountPence: '10', plannedDate: '2026-07-01', kind: 'payment' }]) {
      expect((await env.http().post(`/api/awards/${award.id}/payments`).set(as(finance)).send(body)).status).toBe(400);
    }
    const [{ after }] = await env.db.query(`SELECT count(*)::int AS after FROM payment`);
    expect(after).toBe(before);
  });

  it('lets a partner read its own award\'s payments only', async () => {
    const { partner } = await demoAs(env, 'partner');
    const awards = await env.http().get('/api/awards?pageSize=200').set(as(commissioner));
    const own = awards.body.items.find((a: { recipientName: string }) => a.recipientName === 'Warrington Borough Council');
    const other = awards.body.items.find((a: { recipientName: string }) => a.recipientName === 'Halton Borough Council');
    expect((await env.http().get(`/api/awards/${own.id}/payments`).set(as(partner))).status).toBe(200);
    expect((await env.http().get(`/api/awards/${other.id}/payments`).set(as(partner))).status).toBe(404);
    expect((await env.http().post(`/api/awards/${own.id}/payments`).set(as(partner)).send({ amountPence: 1, plannedDate: '2026-07-01', kind: 'payment' })).status).toBe(403);
  });

  it('reports finance per stream, agreeing with the ledger to the penny (JSON and CSV)', async () => {
    const report = await env.http().get('/api/reports/finance?financialYear=2026/27').set(as(finance));
    expect(report.status).toBe(200);
    const [ledger] = await env.db.query(
      `SELECT (SELECT coalesce(sum(budget_pence), 0)::bigint FROM funding_stream WHERE financial_year = '2026/27') AS budget,
              (SELECT coalesce(sum(a.amount_pence), 0)::bigint FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
                WHERE s.financial_year = '2026/27' AND a.status IN ('approved','active','suspended','closed')) AS committed,
              (SELECT coalesce(sum(p.amount_pence), 0)::bigint FROM payment p JOIN award a ON a.id = p.award_id JOIN funding_stream s ON s.id = a.funding_stream_id
                WHERE s.financial_year = '2026/27' AND p.status = 'paid' AND p.kind = 'payment') AS paid,
              (SELECT coalesce(-sum(p.amount_pence), 0)::bigint FROM payment p JOIN award a ON a.id = p.award_id JOIN funding_stream s ON s.id = a.funding_stream_id
                WHERE s.financial_year = '2026/27' AND p.status = 'paid' AND p.kind = 'recovery') AS recovered`,
    );
    expect(Number(ledger.paid)).toBeGreaterThan(0);
    expect(Number(ledger.recovered)).toBeGreaterThan(0);
    expect(report.body.totals).toMatchObject({
      budgetPence: Number(ledger.budget),
      committedPence: Number(ledger.committed),
      paidPence: Number(ledger.paid),
      recoveredPence: Number(ledger.recovered),
      netPaidPence: Number(ledger.paid) - Number(ledger.recovered),
      remainingPence: Number(ledger.budget) - Number(ledger.committed),
    });
    for (const row of report.body.rows) expect(row.remainingPence).toBe(row.budgetPence - row.committedPence);
    const csv = await env.http().get('/api/reports/finance?financialYear=2026/27&format=csv').set(as(finance));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const total = csv.text.trim().split('\n').at(-1)!.split(',');
    expect(total[0]).toBe('Total');
    expect(Math.round(Number(total[6]) * 100)).toBe(Number(ledger.paid));
    expect((await env.http().get('/api/reports/finance?financialYear=2026/27').set(as(await loginAs(env, 'partner')))).status).toBe(403);
  });
});
