import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { count, loginAs, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

describe('audit trail', () => {
  let env: TestEnv;
  let commissioner: string;
  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner } = await demoAs(env, 'commissioner'));
  });
  afterAll(() => env.close());

  it('records actor, action, entity, before/after and the request id of each write', async () => {
    const stream = await givenStream(env, commissioner, 50_000);
    const recipient = await givenOrganisation(env, commissioner);
    const created = await env
      .http()
      .post('/api/awards')
      .set('Authorization', `Bearer ${commissioner}`)
      .set('X-Request-Id', 'req-audit-create-1')
      .send({ fundingStreamId: stream.id, recipientOrganisationId: recipient.id, title: 'Hate crime service', grantType: 'Victims services', amountPence: 20_000, startDate: '2026-04-01', endDate: '2027-03-31' });
    expect(created.status).toBe(201);
    expect(created.headers['x-request-id']).toBe('req-audit-create-1');
    await env.http().post(`/api/awards/${created.body.id}/approve`).set('Authorization', `Bearer ${commissioner}`).set('X-Request-Id', 'req-audit-approve-1').send({ decisionReference: 'D-1' }).expect(200);

    const rows = (await env.db.query(`SELECT action, actor_role, actor_user_id, before, after, request_id FROM audit_entry WHERE entity_type = 'award' AND entity_id = $1 ORDER BY id`, [
      created.body.id,
    ])) as { action: string; actor_role: string; actor_user_id: string; before: { status: string } | null; after: { status: string; amountPence: number }; request_id: string }[];
    expect(rows.map((r) => [r.action, r.request_id])).toEqual([
      ['award.create', 'req-audit-create-1'],
      ['award.approve', 'req-audit-approve-1'],
    ]);
    expect(rows[0]!.before).toBeNull();
    expect(rows[0]!.after).toMatchObject({ status: 'draft', amountPence: 20_000 });
    expect(rows[1]!.before).toMatchObject({ status: 'draft' });
    expect(rows[1]!.after).toMatchObject({ status: 'approved', decisionReference: 'D-1' });
    const me = await env.http().get('/api/auth/me').set('Authorization', `Bearer ${commissioner}`);
    expect(rows.map((r) => [r.actor_role, r.actor_user_id])).toEqual([
      ['commissioner', me.body.userId],
      ['commissioner', me.body.userId],
    ]);

    const api = await env.http().get(`/api/audit?entityType=award&entityId=${created.body.id}`).set('Authorization', `Bearer ${await loginAs(env, 'finance')}`);
    expect(api.status).toBe(200);
    expect(api.body.items.map((e: { action: string }) => e.action)).toEqual(['award.approve', 'award.create']);
  });

  it('never puts a password hash into the trail', async () => {
    const rows = (await env.db.query(`SELECT after::text AS after FROM audit_entry WHERE entity_type = 'user'`)) as { after: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.after).not.toMatch(/argon2|password/i);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows at the database level', async () => {
    const n = await count(env, 'audit_entry');
    await expect(env.db.query(`UPDATE audit_entry SET action = 'tampered'`)).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(env.db.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(env.db.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    expect(await count(env, 'audit_entry')).toBe(n);
    expect(await env.db.query(`SELECT 1 FROM audit_entry WHERE action = 'tampered'`)).toEqual([]);
  });

  it('writes neither row nor audit entry for a refused request', async () => {
    const [awards, audit] = [await count(env, 'award'), await count(env, 'audit_entry')];
    const stream = (await env.http().get('/api/funding-streams?financialYear=2014/15').set('Authorization', `Bearer ${commissioner}`)).body.items[0];
    const recipient = (await env.http().get('/api/organisations?q=Halton').set('Authorization', `Bearer ${commissioner}`)).body.items[0];
    const bodies = [
      { amountPence: '1000' },
      { amountPence: 10.5 },
      { amountPence: -1 },
      { amountPence: 2 ** 53 },
      { endDate: '2026-02-30' },
      { endDate: '2026-03-31', startDate: '2026-04-01' },
      { surprise: true },
    ];
    const valid = { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, title: 'x', grantType: 'y', amountPence: 100, startDate: '2026-04-01', endDate: '2027-03-31' };
    for (const patch of bodies) {
      const res = await env.http().post('/api/awards').set('Authorization', `Bearer ${commissioner}`).send({ ...valid, ...patch });
      expect([JSON.stringify(patch), res.status]).toEqual([JSON.stringify(patch), 400]);
      const field = Object.keys(patch)[0] === 'startDate' || Object.keys(patch)[0] === 'endDate' ? 'endDate' : Object.keys(patch)[0]!;
      expect(res.body.message).toContain(field);
    }
    const unknownStream = await env.http().post('/api/awards').set('Authorization', `Bearer ${commissioner}`).send({ ...valid, fundingStreamId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownStream.status).toBe(404);
    expect([await count(env, 'award'), await count(env, 'audit_entry')]).toEqual([awards, audit]);
  });
});
