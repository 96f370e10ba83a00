import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed.js';
import { createTestEnv, loadDemo, login, loginAs, type TestEnv } from '../helpers/test-env.js';

describe('authentication', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env);
  });
  afterAll(() => env.close());

  it('logs a demo user in and returns a token with the user', async () => {
    const res = await env.http().post('/api/auth/login').send({ email: 'finance@demo.ringfence.local', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.user).toMatchObject({ email: 'finance@demo.ringfence.local', role: 'finance', organisationId: null });
    const me = await env.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.body).toMatchObject({ userId: res.body.user.id, role: 'finance' });
  });

  it('answers an unknown email and a wrong password with the same 401', async () => {
    const unknown = await env.http().post('/api/auth/login').send({ email: 'nobody@demo.ringfence.local', password: DEMO_PASSWORD });
    const wrong = await env.http().post('/api/auth/login').send({ email: 'viewer@demo.ringfence.local', password: 'not-the-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const token = await login(env, env.env['ADMIN_EMAIL']!, env.env['ADMIN_PASSWORD']!);
    const users = await env.http().get('/api/users?role=admin').set('Authorization', `Bearer ${token}`);
    expect(users.body.items.map((u: { email: string }) => u.email)).toContain(env.env['ADMIN_EMAIL']);
  });

  it('stores argon2id hashes, never the password', async () => {
    const rows = (await env.db.query(`SELECT password_hash FROM app_user`)) as { password_hash: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses requests without a token, or with a forged one', async () => {
    expect((await env.http().get('/api/awards')).status).toBe(401);
    const token = await loginAs(env, 'commissioner');
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await env.http().get('/api/awards').set('Authorization', `Bearer ${forged}`)).status).toBe(401);
  });

  it('stops honouring a token at once when its user is disabled or changes role', async () => {
    const admin = await loginAs(env, 'admin');
    const created = await env.http().post('/api/users').set('Authorization', `Bearer ${admin}`).send({
      email: 'temp.officer@test.ringfence.local',
      name: 'Temporary Officer',
      role: 'commissioner',
      password: 'a-long-enough-password',
    });
    expect(created.status).toBe(201);
    const token = await login(env, 'temp.officer@test.ringfence.local', 'a-long-enough-password');
    expect((await env.http().get('/api/funding-streams').set('Authorization', `Bearer ${token}`)).status).toBe(200);

    await env.http().patch(`/api/users/${created.body.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'viewer' }).expect(200);
    expect((await env.http().get('/api/funding-streams').set('Authorization', `Bearer ${token}`)).status).toBe(401);

    const again = await login(env, 'temp.officer@test.ringfence.local', 'a-long-enough-password');
    await env.http().patch(`/api/users/${created.body.id}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(200);
    expect((await env.http().get('/api/funding-streams').set('Authorization', `Bearer ${again}`)).status).toBe(401);
    expect((await env.http().post('/api/auth/login').send({ email: 'temp.officer@test.ringfence.local', password: 'a-long-enough-password' })).status).toBe(401);
  });

  it('refuses weak passwords naming the field', async () => {
    const admin = await loginAs(env, 'admin');
    const res = await env.http().post('/api/users').set('Authorization', `Bearer ${admin}`).send({
      email: 'weak@test.ringfence.local',
      name: 'Weak',
      role: 'viewer',
      password: 'aaaaaaaaaaaaaaaa',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^password /);
  });

  it('answers 429 after repeated failures for one account from one address', async () => {
    const attempts = [];
    for (let i = 0; i < 12; i++) attempts.push((await env.http().post('/api/auth/login').send({ email: 'admin@demo.ringfence.local', password: `wrong-${i}` })).status);
    expect(attempts.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(attempts.slice(10)).toEqual([429, 429]);
  });
});
