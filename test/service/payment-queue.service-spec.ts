import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { PaymentQueueService } from '../../libs/domain/src/payments/payment-queue.service.js';
import { PaymentsService } from '../../libs/domain/src/payments/payments.service.js';
import { FundingService } from '../../libs/domain/src/funding/funding.service.js';
import { ReportsService } from '../../libs/domain/src/reports/reports.service.js';
import { YearEndService } from '../../libs/domain/src/year-end/year-end.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * Finance's read models and the batch approval the web uses (issue 16), on the demo's finance
 * states (apps/api/src/seed/finance-states.seed.ts): CARES has an instalment set up by the
 * officer and one by finance above the second-approver threshold; RASASC's is held by a condition.
 */
describe('PaymentQueueService and the finance read models on a real database', () => {
  let env: ServiceEnv;
  let queue: PaymentQueueService;
  let finance: Actor;
  let officer: Actor;
  let cares: string;

  beforeAll(async () => {
    env = await createServiceEnv();
    queue = env.get(PaymentQueueService);
    finance = await demoActor(env.db, 'finance');
    officer = await demoActor(env.db, 'commissioner');
    [{ id: cares }] = (await env.db.query(`SELECT id FROM award WHERE reference = 'CHES-VS-2425-01'`)) as { id: string }[];
  });
  afterAll(() => env?.close());

  it('lists scheduled payments to approve, marking who needs another approver and what holds a payment', async () => {
    const page = await queue.queue(finance, { tab: 'to-approve', search: 'CHES-VS', page: 1, pageSize: 10 });
    expect(page.counts).toEqual({ 'to-approve': 3, approved: 0, paid: 0, held: 1 });
    expect(page.items.map((p) => [p.awardReference, p.needsAnotherApprover, p.held])).toEqual([
      ['CHES-VS-2425-01', false, false],
      ['CHES-VS-2425-02', false, true],
      ['CHES-VS-2425-01', true, false],
    ]);
    const held = await queue.queue(finance, { tab: 'held', search: 'rasasc', page: 1, pageSize: 10 });
    expect(held.items[0]!.holdingConditions.map((c) => c.status)).toEqual(['open']);
    expect((await queue.queue(finance, { tab: 'held', search: 'nobody%', page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('approves a batch one payment at a time, listing each refusal with its code, and replays a resubmitted batch', async () => {
    const ids = (await queue.queue(finance, { tab: 'to-approve', search: 'CHES-VS', page: 1, pageSize: 10 })).items.map((p) => p.id);
    const approvals = async () => ((await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'payment.approve'`)) as [{ n: number }])[0].n;
    const before = await approvals();
    const first = await queue.approveMany(finance, ids, 'batch-key');
    expect(first.approved).toHaveLength(1);
    expect(first.refused.map((r) => r.code).sort()).toEqual(['PAYMENT_HELD', 'SECOND_APPROVER_REQUIRED']);
    const again = await queue.approveMany(finance, ids, 'batch-key');
    expect(again.approved.map((a) => a.paymentId)).toEqual(first.approved.map((a) => a.paymentId));
    expect(await approvals()).toBe(before + 1);
  });

  it('schedules several instalments all or none, once per key', async () => {
    const payments = env.get(PaymentsService);
    const count = async () => ((await env.db.query(`SELECT count(*)::int AS n FROM payment WHERE award_id = $1`, [cares])) as [{ n: number }])[0].n;
    const before = await count();
    const lines = [1, 2].map((i) => ({ kind: 'payment' as const, amountPence: 100, plannedDate: `2024-0${i}-01` }));
    const key = { key: 'instalments-1', scope: 'web POST /x', requestHash: 'h' };
    await payments.createMany(officer, cares, lines, key);
    await payments.createMany(officer, cares, lines, key);
    expect(await count()).toBe(before + 2);
    await expect(payments.createMany(officer, cares, [lines[0]!, { ...lines[1]!, amountPence: 10_000_000_000 }])).rejects.toMatchObject({ code: 'PAYMENT_EXCEEDS_AWARD' });
    expect(await count()).toBe(before + 2);
  });

  it("gives finance's overview, each stream's year-end status and the finance report per award", async () => {
    const overview = await queue.overview(finance);
    expect(overview).toMatchObject({ heldTotal: 1, needAnotherApproverTotal: 1 });
    const streams = await env.get(YearEndService).streamsStatus();
    expect(streams.find((s) => s.financialYear === '2024/25')).toMatchObject({ yearEnded: true, closedAt: null });
    const reports = env.get(ReportsService);
    const { report, awards } = await reports.financeWithAwards('2024/25');
    expect(awards.find((a) => a.reference === 'CHES-VS-2425-01')).toMatchObject({ budgetPence: 60_000_000, committedPence: 60_000_000, reportedSpendPence: 30_000_000 });
    // The streams' figures summed from the awards' are the per-stream report's (the web shows both).
    expect(report).toEqual(await reports.finance('2024/25'));
    // Its streams, in order, with the figures the stream pages show (funding_stream_totals).
    const listed = (await env.get(FundingService).listStreams({ financialYear: '2024/25', page: 1, pageSize: 10_000 })).items;
    expect(listed.length).toBeGreaterThan(1);
    expect(report.rows.map((r) => [r.fundingStreamId, r.name, r.purpose, r.budgetPence, r.committedPence, r.draftPence, r.remainingPence])).toEqual(
      listed.map((s) => [s.id, s.name, s.purpose, s.budgetPence, s.committedPence, s.draftPence, s.remainingPence]),
    );
    // One stream's awards: exactly that stream's rows, the report unchanged.
    const stream = awards.find((a) => a.reference === 'CHES-VS-2425-01')!.fundingStreamId;
    const one = await reports.financeWithAwards('2024/25', stream);
    expect(one.awards).toEqual(awards.filter((a) => a.fundingStreamId === stream));
    expect(one.report).toEqual(report);
  });
});
