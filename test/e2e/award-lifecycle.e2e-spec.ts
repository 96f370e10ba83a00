import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { count, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

describe('award lifecycle, variations and optimistic concurrency', () => {
  let env: TestEnv;
  let commissioner: string;
  const auth = () => ({ Authorization: `Bearer ${commissioner}` });
  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner } = await demoAs(env, 'commissioner'));
  });
  afterAll(() => env.close());

  async function draft(budget = 100_000, amount = 10_000) {
    const stream = await givenStream(env, commissioner, budget);
    const recipient = await givenOrganisation(env, commissioner);
    const award = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: amount });
    return { stream, recipient, award };
  }
  const post = (path: string, body: object = {}) => env.http().post(path).set(auth()).send(body);
  const streamTotals = async (id: string) => (await env.http().get(`/api/funding-streams/${id}`).set(auth())).body;

  it('walks draft -> approved -> active -> suspended -> active -> closed, recording each step', async () => {
    const { award } = await draft();
    expect((await post(`/api/awards/${award.id}/approve`, { decisionReference: 'PCC-D-17' })).body).toMatchObject({ status: 'approved', decisionReference: 'PCC-D-17' });
    const active = await post(`/api/awards/${award.id}/activate`, { agreementSignedOn: '2026-04-03' });
    expect(active.body).toMatchObject({ status: 'active', agreementSignedOn: '2026-04-03' });
    expect(active.body.activatedAt).toBeTruthy();
    expect((await post(`/api/awards/${award.id}/suspend`, { reason: 'safeguarding review' })).body).toMatchObject({ status: 'suspended', statusReason: 'safeguarding review' });
    expect((await post(`/api/awards/${award.id}/resume`)).body).toMatchObject({ status: 'active' });
    const closed = await post(`/api/awards/${award.id}/close`, { reason: 'delivered' });
    expect(closed.body).toMatchObject({ status: 'closed' });
    const actions = (await env.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [award.id])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['award.create', 'award.approve', 'award.activate', 'award.suspend', 'award.resume', 'award.close']);
  });

  it('signs the agreement "today" in Europe/London when no date is given, also in the hour after midnight in summer', async () => {
    const { award } = await draft();
    await post(`/api/awards/${award.id}/approve`).expect(200);
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): only the clock is faked.
    jest.useFakeTimers({
      now: new Date('2026-06-30T23:30:00Z'),
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    try {
      const active = await post(`/api/awards/${award.id}/activate`);
      expect(active.body).toMatchObject({ status: 'active', agreementSignedOn: '2026-07-01' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('records the decision date given, and refuses one in the future', async () => {
    const { award } = await draft();
    const future = await post(`/api/awards/${award.id}/approve`, { decisionDate: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/^decisionDate must not be in the future/);
    const ok = await post(`/api/awards/${award.id}/approve`, { decisionDate: '2026-03-20', decisionReference: 'Panel 12' });
    expect(ok.body).toMatchObject({ status: 'approved', decisionDate: '2026-03-20' });
  });

  it.each([
    ['activate', 'draft'],
    ['suspend', 'draft'],
    ['resume', 'draft'],
    ['close', 'draft'],
  ])('refuses %s from %s with 409 INVALID_TRANSITION and changes nothing', async (action, from) => {
    const { award } = await draft();
    const audit = await count(env, 'audit_entry');
    const res = await post(`/api/awards/${award.id}/${action}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', status: from });
    expect(await count(env, 'audit_entry')).toBe(audit);
  });

  it('refuses to cancel an active award, but cancelling an approved one frees its budget', async () => {
    const { stream, award } = await draft(50_000, 30_000);
    await post(`/api/awards/${award.id}/approve`).expect(200);
    expect(await streamTotals(stream.id)).toMatchObject({ committedPence: 30_000, remainingPence: 20_000 });
    await post(`/api/awards/${award.id}/cancel`, { reason: 'provider withdrew' }).expect(200);
    expect(await streamTotals(stream.id)).toMatchObject({ committedPence: 0, remainingPence: 50_000 });

    const other = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: (await givenOrganisation(env, commissioner)).id, amountPence: 50_000 });
    await post(`/api/awards/${other.id}/approve`).expect(200);
    await post(`/api/awards/${other.id}/activate`).expect(200);
    expect((await post(`/api/awards/${other.id}/cancel`)).body).toMatchObject({ code: 'INVALID_TRANSITION', status: 'active', action: 'cancel' });
  });

  it('varies an approved award within the budget and refuses an increase beyond it', async () => {
    const { stream, award } = await draft(100_000, 60_000);
    await post(`/api/awards/${award.id}/approve`).expect(200);
    const up = await post(`/api/awards/${award.id}/variations`, { amountPence: 90_000, reason: 'demand above plan' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ amountPence: 90_000 });
    const tooMuch = await post(`/api/awards/${award.id}/variations`, { amountPence: 100_001, reason: 'more again' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ code: 'BUDGET_EXCEEDED', remainingPence: 10_000 });
    const down = await post(`/api/awards/${award.id}/variations`, { amountPence: 40_000, reason: 'service started late' });
    expect(down.body.amountPence).toBe(40_000);
    expect(await streamTotals(stream.id)).toMatchObject({ committedPence: 40_000, remainingPence: 60_000 });
    const history = await env.http().get(`/api/awards/${award.id}/variations`).set(auth());
    expect(history.body.map((v: { previousAmountPence: number; newAmountPence: number }) => [v.previousAmountPence, v.newAmountPence])).toEqual([
      [60_000, 90_000],
      [90_000, 40_000],
    ]);
    expect((await post(`/api/awards/${award.id}/variations`, { amountPence: 40_000, reason: 'same' })).status).toBe(400);
    expect((await post(`/api/awards/${award.id}/variations`, { amountPence: 50_000 })).body.message).toMatch(/reason/);
  });

  it('never over-commits when variations race approvals on one stream', async () => {
    for (let round = 0; round < 3; round++) {
      const stream = await givenStream(env, commissioner, 100_000);
      const recipient = await givenOrganisation(env, commissioner);
      const base = await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 10_000 });
      await post(`/api/awards/${base.id}/approve`).expect(200);
      const drafts = [];
      for (let i = 0; i < 12; i++) drafts.push(await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 10_000 }));
      const answers = await Promise.all([
        ...drafts.map((d) => post(`/api/awards/${d.id}/approve`)),
        ...Array.from({ length: 6 }, (_, i) => post(`/api/awards/${base.id}/variations`, { amountPence: 20_000 + i * 5_000, reason: `race ${i}` })),
      ]);
      expect(answers.every((r) => [200, 201, 409].includes(r.status))).toBe(true);
      const [db] = await env.db.query(
        `SELECT s.budget_pence::int AS budget, sum(a.amount_pence) FILTER (WHERE a.status = 'approved')::int AS committed FROM funding_stream s JOIN award a ON a.funding_stream_id = s.id WHERE s.id = $1 GROUP BY s.budget_pence`,
        [stream.id],
      );
      expect(db.committed).toBeLessThanOrEqual(db.budget);
      const refused = answers.filter((r) => r.status === 409);
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.body.code).toBe('BUDGET_EXCEEDED');
    }
  });

  it('answers a stale PATCH with 409 STALE_VERSION and never overwrites', async () => {
    const { award } = await draft();
    const first = await env.http().patch(`/api/awards/${award.id}`).set(auth()).send({ title: 'First edit', version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await env.http().patch(`/api/awards/${award.id}`).set(auth()).send({ title: 'Second edit from an old screen', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: 2 });
    const viaHeader = await env.http().patch(`/api/awards/${award.id}`).set(auth()).set('If-Match', '"1"').send({ title: 'Third' });
    expect(viaHeader.body.code).toBe('STALE_VERSION');
    const [row] = await env.db.query(`SELECT title FROM award WHERE id = $1`, [award.id]);
    expect(row.title).toBe('First edit');
  });

  it('lets two simultaneous PATCHes with one version produce exactly one change', async () => {
    const { award } = await draft();
    const answers = await Promise.all(['A', 'B', 'C', 'D'].map((t) => env.http().patch(`/api/awards/${award.id}`).set(auth()).send({ title: t, version: 1 })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
  });

  it('keeps amounts of approved awards to variations, and checks dates', async () => {
    const { award } = await draft();
    await post(`/api/awards/${award.id}/approve`).expect(200);
    const res = await env.http().patch(`/api/awards/${award.id}`).set(auth()).send({ amountPence: 1 });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/variation/);
    const dates = await env.http().patch(`/api/awards/${award.id}`).set(auth()).send({ endDate: '2026-01-01' });
    expect(dates.status).toBe(400);
    expect(dates.body.message).toMatch(/endDate/);
  });

  it('applies optimistic concurrency to streams and organisations too', async () => {
    const stream = await givenStream(env, commissioner, 1_000);
    await env.http().patch(`/api/funding-streams/${stream.id}`).set(auth()).send({ name: 'Renamed', version: 1 }).expect(200);
    expect((await env.http().patch(`/api/funding-streams/${stream.id}`).set(auth()).send({ name: 'Again', version: 1 })).body.code).toBe('STALE_VERSION');
    const org = await givenOrganisation(env, commissioner);
    await env.http().patch(`/api/organisations/${org.id}`).set(auth()).set('If-Match', '"1"').send({ postcode: 'CH1 2HS' }).expect(200);
    expect((await env.http().patch(`/api/organisations/${org.id}`).set(auth()).set('If-Match', '"1"').send({ postcode: 'WA1 1UH' })).body.code).toBe('STALE_VERSION');
  });
});

describe('Idempotency-Key', () => {
  let env: TestEnv;
  let commissioner: string;
  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner } = await demoAs(env, 'commissioner'));
  });
  afterAll(() => env.close());

  it('replays the first answer for the same key and body, and refuses the key for another body', async () => {
    const stream = await givenStream(env, commissioner, 100_000);
    const recipient = await givenOrganisation(env, commissioner);
    const body = { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, title: 'Idem', grantType: 'x', amountPence: 500, startDate: '2026-04-01', endDate: '2027-03-31' };
    const send = (b: object, key = 'award-key-1') => env.http().post('/api/awards').set('Authorization', `Bearer ${commissioner}`).set('Idempotency-Key', key).send(b);
    const first = await send(body);
    const again = await send({ ...body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await send({ ...body, amountPence: 501 });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_MISMATCH');
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM award WHERE title = 'Idem'`);
    expect(n).toBe(1);
  });

  it('creates one row when 20 duplicates with one key race', async () => {
    const stream = await givenStream(env, commissioner, 100_000);
    const recipient = await givenOrganisation(env, commissioner);
    const body = { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, title: 'Race', grantType: 'x', amountPence: 700, startDate: '2026-04-01', endDate: '2027-03-31' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => env.http().post('/api/awards').set('Authorization', `Bearer ${commissioner}`).set('Idempotency-Key', 'race-key').send(body)),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM award WHERE funding_stream_id = $1`, [stream.id]);
    expect(n).toBe(1);
    const [{ a }] = await env.db.query(`SELECT count(*)::int AS a FROM audit_entry WHERE action = 'award.create' AND entity_id = $1`, [answers[0]!.body.id]);
    expect(a).toBe(1);
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const { finance } = await demoAs(env, 'finance');
    const funder = await givenOrganisation(env, commissioner, { kind: 'government' });
    const body = { funderOrganisationId: funder.id, name: 'Per-user', financialYear: '2026/27', amountPence: 1, restricted: false };
    const a = await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${commissioner}`).set('Idempotency-Key', 'shared').send(body);
    const b = await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${finance}`).set('Idempotency-Key', 'shared').send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const res = await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${commissioner}`).set('Idempotency-Key', 'a'.repeat(201)).send({});
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Idempotency-Key/);
  });
});
