import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { waitFor } from '../factories/monitoring.factory.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, demoUserId } from '../helpers/demo.js';

/**
 * Year-end close of a 2025/26 stream (issue 6, item 5), on real PostgreSQL. Award A has paid
 * money not all spent (recovered), award B too (carried forward in part, written off in part),
 * award D spent more than it was paid (no decision needed), E is a draft (not in the close).
 */
describe('year-end close', () => {
  let env: TestEnv;
  let commissioner: string;
  let finance: string;
  let admin: string;
  let viewer: string;
  let partner: string;
  let financeUserId: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  let stream: { id: string; fundingSourceId: string };
  let nextYear: { id: string; fundingSourceId: string };
  let otherSameYear: { id: string; fundingSourceId: string };
  let A: { id: string; reference: string };
  let B: { id: string; reference: string };
  let D: { id: string; reference: string };
  let scheduledOnA: string;
  let worker: INestApplicationContext | undefined;
  let closeBody: { id: string; decisions: { id: string; awardId: string; decision: string; amountPence: number; recoveryPaymentId: string | null }[]; carryForwards: { id: string; fundingSourceId: string; amountPence: number }[] };

  async function activeAward(fundingStreamId: string, amountPence: number): Promise<{ id: string; reference: string }> {
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId, recipientOrganisationId: recipient.id, amountPence, startDate: '2025-04-01', endDate: '2026-03-31' });
    await env.http().post(`/api/awards/${award.id}/approve`).set(as(commissioner)).send({}).expect(200);
    await env.http().post(`/api/awards/${award.id}/activate`).set(as(commissioner)).send({}).expect(200);
    return award;
  }
  async function line(awardId: string, amountPence: number, kind: 'payment' | 'recovery' = 'payment'): Promise<string> {
    const res = await env.http().post(`/api/awards/${awardId}/payments`).set(as(finance)).send({ amountPence, plannedDate: '2025-06-01', kind });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  async function paid(awardId: string, amountPence: number, kind: 'payment' | 'recovery' = 'payment'): Promise<void> {
    const id = await line(awardId, amountPence, kind);
    await env.http().post(`/api/payments/${id}/approve`).set(as(finance)).send({}).expect(200);
    await env.http().post(`/api/payments/${id}/mark-paid`).set(as(finance)).send({ paidDate: '2025-06-03', reference: `BACS ${id.slice(0, 8)}` }).expect(200);
  }
  async function periods(awardId: string, frequency: 'annual' | 'quarterly'): Promise<Record<string, string>> {
    const res = await env.http().put(`/api/awards/${awardId}/reporting-schedule`).set(as(commissioner)).send({ frequency, dueWorkingDays: 5 });
    expect(res.status).toBe(200);
    return Object.fromEntries((res.body.periods as { key: string; id: string }[]).map((p) => [p.key, p.id]));
  }
  async function submitted(periodId: string, spendPence: number): Promise<void> {
    const url = `/api/reporting-periods/${periodId}/return`;
    await env.http().put(url).set(as(commissioner)).send({ values: [], spendPence, narrative: 'Year-end return', onBehalf: true }).expect(200);
    await env.http().post(`${url}/submit`).set(as(commissioner)).send({ certified: true, onBehalf: true }).expect(200);
  }
  async function accepted(periodId: string, spendPence: number): Promise<void> {
    await submitted(periodId, spendPence);
    await env.http().post(`/api/reporting-periods/${periodId}/return/accept`).set(as(commissioner)).send({}).expect(200);
  }
  const close = (streamId: string, body: unknown, token = finance) => env.http().post(`/api/funding-streams/${streamId}/year-end`).set(as(token)).send(body as object);
  const preview = (streamId: string, token = finance) => env.http().get(`/api/funding-streams/${streamId}/year-end`).set(as(token));

  /** Everything a refused request must leave alone. */
  const snapshot = async () =>
    (
      await env.db.query(`SELECT (SELECT count(*) FROM payment)::int AS payments,
                                 (SELECT string_agg(id || ':' || status || ':' || amount_pence, ',' ORDER BY id) FROM payment) AS payment_rows,
                                 (SELECT count(*) FROM award)::int AS awards,
                                 (SELECT string_agg(id || ':' || status || ':' || amount_pence, ',' ORDER BY id) FROM award) AS award_rows,
                                 (SELECT count(*) FROM award_variation)::int AS variations,
                                 (SELECT string_agg(funding_stream_id || ':' || funding_source_id || ':' || amount_pence, ',' ORDER BY funding_stream_id, funding_source_id) FROM funding_stream_source) AS assignments,
                                 (SELECT string_agg(id || ':' || amount_pence, ',' ORDER BY id) FROM funding_source) AS sources,
                                 (SELECT string_agg(id || ':' || budget_pence, ',' ORDER BY id) FROM funding_stream) AS budgets,
                                 (SELECT count(*) FROM year_end_close)::int AS closes,
                                 (SELECT count(*) FROM year_end_decision)::int AS decisions,
                                 (SELECT count(*) FROM year_end_carry_forward)::int AS carry_forwards,
                                 (SELECT count(*) FROM audit_entry)::int AS audit`)
    )[0] as Record<string, unknown>;
  /** The SQLSTATE a statement fails with, or 'ok'. */
  const sqlState = (sql: string, params: unknown[] = []) =>
    env.db.query(sql, params).then(
      () => 'ok',
      (e: { driverError?: { code?: string }; code?: string }) => e.driverError?.code ?? e.code,
    );

  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner, finance, admin, viewer, partner } = await demoAs(env, 'commissioner', 'finance', 'admin', 'viewer', 'partner'));
    financeUserId = await demoUserId(env, 'finance');

    stream = await givenStream(env, commissioner, 1_000_000, '2025/26');
    nextYear = await givenStream(env, commissioner, 500_000, '2026/27');
    otherSameYear = await givenStream(env, commissioner, 1_000_000, '2025/26');

    A = await activeAward(stream.id, 400_000);
    B = await activeAward(stream.id, 300_000);
    D = await activeAward(stream.id, 150_000);
    const recipient = await givenOrganisation(env, commissioner);
    await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 10_000 });

    await paid(A.id, 300_000);
    scheduledOnA = await line(A.id, 50_000);
    await paid(B.id, 250_000);
    await paid(B.id, 10_000, 'recovery');
    await paid(D.id, 100_000);

    await accepted((await periods(A.id, 'annual'))['2025/26']!, 180_000);
    const quarters = await periods(B.id, 'quarterly');
    // Accepted out of order: the latest period's figure counts, not the latest acceptance.
    await accepted(quarters['2025/26-Q3']!, 200_000);
    await accepted(quarters['2025/26-Q1']!, 100_000);
    // Submitted but not accepted: does not count.
    await submitted(quarters['2025/26-Q4']!, 10_000);
    await accepted((await periods(D.id, 'annual'))['2025/26']!, 120_000);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await env.close();
  });

  it('previews each award: award, net paid, reported spend, underspend and unpaid commitment, as SQL computes them', async () => {
    const res = await preview(stream.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ fundingStreamId: stream.id, financialYear: '2025/26', yearEnded: true, closed: false, close: null });
    expect(res.body.carryForward).toMatchObject({ nextFinancialYear: '2026/27', allowed: false });

    const expected = (await env.db.query(
      `WITH money AS (
         SELECT a.id, a.amount_pence AS award,
                coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0)
              + coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0) AS net_paid
           FROM award a LEFT JOIN payment p ON p.award_id = a.id
          WHERE a.funding_stream_id = $1 AND a.status IN ('approved','active','suspended','closed')
          GROUP BY a.id, a.amount_pence),
       spend AS (
         SELECT DISTINCT ON (rp.award_id) rp.award_id, rv.spend_pence
           FROM reporting_period rp
           JOIN monitoring_return r ON r.reporting_period_id = rp.id AND r.accepted_version IS NOT NULL
           JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
          ORDER BY rp.award_id, rp.period_end DESC)
       SELECT m.id AS "awardId", m.award::int AS "awardPence", m.net_paid::int AS "netPaidPence",
              coalesce(s.spend_pence, 0)::int AS "reportedSpendPence",
              greatest(0, m.net_paid - coalesce(s.spend_pence, 0))::int AS "underspendPence",
              (m.award - m.net_paid)::int AS "unpaidCommitmentPence"
         FROM money m LEFT JOIN spend s ON s.award_id = m.id ORDER BY m.id`,
      [stream.id],
    )) as Record<string, unknown>[];
    const shown = (res.body.awards as Record<string, unknown>[])
      .map((a) => ({ awardId: a.awardId, awardPence: a.awardPence, netPaidPence: a.netPaidPence, reportedSpendPence: a.reportedSpendPence, underspendPence: a.underspendPence, unpaidCommitmentPence: a.unpaidCommitmentPence }))
      .sort((x, y) => String(x.awardId).localeCompare(String(y.awardId)));
    expect(shown).toEqual(expected);
    // And the figures this story was built to have.
    const byId = (id: string) => (res.body.awards as { awardId: string }[]).find((a) => a.awardId === id);
    expect(byId(A.id)).toMatchObject({ paidPence: 300_000, recoveredPence: 0, netPaidPence: 300_000, reportedSpendPence: 180_000, underspendPence: 120_000, unpaidCommitmentPence: 100_000, pendingPaymentsPence: 50_000, decisionRequired: true, decisionRecorded: false });
    expect(byId(B.id)).toMatchObject({ paidPence: 250_000, recoveredPence: 10_000, netPaidPence: 240_000, reportedSpendPence: 200_000, underspendPence: 40_000, unpaidCommitmentPence: 60_000, decisionRequired: true });
    expect(byId(D.id)).toMatchObject({ netPaidPence: 100_000, reportedSpendPence: 120_000, underspendPence: 0, decisionRequired: false, hasAcceptedReturn: true });
    expect(res.body.awards).toHaveLength(3);
    expect(res.body.totals).toEqual({ awardPence: 850_000, netPaidPence: 640_000, reportedSpendPence: 500_000, underspendPence: 160_000, unpaidCommitmentPence: 210_000 });
  });

  it('lets finance, commissioners and admins preview; only finance closes', async () => {
    expect((await preview(stream.id, commissioner)).status).toBe(200);
    expect((await preview(stream.id, admin)).status).toBe(200);
    expect((await preview(stream.id, viewer)).status).toBe(403);
    expect((await preview(stream.id, partner)).status).toBe(403);
    const before = await snapshot();
    expect((await close(stream.id, { decisions: [] }, commissioner)).status).toBe(403);
    expect((await close(stream.id, { decisions: [] }, admin)).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad decisions with 400 naming the field or the undecided award, writing nothing', async () => {
    const before = await snapshot();
    const recoverA = { awardId: A.id, decision: 'recover' };
    const cases: [unknown, RegExp, string?][] = [
      [{}, /decisions/],
      [{ decisions: [], closeEverything: true }, /closeEverything/],
      [{ decisions: [{ awardId: A.id, decision: 'refund' }] }, /decisions\.0\.decision/],
      [{ decisions: [{ awardId: 'not-a-uuid', decision: 'recover' }] }, /decisions\.0\.awardId/],
      [{ decisions: [{ ...recoverA, amountPence: '120000' }] }, /decisions\.0\.amountPence/],
      [{ decisions: [{ ...recoverA, amountPence: 0 }] }, /decisions\.0\.amountPence/],
      [{ decisions: [recoverA] }, new RegExp(`${B.reference} \\(${B.id}\\) has an underspend of 40000 pence and no decision`), 'decisions'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'write_off' }] }, /decisions\[1\]\.reason/, 'decisions[1].reason'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'carry_forward' }] }, /decisions\[1\]\.targetFundingStreamId/, 'decisions[1].targetFundingStreamId'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'carry_forward', targetFundingStreamId: otherSameYear.id }] }, /must be a stream of 2026\/27/, 'decisions[1].targetFundingStreamId'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'carry_forward', targetFundingStreamId: randomUUID() }] }, /names no funding stream/, 'decisions[1].targetFundingStreamId'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'recover' }, { awardId: D.id, decision: 'write_off', reason: 'x' }] }, /has no underspend/, 'decisions[2].awardId'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'recover', amountPence: 30_000 }, { awardId: B.id, decision: 'write_off', amountPence: 5_000, reason: 'x' }] }, /total 35000 pence; its underspend is 40000/, 'decisions[1].amountPence'],
      [{ decisions: [recoverA, { awardId: B.id, decision: 'recover' }, { awardId: randomUUID(), decision: 'recover' }] }, /not an award of this funding stream/, 'decisions[2].awardId'],
    ];
    for (const [body, message, field] of cases) {
      const res = await close(stream.id, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body.message).toMatch(message);
      if (field) expect(res.body).toMatchObject({ code: 'VALIDATION', field });
    }
    const missing = await close(stream.id, { decisions: [recoverA] });
    expect(missing.body.awardIds).toEqual([B.id]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to close a year that has not ended (409 YEAR_NOT_ENDED) or an unknown stream (404)', async () => {
    const before = await snapshot();
    const open = await close(nextYear.id, { decisions: [] });
    expect(open.status).toBe(409);
    expect(open.body).toMatchObject({ code: 'YEAR_NOT_ENDED', yearEnd: '2027-03-31' });
    expect((await preview(nextYear.id)).body).toMatchObject({ yearEnded: false, closed: false });
    expect((await close(randomUUID(), { decisions: [] })).status).toBe(404);
    expect((await preview(randomUUID())).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  const decisions = () => [
    { awardId: A.id, decision: 'recover' },
    { awardId: B.id, decision: 'carry_forward', amountPence: 25_000, targetFundingStreamId: nextYear.id },
    { awardId: B.id, decision: 'write_off', amountPence: 15_000, reason: 'Spent on eligible costs after the Q3 return; invoices seen by finance' },
  ];

  it("refuses to carry forward without the funding source's permission (409 CARRY_FORWARD_NOT_ALLOWED), writing nothing", async () => {
    const before = await snapshot();
    const refused = await close(stream.id, { decisions: decisions() });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CARRY_FORWARD_NOT_ALLOWED');
    expect(refused.body.fundingSources).toEqual([expect.objectContaining({ id: stream.fundingSourceId })]);
    expect(await snapshot()).toEqual(before);

    expect((await env.http().put(`/api/funding-sources/${stream.fundingSourceId}/carry-forward`).set(as(viewer)).send({ allowed: true })).status).toBe(403);
    expect((await env.http().put(`/api/funding-sources/${stream.fundingSourceId}/carry-forward`).set(as(finance)).send({ allowed: 'yes' })).status).toBe(400);
    const granted = await env.http().put(`/api/funding-sources/${stream.fundingSourceId}/carry-forward`).set(as(finance)).send({ allowed: true, note: 'Funder letter 14 April 2026' });
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ fundingSourceId: stream.fundingSourceId, carryForwardAllowed: true });
    expect((await preview(stream.id)).body.carryForward.allowed).toBe(true);
    const [audit] = await env.db.query(`SELECT action, before, after FROM audit_entry WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [stream.fundingSourceId]);
    expect(audit).toMatchObject({ action: 'funding-source.carry-forward-permission', before: { carryForwardAllowed: false }, after: { carryForwardAllowed: true, note: 'Funder letter 14 April 2026' } });
  });

  it('closes the year: a recovery, a carry-forward into next year, a write-off, all recorded and audited in one go', async () => {
    const budgetBefore = (await env.http().get(`/api/funding-streams/${nextYear.id}`).set(as(commissioner))).body.budgetPence;
    const res = await close(stream.id, { decisions: decisions() });
    expect(res.status).toBe(201);
    closeBody = res.body;
    expect(res.body).toMatchObject({ fundingStreamId: stream.id, financialYear: '2025/26', closedByUserId: financeUserId });
    expect(res.body.decisions).toEqual([
      expect.objectContaining({ awardId: A.id, decision: 'recover', amountPence: 120_000, underspendPence: 120_000, recoveryPaymentId: expect.any(String) }),
      expect.objectContaining({ awardId: B.id, decision: 'carry_forward', amountPence: 25_000, underspendPence: 40_000, targetFundingStreamId: nextYear.id }),
      expect.objectContaining({ awardId: B.id, decision: 'write_off', amountPence: 15_000, reason: expect.stringMatching(/invoices seen/) }),
    ]);
    expect(res.body.carryForwards).toEqual([expect.objectContaining({ fromAwardId: B.id, fromFundingStreamId: stream.id, toFundingStreamId: nextYear.id, amountPence: 25_000 })]);

    // The rows, as stored.
    const [closeRow] = await env.db.query(`SELECT * FROM year_end_close WHERE funding_stream_id = $1`, [stream.id]);
    expect(closeRow).toMatchObject({ id: res.body.id, financial_year: '2025/26', closed_by_user_id: financeUserId });
    expect(closeRow.closed_at).toBeInstanceOf(Date);
    expect(await env.db.query(`SELECT decision, amount_pence::int FROM year_end_decision WHERE year_end_close_id = $1 ORDER BY amount_pence DESC`, [res.body.id])).toEqual([
      { decision: 'recover', amount_pence: 120_000 },
      { decision: 'carry_forward', amount_pence: 25_000 },
      { decision: 'write_off', amount_pence: 15_000 },
    ]);
    const recoveryId = res.body.decisions[0].recoveryPaymentId as string;
    const [recovery] = await env.db.query(`SELECT award_id, kind, amount_pence::int, status, created_by_user_id FROM payment WHERE id = $1`, [recoveryId]);
    expect(recovery).toEqual({ award_id: A.id, kind: 'recovery', amount_pence: -120_000, status: 'scheduled', created_by_user_id: financeUserId });
    const sourceId = res.body.carryForwards[0].fundingSourceId as string;
    const [source] = await env.db.query(`SELECT name, financial_year, amount_pence::int, restricted FROM funding_source WHERE id = $1`, [sourceId]);
    const streamName = (await env.db.query(`SELECT name FROM funding_stream WHERE id = $1`, [stream.id]))[0].name;
    expect(source).toEqual({ name: `Carry forward from ${streamName} 2025/26`, financial_year: '2026/27', amount_pence: 25_000, restricted: true });
    expect(await env.db.query(`SELECT funding_stream_id, amount_pence::int FROM funding_stream_source WHERE funding_source_id = $1`, [sourceId])).toEqual([{ funding_stream_id: nextYear.id, amount_pence: 25_000 }]);
    // The target's budget is still the sum of its assignments, now 25,000 more.
    expect((await env.http().get(`/api/funding-streams/${nextYear.id}`).set(as(commissioner))).body.budgetPence).toBe(budgetBefore + 25_000);

    // Audited, by the finance officer, in the same transaction.
    const audit = (await env.db.query(`SELECT action, entity_type, entity_id, actor_user_id FROM audit_entry WHERE entity_id = ANY($1::text[]) ORDER BY id`, [
      [res.body.id, ...res.body.decisions.map((d: { id: string }) => d.id), res.body.carryForwards[0].id, recoveryId, sourceId, nextYear.id],
    ])) as { action: string; entity_type: string; entity_id: string; actor_user_id: string }[];
    const closing = audit.filter((a) => a.actor_user_id === financeUserId);
    expect(closing.map((a) => a.action).sort()).toEqual(
      ['funding-source.create', 'funding-stream.carry-forward', 'recovery.create', 'year-end.carry-forward', 'year-end.close', 'year-end.decision.carry_forward', 'year-end.decision.recover', 'year-end.decision.write_off'].sort(),
    );
    const [closeAudit] = await env.db.query(`SELECT after FROM audit_entry WHERE action = 'year-end.close' AND entity_id = $1`, [res.body.id]);
    expect(closeAudit.after.awards).toHaveLength(3);

    const after = await preview(stream.id);
    expect(after.body).toMatchObject({ closed: true, close: { id: res.body.id, closedByUserId: financeUserId } });
    const shown = (id: string) => (after.body.awards as { awardId: string }[]).find((a) => a.awardId === id);
    expect(shown(A.id)).toMatchObject({ decisionRequired: false, decisionRecorded: true, decisions: [expect.objectContaining({ decision: 'recover' })] });
    expect(shown(B.id)).toMatchObject({ decisionRequired: false, decisionRecorded: true });
    expect(shown(D.id)).toMatchObject({ decisionRecorded: false });
  });

  it("counts carried-forward money once: received in the year it arrived, carried in (not received) the next", async () => {
    worker ??= await createWorkerApp(env.env);
    const reconcile = async (financialYear: string, fundingStreamId: string) => {
      const started = await env.http().post('/api/reconciliation-runs').set(as(finance)).send({ financialYear, fundingStreamId });
      expect(started.status).toBe(202);
      let run: { status: string; totals: { overall: Record<string, number>; sources: { fundingSourceId: string; carriedForward: boolean; amountPence: number }[] } } | undefined;
      await waitFor('reconciliation run', async () => {
        run = (await env.http().get(`/api/reconciliation-runs/${started.body.id}`).set(as(finance))).body;
        return run!.status === 'succeeded' || run!.status === 'failed';
      }, 20_000);
      expect(run!.status).toBe('succeeded');
      return run!.totals;
    };
    const carried = closeBody.carryForwards[0]!;
    const next = await reconcile('2026/27', nextYear.id);
    // The next year's own grant is received; the 25,000 carried in was received in 2025/26.
    expect(next.overall).toMatchObject({ receivedPence: 500_000, carriedForwardInPence: carried.amountPence, budgetPence: 500_000 + carried.amountPence });
    expect(next.sources.find((s) => s.fundingSourceId === carried.fundingSourceId)).toMatchObject({ carriedForward: true, amountPence: 25_000 });
    expect(next.sources.find((s) => s.fundingSourceId === nextYear.fundingSourceId)).toMatchObject({ carriedForward: false });
    const closed = await reconcile('2025/26', stream.id);
    expect(closed.overall).toMatchObject({ receivedPence: 1_000_000, carriedForwardInPence: 0 });
  });

  it('refuses to close twice with 409 YEAR_CLOSED', async () => {
    const before = await snapshot();
    const again = await close(stream.id, { decisions: decisions() });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'YEAR_CLOSED', fundingStreamId: stream.id, financialYear: '2025/26' });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses every later write to the year's money with 409 YEAR_CLOSED, writing nothing", async () => {
    const before = await snapshot();
    const attempts: [string, () => Promise<{ status: number; body: { code?: string } }>][] = [
      ['variation', () => env.http().post(`/api/awards/${A.id}/variations`).set(as(commissioner)).send({ amountPence: 350_000, reason: 'Service reduced' })],
      ['new award', async () => {
        const recipient = (await env.db.query(`SELECT recipient_organisation_id AS id FROM award WHERE id = $1`, [A.id]))[0].id;
        return env.http().post('/api/awards').set(as(commissioner)).send({ fundingStreamId: stream.id, recipientOrganisationId: recipient, title: 'Late award', grantType: 'x', amountPence: 1_000, startDate: '2025-04-01', endDate: '2026-03-31' });
      }],
      ['new payment', () => env.http().post(`/api/awards/${A.id}/payments`).set(as(finance)).send({ amountPence: 1_000, plannedDate: '2026-05-01', kind: 'payment' })],
      ['new recovery', () => env.http().post(`/api/awards/${B.id}/payments`).set(as(finance)).send({ amountPence: 1_000, plannedDate: '2026-05-01', kind: 'recovery' })],
      ['approve a payment that is not the close\'s recovery', () => env.http().post(`/api/payments/${scheduledOnA}/approve`).set(as(finance)).send({})],
      ['cancel a payment', () => env.http().post(`/api/payments/${scheduledOnA}/cancel`).set(as(finance)).send({})],
      ['suspend an award', () => env.http().post(`/api/awards/${A.id}/suspend`).set(as(commissioner)).send({})],
      ['close an award', () => env.http().post(`/api/awards/${D.id}/close`).set(as(commissioner)).send({})],
      ['change the assignments', () => env.http().patch(`/api/funding-streams/${stream.id}`).set(as(commissioner)).send({ sources: [{ fundingSourceId: stream.fundingSourceId, amountPence: 900_000 }] })],
      ['re-assign the same amount', () => env.http().patch(`/api/funding-streams/${stream.id}`).set(as(commissioner)).send({ sources: [{ fundingSourceId: stream.fundingSourceId, amountPence: 1_000_000 }] })],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt();
      expect([what, res.status, res.body.code]).toEqual([what, 409, 'YEAR_CLOSED']);
    }
    expect(await snapshot()).toEqual(before);
    // Details that are not money may still be corrected.
    expect((await env.http().patch(`/api/awards/${A.id}`).set(as(commissioner)).send({ title: 'Cope and recover (renamed after year end)' })).status).toBe(200);
  });

  it("lets the close's own recovery be approved and paid, never cancelled", async () => {
    const recoveryId = closeBody.decisions[0]!.recoveryPaymentId!;
    const cancel = await env.http().post(`/api/payments/${recoveryId}/cancel`).set(as(finance)).send({});
    expect([cancel.status, cancel.body.code]).toEqual([409, 'YEAR_CLOSED']);
    await env.http().post(`/api/payments/${recoveryId}/approve`).set(as(finance)).send({}).expect(200);
    await env.http().post(`/api/payments/${recoveryId}/mark-paid`).set(as(finance)).send({ paidDate: '2026-05-20', reference: 'Refund AW-A' }).expect(200);
    const shown = ((await preview(stream.id)).body.awards as { awardId: string }[]).find((a) => a.awardId === A.id);
    expect(shown).toMatchObject({ recoveredPence: 120_000, netPaidPence: 180_000, underspendPence: 0, decisionRecorded: true });
    // Once paid it is final like everything else in the year.
    expect(await sqlState(`UPDATE payment SET paid_reference = 'changed' WHERE id = $1`, [recoveryId])).toBe('RF010');
  });

  it('refuses direct SQL writes to the closed year too (SQLSTATE RF010)', async () => {
    const before = await snapshot();
    const refused = [
      [`UPDATE award SET amount_pence = amount_pence + 1 WHERE id = $1`, [A.id]],
      [`UPDATE award SET status = 'suspended' WHERE id = $1`, [A.id]],
      [`DELETE FROM award WHERE id = $1`, [A.id]],
      [`INSERT INTO award (reference, funding_stream_id, recipient_organisation_id, title, grant_type, amount_pence, start_date, end_date)
        SELECT 'SQL-LATE-1', funding_stream_id, recipient_organisation_id, 'x', 'y', 1, start_date, end_date FROM award WHERE id = $1`, [A.id]],
      [`UPDATE award SET funding_stream_id = $2 WHERE id = $1`, [A.id, otherSameYear.id]],
      [`INSERT INTO payment (award_id, kind, amount_pence, planned_date) VALUES ($1, 'payment', 1, '2026-05-01')`, [A.id]],
      [`UPDATE payment SET status = 'approved', approved_by_user_id = created_by_user_id, approved_at = now() WHERE id = $1`, [scheduledOnA]],
      [`UPDATE payment SET amount_pence = 40000 WHERE id = $1`, [scheduledOnA]],
      [`DELETE FROM payment WHERE id = $1`, [scheduledOnA]],
      [`UPDATE funding_stream_source SET amount_pence = amount_pence - 1 WHERE funding_stream_id = $1`, [stream.id]],
      [`DELETE FROM funding_stream_source WHERE funding_stream_id = $1`, [stream.id]],
      [`UPDATE funding_source SET amount_pence = amount_pence + 1 WHERE id = $1`, [stream.fundingSourceId]],
      [`UPDATE funding_stream SET financial_year = '2024/25' WHERE id = $1`, [stream.id]],
      [`UPDATE year_end_close SET closed_at = now() WHERE funding_stream_id = $1`, [stream.id]],
      [`DELETE FROM year_end_decision WHERE year_end_close_id = $1`, [closeBody.id]],
      [`DELETE FROM year_end_carry_forward`, []],
      [`INSERT INTO year_end_decision (year_end_close_id, award_id, decision, amount_pence, underspend_pence, reason) VALUES ($1, $2, 'write_off', 1, 1, 'late')`, [closeBody.id, D.id]],
    ] as const;
    for (const [sql, params] of refused) expect([sql, await sqlState(sql, [...params])]).toEqual([sql, 'RF010']);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves another stream of the same year open', async () => {
    const award = await activeAward(otherSameYear.id, 100_000);
    const payment = await line(award.id, 10_000);
    await env.http().post(`/api/payments/${payment}/approve`).set(as(finance)).send({}).expect(200);
    await env.http().post(`/api/awards/${award.id}/variations`).set(as(commissioner)).send({ amountPence: 120_000, reason: 'More referrals' }).expect(201);
    await env.http().patch(`/api/funding-streams/${otherSameYear.id}`).set(as(commissioner)).send({ sources: [{ fundingSourceId: otherSameYear.fundingSourceId, amountPence: 1_000_000 }] }).expect(200);
    expect(await sqlState(`UPDATE funding_source SET amount_pence = amount_pence + 1 WHERE id = $1`, [otherSameYear.fundingSourceId])).toBe('ok');
    expect((await preview(otherSameYear.id)).body).toMatchObject({ closed: false });
  });

  it('closes once when two finance officers close at the same moment', async () => {
    const quiet = await givenStream(env, commissioner, 200_000, '2025/26');
    await activeAward(quiet.id, 50_000);
    const answers = await Promise.all([close(quiet.id, { decisions: [] }), close(quiet.id, { decisions: [] }), close(quiet.id, { decisions: [] })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    for (const r of answers.filter((a) => a.status === 409)) expect(r.body.code).toBe('YEAR_CLOSED');
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM year_end_close WHERE funding_stream_id = $1`, [quiet.id]);
    expect(n).toBe(1);
  });

  it('counts every payment that lands before a racing close and refuses every one after it', async () => {
    const racing = await givenStream(env, commissioner, 200_000, '2025/26');
    const award = await activeAward(racing.id, 100_000);
    await paid(award.id, 5_000);
    const approved: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await line(award.id, 5_000);
      await env.http().post(`/api/payments/${id}/approve`).set(as(finance)).send({}).expect(200);
      approved.push(id);
    }
    const [closing, ...payments] = await Promise.all([
      close(racing.id, { decisions: [{ awardId: award.id, decision: 'write_off', reason: 'No return received; written off at year end' }] }),
      ...approved.map((id) => env.http().post(`/api/payments/${id}/mark-paid`).set(as(finance)).send({ paidDate: '2026-04-30', reference: `BACS ${id.slice(0, 6)}` })),
    ]);
    expect(closing!.status).toBe(201);
    for (const p of payments) expect([200, 409]).toContain(p.status);
    for (const p of payments.filter((r) => r.status === 409)) expect(p.body.code).toBe('YEAR_CLOSED');
    const landed = payments.filter((r) => r.status === 200).length;
    // The close wrote off exactly what was paid when it ran (no accepted return: nothing spent).
    expect(closing!.body.decisions).toEqual([expect.objectContaining({ decision: 'write_off', amountPence: 5_000 * (1 + landed) })]);
    const [{ paidPence }] = await env.db.query(`SELECT sum(amount_pence)::int AS "paidPence" FROM payment WHERE award_id = $1 AND status = 'paid'`, [award.id]);
    expect(paidPence).toBe(5_000 * (1 + landed));
  });
});
