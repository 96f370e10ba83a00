import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessTokenCache } from '../../libs/domain/src/users/access-token-cache.js';
import { createTestEnv, loadDemo, loginAs, type TestEnv } from '../helpers/test-env.js';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

/**
 * Issue 17.2: the API answers a token it has checked before from memory, and the database's
 * notifications keep that memory current. Each case first uses the token (so it is cached), then
 * changes the user or its login through the API (seen at once, before the response) or with plain
 * SQL, behind every service's back, as a console session or a second API process would (seen when
 * the notification arrives): the next request is refused.
 */
describe('access token cache', () => {
  let env: TestEnv;
  let admin: string;
  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env);
    admin = await loginAs(env, 'admin');
  }, 60_000);
  afterAll(() => env.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  /**
   * A change from outside this process reaches it as a notification after the commit: wait for it
   * (it fails the test if none comes within 5 s), then the next request must be refused.
   */
  async function notified(token: string): Promise<void> {
    const cache = env.app.get(AccessTokenCache);
    for (let waited = 0; cache.lookup(token); waited += 10) {
      if (waited > 5_000) throw new Error('no notification after 5 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  const me = (token: string) => env.http().get('/api/auth/me').set(bearer(token));
  let seq = 0;
  async function cachedSession(): Promise<Session> {
    const email = `cache.${++seq}@test.ringfence.local`;
    const password = 'officer-passphrase-long';
    await env.http().post('/api/users').set(bearer(admin)).send({ email, name: `Officer ${seq}`, role: 'commissioner', password }).expect(201);
    const session = (await env.http().post('/api/auth/login').send({ email, password }).expect(200)).body as Session;
    expect((await me(session.accessToken)).status).toBe(200);
    expect(env.app.get(AccessTokenCache).lookup(session.accessToken)).toMatchObject({ id: session.user.id });
    return session;
  }

  it('refuses a cached token on the very next request once its user is disabled through the API', async () => {
    const session = await cachedSession();
    await env.http().patch(`/api/users/${session.user.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
    expect(env.app.get(AccessTokenCache).lookup(session.accessToken)).toBeNull();
    expect((await me(session.accessToken)).status).toBe(401);
  });

  it('refuses a cached token on the next request once its user is disabled in SQL', async () => {
    const session = await cachedSession();
    await env.db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [session.user.id]);
    await notified(session.accessToken);
    expect((await me(session.accessToken)).status).toBe(401);
  });

  it('refuses a cached token once its login is revoked or expired in SQL', async () => {
    const revoked = await cachedSession();
    await env.db.query(`UPDATE refresh_token SET revoked_at = now(), revoked_reason = 'logout' WHERE user_id = $1`, [revoked.user.id]);
    await notified(revoked.accessToken);
    expect((await me(revoked.accessToken)).status).toBe(401);
    const expired = await cachedSession();
    await env.db.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [expired.user.id]);
    await notified(expired.accessToken);
    expect((await me(expired.accessToken)).status).toBe(401);
  });

  it('refuses a cached token once its user changes role in SQL, and keeps serving other users meanwhile', async () => {
    const changed = await cachedSession();
    const other = await cachedSession();
    await env.db.query(`UPDATE app_user SET role = 'viewer' WHERE id = $1`, [changed.user.id]);
    await notified(changed.accessToken);
    expect((await me(changed.accessToken)).status).toBe(401);
    expect(env.app.get(AccessTokenCache).lookup(other.accessToken)).toMatchObject({ id: other.user.id });
    expect((await me(other.accessToken)).status).toBe(200);
  });
});
