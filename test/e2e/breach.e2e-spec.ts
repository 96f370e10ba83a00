import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DomainError, translatePgError } from '../../libs/platform/src/index.js';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { givenAwardAt, givenPayment, type AwardStage } from '../factories/lifecycle.factory.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, demoUserId } from '../helpers/demo.js';

/**
 * docs/design.md#invariant-5 as amended (issue 12, item 3): a breached condition that holds payments keeps
 * the money held for good, and the breach suspends its active award in the same transaction.
 * docs/award-ledger.md explains the product answer: after a breach, this award pays no more.
 */
describe('a breached condition keeps the money held', () => {
  let env: TestEnv;
  let commissioner: string;
  let finance: string;
  let commissionerUserId: string;

  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner, finance } = await demoAs(env, 'commissioner', 'finance'));
    commissionerUserId = await demoUserId(env, 'commissioner');
  }, 60_000);
  afterAll(() => env.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (path: string, body: object = {}, token = commissioner) => env.http().post(path).set(as(token)).send(body);
  const approve = (paymentId: string) => post(`/api/payments/${paymentId}/approve`, {}, finance);
  const markPaid = (paymentId: string) => post(`/api/payments/${paymentId}/mark-paid`, { paidDate: '2026-07-03', reference: 'BACS 1' }, finance);
  const payment = (awardId: string, stage: 'scheduled' | 'approved', amountPence = 100) => givenPayment(env, { commissioner, finance }, awardId, stage, amountPence);
  const awardRow = async (id: string) =>
    ((await env.db.query(`SELECT status, status_reason FROM award WHERE id = $1`, [id])) as { status: string; status_reason: string | null }[])[0]!;

  async function awardAt(stage: AwardStage, amountPence = 100_000): Promise<string> {
    const stream = await givenStream(env, commissioner, 1_000_000);
    const recipient = await givenOrganisation(env, commissioner);
    return (await givenAwardAt(env, commissioner, stage, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence })).id;
  }
  async function condition(awardId: string, holdsPayments: boolean, title = 'Named safeguarding lead'): Promise<string> {
    const res = await post(`/api/awards/${awardId}/conditions`, { title, category: 'safeguarding', holdsPayments });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('suspends an active award when a condition that holds payments is breached, audited with the note, then holds every payment', async () => {
    const awardId = await awardAt('active');
    const scheduled = await payment(awardId, 'scheduled');
    const approved = await payment(awardId, 'approved');
    const lead = await condition(awardId, true);

    const breach = await post(`/api/conditions/${lead}/breach`, { note: 'Safeguarding lead left in June and was not replaced' });
    expect(breach.status).toBe(200);
    expect(await awardRow(awardId)).toEqual({ status: 'suspended', status_reason: 'Safeguarding lead left in June and was not replaced' });
    const audit = (await env.db.query(
      `SELECT action, entity_id, actor_user_id, before, after FROM audit_entry WHERE (entity_id = $1 AND action = 'award.suspend') OR (entity_id = $2 AND action = 'condition.breach') ORDER BY id`,
      [awardId, lead],
    )) as { action: string; actor_user_id: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
    expect(audit.map((a) => a.action)).toEqual(['award.suspend', 'condition.breach']);
    expect(audit[0]).toMatchObject({
      actor_user_id: commissionerUserId,
      before: { status: 'active' },
      after: { status: 'suspended', statusReason: 'Safeguarding lead left in June and was not replaced', breachedConditionId: lead },
    });

    for (const refused of [await approve(scheduled.id), await markPaid(approved.id)]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'PAYMENT_HELD', conditions: [{ id: lead, title: 'Named safeguarding lead', dueDate: null, status: 'breached' }] });
    }
    const [{ moved }] = await env.db.query(`SELECT count(*)::int AS moved FROM payment WHERE award_id = $1 AND status = 'paid'`, [awardId]);
    expect(moved).toBe(0);
    // The database holds it whatever the code does, naming the conditions for the payments area.
    await expect(
      env.db.query(`UPDATE payment SET status = 'approved', approved_by_user_id = created_by_user_id, approved_at = now() WHERE id = $1`, [scheduled.id]),
    ).rejects.toThrow(/open or breached condition\(s\) holding payments/);
  });

  it('leaves the award active and its payments flowing when the breached condition does not hold payments', async () => {
    const awardId = await awardAt('active');
    const p = await payment(awardId, 'scheduled');
    const publicity = await condition(awardId, false, 'Acknowledge the funding');
    await post(`/api/conditions/${publicity}/breach`, { note: 'No logo on the leaflets' }).expect(200);
    expect(await awardRow(awardId)).toEqual({ status: 'active', status_reason: null });
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'award.suspend'`, [awardId]);
    expect(n).toBe(0);
    expect((await approve(p.id)).status).toBe(200);
    expect((await markPaid(p.id)).status).toBe(200);
  });

  it('does not suspend an award that is not active yet, and the breach still holds once it is', async () => {
    const awardId = await awardAt('approved');
    const agreement = await condition(awardId, true, 'Signed grant agreement');
    await post(`/api/conditions/${agreement}/breach`, { note: 'Agreement returned unsigned' }).expect(200);
    expect(await awardRow(awardId)).toEqual({ status: 'approved', status_reason: null });
    await post(`/api/awards/${awardId}/activate`, { agreementSignedOn: '2026-05-01' }).expect(200);
    const p = await payment(awardId, 'scheduled');
    const held = await approve(p.id);
    expect(held.status).toBe(409);
    expect(held.body).toMatchObject({ code: 'PAYMENT_HELD', conditions: [{ id: agreement, status: 'breached' }] });
  });

  it('keeps holding after the award is resumed: the breach is final; the award can be varied down, recovered from and closed', async () => {
    const awardId = await awardAt('active', 100_000);
    const paid = await payment(awardId, 'approved', 40_000);
    await markPaid(paid.id).expect(200);
    const lead = await condition(awardId, true);
    await post(`/api/conditions/${lead}/breach`, { note: 'Lead left' }).expect(200);

    // Scheduling goes on while suspended; approval and payment wait.
    const planned = await post(`/api/awards/${awardId}/payments`, { amountPence: 10_000, plannedDate: '2026-09-01', kind: 'payment' }, finance);
    expect(planned.status).toBe(201);
    expect((await approve(planned.body.id)).body).toMatchObject({ code: 'PAYMENT_HELD' });

    await post(`/api/awards/${awardId}/resume`, { reason: 'New lead starts in September' }).expect(200);
    expect((await awardRow(awardId)).status).toBe('active');
    expect((await approve(planned.body.id)).body).toMatchObject({ code: 'PAYMENT_HELD', conditions: [{ id: lead, status: 'breached' }] });
    for (const action of ['met', 'waive']) {
      expect((await post(`/api/conditions/${lead}/${action}`, { note: 'New lead appointed' })).body).toMatchObject({ code: 'INVALID_TRANSITION', status: 'breached' });
    }

    // What remains: claw back (not held by conditions), free the rest of the budget, close.
    const recovery = await post(`/api/awards/${awardId}/payments`, { amountPence: 5_000, plannedDate: '2026-10-01', kind: 'recovery' }, finance);
    expect(recovery.status).toBe(201);
    await post(`/api/awards/${awardId}/suspend`, { reason: 'Paused while the breach is handled' }).expect(200);
    expect((await approve(recovery.body.id)).status).toBe(200);
    expect((await markPaid(recovery.body.id)).status).toBe(200);
    await post(`/api/payments/${planned.body.id}/cancel`, {}, finance).expect(200);
    await post(`/api/awards/${awardId}/variations`, { amountPence: 35_000, reason: 'Breach: funding ends at what was paid net of the recovery' }).expect(201);
    await post(`/api/awards/${awardId}/close`, { reason: 'Ended after the breach' }).expect(200);
    expect(await awardRow(awardId)).toEqual({ status: 'closed', status_reason: 'Ended after the breach' });
  });

  it('refuses approval and payment on a suspended or cancelled award with AWARD_NOT_PAYABLE naming the status', async () => {
    const suspendedId = await awardAt('active');
    const scheduled = await payment(suspendedId, 'scheduled');
    const approved = await payment(suspendedId, 'approved');
    await post(`/api/awards/${suspendedId}/suspend`, { reason: 'review' }).expect(200);
    for (const refused of [await approve(scheduled.id), await markPaid(approved.id)]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'AWARD_NOT_PAYABLE', status: 'suspended' });
    }

    const cancelledId = await awardAt('approved');
    const onCancelled = await payment(cancelledId, 'scheduled');
    await post(`/api/awards/${cancelledId}/cancel`, { reason: 'provider withdrew' }).expect(200);
    expect((await approve(onCancelled.id)).body).toMatchObject({ code: 'AWARD_NOT_PAYABLE', status: 'cancelled' });
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM payment WHERE award_id = ANY($1::uuid[]) AND status = 'paid'`, [[suspendedId, cancelledId]]);
    expect(n).toBe(0);
  });

  it('routes the payment trigger refusals to the same 409s, with the conditions and the status (the database wall)', async () => {
    const dataSource = env.app.get(DataSource);
    const refusal = async (sql: string, params: unknown[]) => translatePgError(await dataSource.query(sql, params).then(() => null, (e: unknown) => e));
    const approveSql = `UPDATE payment SET status = 'approved', approved_by_user_id = created_by_user_id, approved_at = now() WHERE id = $1`;

    const heldAward = await awardAt('active');
    const held = await payment(heldAward, 'scheduled');
    const open = await condition(heldAward, true, 'Insurance certificate');
    const heldError = await refusal(approveSql, [held.id]);
    expect(heldError).toBeInstanceOf(DomainError);
    expect(heldError).toMatchObject({ code: 'PAYMENT_HELD', details: { conditions: [{ id: open, title: 'Insurance certificate', dueDate: null, status: 'open' }] } });

    const suspendedAward = await awardAt('suspended');
    const notPayable = await payment(suspendedAward, 'scheduled');
    expect(await refusal(approveSql, [notPayable.id])).toMatchObject({ code: 'AWARD_NOT_PAYABLE', details: { status: 'suspended' } });
  });

  it('refuses, at commit, a breach of a holding condition that leaves its award active (database-enforced)', async () => {
    const awardId = await awardAt('active');
    const lead = await condition(awardId, true);
    await expect(
      env.db.query(`UPDATE award_condition SET status = 'breached', note = 'sneaked in', resolved_by_user_id = $2, resolved_at = now() WHERE id = $1`, [lead, commissionerUserId]),
    ).rejects.toThrow(/award_condition_breach_suspends|still active/);
    const [row] = await env.db.query(`SELECT status FROM award_condition WHERE id = $1`, [lead]);
    expect(row).toEqual({ status: 'open' });
  });

  it('never deadlocks a breach against variations and approvals on the same stream (stream before award, 8 rounds)', async () => {
    for (let round = 0; round < 8; round++) {
      const stream = await givenStream(env, commissioner, 1_000_000);
      const recipient = await givenOrganisation(env, commissioner);
      const awardId = (await givenAwardAt(env, commissioner, 'active', { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 10_000 })).id;
      const lead = await condition(awardId, true);
      const drafts = await Promise.all([1, 2, 3].map(() => givenAwardAt(env, commissioner, 'draft', { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 1_000 })));
      const answers = await Promise.all([
        post(`/api/conditions/${lead}/breach`, { note: `Round ${round}: lead left` }),
        ...[1, 2, 3].map((i) => post(`/api/awards/${awardId}/variations`, { amountPence: 10_000 + i * 100, reason: `uplift ${i}` })),
        ...drafts.map((d) => post(`/api/awards/${d.id}/approve`)),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 201, 201, 201, 200, 200, 200]);
      expect((await awardRow(awardId)).status).toBe('suspended');
    }
  }, 120_000);

  it('never lets a payment through after a breach commits, however approvals and payments race it (5 rounds)', async () => {
    const ROUNDS = 5;
    const N = 8;
    const heldCodes = ['PAYMENT_HELD', 'AWARD_NOT_PAYABLE'];
    const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 60)));
    for (let round = 0; round < ROUNDS; round++) {
      const awardId = await awardAt('active', 1_000_000);
      const toApprove = await Promise.all(Array.from({ length: N }, () => payment(awardId, 'scheduled', 1_000)));
      const toPay = await Promise.all(Array.from({ length: N }, () => payment(awardId, 'approved', 1_000)));
      const conditionId = await condition(awardId, true, `Round ${round} safeguarding lead`);
      const steps = [...toApprove.map((p) => () => approve(p.id)), ...toPay.map((p) => () => markPaid(p.id))];
      const [breach, ...answers] = await Promise.all([
        jitter().then(() => post(`/api/conditions/${conditionId}/breach`, { note: `Round ${round}: lead left` })),
        ...steps.map((step) => jitter().then(step)),
      ]);
      expect(breach.status).toBe(200);
      // Then every step once more, surely after the breach.
      const after = await Promise.all(steps.map((step) => step()));

      // Before the breach the open condition holds; after it, the breached one (and the suspension) do.
      for (const r of [...answers, ...after]) expect([r.status, heldCodes.includes(r.body.code)]).toEqual([409, true]);
      for (const r of after) expect(r.body).toMatchObject({ code: 'PAYMENT_HELD', conditions: [{ id: conditionId, status: 'breached' }] });

      // Audit ids are drawn under the award lock, so they order every step, the hold and the breach:
      // the only moves are the factory's approvals, before the condition existed.
      const audit = (await env.db.query(
        `SELECT id::bigint AS id, action FROM audit_entry
          WHERE (entity_id = ANY($1::text[]) AND action IN ('payment.approve','payment.mark-paid'))
             OR (entity_id = $2 AND action IN ('condition.create','condition.breach'))
          ORDER BY id`,
        [[...toApprove, ...toPay].map((p) => p.id), conditionId],
      )) as { id: string; action: string }[];
      const heldFrom = Number(audit.find((a) => a.action === 'condition.create')!.id);
      const breachedAt = Number(audit.find((a) => a.action === 'condition.breach')!.id);
      const moves = audit.filter((a) => a.action.startsWith('payment.')).map((a) => Number(a.id));
      expect(moves).toHaveLength(N);
      expect(moves.filter((id) => id > heldFrom || id > breachedAt)).toEqual([]);

      const [db] = (await env.db.query(
        `SELECT count(*) FILTER (WHERE status = 'scheduled')::int AS scheduled, count(*) FILTER (WHERE status = 'approved')::int AS approved,
                count(*) FILTER (WHERE status = 'paid')::int AS paid, coalesce(sum(amount_pence) FILTER (WHERE status IN ('approved','paid')), 0)::int AS out
           FROM payment WHERE award_id = $1`,
        [awardId],
      )) as { scheduled: number; approved: number; paid: number; out: number }[];
      expect(db).toEqual({ scheduled: N, approved: N, paid: 0, out: N * 1_000 });
      expect(await awardRow(awardId)).toEqual({ status: 'suspended', status_reason: `Round ${round}: lead left` });
    }
  }, 120_000);
});
