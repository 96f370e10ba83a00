import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/** docs/design.md#invariant-3 under concurrency: committed awards never exceed the stream budget. */
describe('stream budget under concurrent approvals', () => {
  let env: TestEnv;
  let commissioner: string;
  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner } = await demoAs(env, 'commissioner'));
  });
  afterAll(() => env.close());

  it.each([1, 2, 3])('lets exactly 10 of 40 simultaneous approvals through on a stream that fits 10 (round %i)', async () => {
    const stream = await givenStream(env, commissioner, 10 * 25_000);
    const recipient = await givenOrganisation(env, commissioner);
    const awards = [];
    for (let i = 0; i < 40; i++) awards.push(await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 25_000 }));

    const answers = await Promise.all(awards.map((a) => env.http().post(`/api/awards/${a.id}/approve`).set('Authorization', `Bearer ${commissioner}`).send({})));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    for (const refused of answers.filter((r) => r.status === 409)) expect(refused.body).toMatchObject({ code: 'BUDGET_EXCEEDED', remainingPence: 0 });

    const [db] = (await env.db.query(
      `SELECT s.budget_pence::bigint AS budget, coalesce(sum(a.amount_pence) FILTER (WHERE a.status = 'approved'), 0)::bigint AS committed,
              count(*) FILTER (WHERE a.status = 'approved')::int AS approved
         FROM funding_stream s JOIN award a ON a.funding_stream_id = s.id WHERE s.id = $1 GROUP BY s.budget_pence`,
      [stream.id],
    )) as { budget: string; committed: string; approved: number }[];
    expect(db).toEqual({ budget: '250000', committed: '250000', approved: 10 });
    const totals = await env.http().get(`/api/funding-streams/${stream.id}`).set('Authorization', `Bearer ${commissioner}`);
    expect(totals.body).toMatchObject({ budgetPence: 250_000, committedPence: 250_000, draftPence: 30 * 25_000, remainingPence: 0 });
  });

  it('is held by the database even when code skips the check', async () => {
    const stream = await givenStream(env, commissioner, 1_000);
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 1_001 });
    await expect(env.db.query(`UPDATE award SET status = 'approved', approved_at = now(), decision_date = current_date WHERE id = $1`, [award.id])).rejects.toThrow(/would commit 1001 of a 1000 pence budget/);
    const res = await env.http().post(`/api/awards/${award.id}/approve`).set('Authorization', `Bearer ${commissioner}`).send({});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'BUDGET_EXCEEDED', remainingPence: 1_000, requestedPence: 1_001 });
  });

  it('never assigns a funding source beyond its amount, even from two streams at once', async () => {
    const funder = await givenOrganisation(env, commissioner, { kind: 'government' });
    const source = await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${commissioner}`).send({ funderOrganisationId: funder.id, name: 'Shared grant', financialYear: '2026/27', amountPence: 100_000, restricted: true });
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        env.http().post('/api/funding-streams').set('Authorization', `Bearer ${commissioner}`).send({ name: `Race ${i}`, financialYear: '2026/27', purpose: 'other', sources: [{ fundingSourceId: source.body.id, amountPence: 30_000 }] }),
      ),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(3);
    for (const r of attempts.filter((r) => r.status !== 201)) expect(r.body).toMatchObject({ statusCode: 409, code: 'SOURCE_OVERCOMMITTED' });
    const [{ assigned }] = await env.db.query(`SELECT sum(amount_pence)::int AS assigned FROM funding_stream_source WHERE funding_source_id = $1`, [source.body.id]);
    expect(assigned).toBe(90_000);
    // The database refuses it too, whatever the code does: 10000 left, 10001 asked.
    const spare = await env.http().post('/api/funding-streams').set('Authorization', `Bearer ${commissioner}`).send({ name: 'Spare', financialYear: '2026/27', purpose: 'other', sources: [] });
    await expect(
      env.db.query(`INSERT INTO funding_stream_source (funding_stream_id, funding_source_id, amount_pence) VALUES ($1, $2, 10001)`, [spare.body.id, source.body.id]),
    ).rejects.toThrow(/would be assigned 100001 of 100000 pence/);
  });

  it('refuses re-funding a stream below what it has committed, naming the shortfall as remainingPence', async () => {
    const stream = await givenStream(env, commissioner, 10_000);
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 8_000 });
    await env.http().post(`/api/awards/${award.id}/approve`).set('Authorization', `Bearer ${commissioner}`).send({}).expect(200);
    const smaller = await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${commissioner}`).send({ funderOrganisationId: stream.funderId, name: 'Smaller grant', financialYear: '2026/27', amountPence: 5_000, restricted: true });
    const res = await env.http().patch(`/api/funding-streams/${stream.id}`).set('Authorization', `Bearer ${commissioner}`).send({ sources: [{ fundingSourceId: smaller.body.id, amountPence: 5_000 }] });
    expect(res.status).toBe(409);
    // 5,000 of budget for 8,000 committed: 3,000 short.
    expect(res.body).toMatchObject({ code: 'BUDGET_EXCEEDED', remainingPence: -3_000, requestedPence: 8_000 });
    const totals = await env.http().get(`/api/funding-streams/${stream.id}`).set('Authorization', `Bearer ${commissioner}`);
    expect(totals.body).toMatchObject({ budgetPence: 10_000, committedPence: 8_000, sources: [{ fundingSourceId: stream.fundingSourceId, amountPence: 10_000 }] });
  });

  it('refuses to approve twice (409 INVALID_TRANSITION) and keeps the first decision', async () => {
    const stream = await givenStream(env, commissioner, 5_000);
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 1_000 });
    await env.http().post(`/api/awards/${award.id}/approve`).set('Authorization', `Bearer ${commissioner}`).send({ decisionReference: 'first' }).expect(200);
    const again = await env.http().post(`/api/awards/${award.id}/approve`).set('Authorization', `Bearer ${commissioner}`).send({ decisionReference: 'second' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    const [row] = await env.db.query(`SELECT decision_reference FROM award WHERE id = $1`, [award.id]);
    expect(row.decision_reference).toBe('first');
  });
});
