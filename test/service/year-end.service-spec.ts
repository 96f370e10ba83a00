import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { AwardsService } from '../../libs/domain/src/awards/awards.service.js';
import { PaymentsService } from '../../libs/domain/src/payments/payments.service.js';
import { YearEndService } from '../../libs/domain/src/year-end/year-end.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * Year-end close as a service, on the demo's 2014/15 stream (a year long over): the preview's
 * figures, the decisions a close needs, and the year locked afterwards. No HTTP: the API's
 * role checks and answers are test/e2e/year-end.e2e-spec.ts.
 */
describe('YearEndService on a real database', () => {
  let env: ServiceEnv;
  let yearEnd: YearEndService;
  let finance: Actor;
  let commissioner: Actor;
  let streamId: string;
  let paidAwardId: string;

  beforeAll(async () => {
    env = await createServiceEnv();
    yearEnd = env.get(YearEndService);
    finance = await demoActor(env.db, 'finance');
    commissioner = await demoActor(env.db, 'commissioner');
    [{ id: streamId }] = (await env.db.query(`SELECT id FROM funding_stream WHERE financial_year = '2014/15' AND purpose = 'crime_and_disorder_reduction'`)) as { id: string }[];
    // One award signed and paid in part, so the year has an underspend to decide.
    [{ id: paidAwardId }] = (await env.db.query(`SELECT id FROM award WHERE funding_stream_id = $1 ORDER BY reference LIMIT 1`, [streamId])) as { id: string }[];
    await env.get(AwardsService).activate(commissioner, paidAwardId, { agreementSignedOn: '2014-04-01' });
    const payments = env.get(PaymentsService);
    const payment = await payments.create(finance, paidAwardId, { amountPence: 1_000_000, plannedDate: '2014-05-01', kind: 'payment' });
    await payments.approve(finance, payment.id);
    await payments.markPaid(finance, payment.id, { paidDate: '2014-05-02', reference: 'BACS-2014-001' });
  });
  afterAll(() => env?.close());

  it('previews each award of the stream with the figures SQL gives', async () => {
    const preview = await yearEnd.preview(streamId);
    const [{ n, total }] = (await env.db.query(
      `SELECT count(*)::int AS n, sum(amount_pence)::bigint::text AS total FROM award WHERE funding_stream_id = $1 AND status IN ('approved','active','suspended','closed')`,
      [streamId],
    )) as { n: number; total: string }[];
    expect(preview).toMatchObject({ financialYear: '2014/15', yearEnded: true, closed: false });
    expect(preview.awards).toHaveLength(n);
    expect(preview.totals.awardPence).toBe(Number(total));
    expect(preview.totals.netPaidPence).toBe(1_000_000);
    const paid = preview.awards.find((a) => a.awardId === paidAwardId)!;
    expect(paid).toMatchObject({ paidPence: 1_000_000, netPaidPence: 1_000_000, reportedSpendPence: 0, underspendPence: 1_000_000 });
  });

  it('refuses a close that leaves an underspend undecided, writing nothing', async () => {
    await expect(yearEnd.close(finance, streamId, { decisions: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await env.db.query(`SELECT 1 FROM year_end_close WHERE funding_stream_id = $1`, [streamId])).toHaveLength(0);
  });

  it('closes with a decision per underspend, once, and locks the year\'s money', async () => {
    const close = await yearEnd.close(finance, streamId, { decisions: [{ awardId: paidAwardId, decision: 'write_off', reason: 'Spent on the purpose; no return was asked for in 2014/15' }] });
    expect(close).toMatchObject({ fundingStreamId: streamId, financialYear: '2014/15' });
    expect((await yearEnd.preview(streamId)).closed).toBe(true);
    await expect(yearEnd.close(finance, streamId, { decisions: [] })).rejects.toMatchObject({ code: 'YEAR_CLOSED' });
    // The database holds the lock whatever service writes: a new payment on the closed year is refused.
    await expect(env.get(PaymentsService).create(finance, paidAwardId, { amountPence: 1, plannedDate: '2015-03-01', kind: 'payment' })).rejects.toMatchObject({ code: 'YEAR_CLOSED' });
    const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action LIKE 'year-end%'`, [close.id])) as { n: number }[];
    expect(n).toBeGreaterThan(0);
  });
});
