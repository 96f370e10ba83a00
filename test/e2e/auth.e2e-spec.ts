import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/seed/demo-seed.js';
import { REDIS_URL, login, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';
import { accessTokenFor } from '../helpers/tokens.js';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

describe('authentication', () => {
  let env: TestEnv;
  let admin: string;

  beforeAll(async () => {
    env = await demoEnv();
    ({ admin } = await demoAs(env, 'admin'));
  }, 60_000);
  afterAll(() => env.close());

  /** Every test starts with no failed logins counted, whatever the tests before it did. */
  beforeEach(async () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${env.queuePrefix}:login-fail:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const start = async (email: string, password: string): Promise<Session> => {
    const res = await env.http().post('/api/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body as Session;
  };
  const refresh = (refreshToken: string) => env.http().post('/api/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => env.http().get('/api/auth/me').set(bearer(accessToken));

  let seq = 0;
  /** A fresh commissioner, so tests that disable or demote one do not disturb the others. */
  async function givenOfficer(password = 'officer-passphrase-long'): Promise<{ id: string; email: string; password: string }> {
    const email = `officer.${++seq}@test.ringfence.local`;
    const res = await env.http().post('/api/users').set(bearer(admin)).send({ email, name: `Officer ${seq}`, role: 'commissioner', password });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email, password };
  }

  describe('login', () => {
    it('logs a demo user in and returns a token with the user', async () => {
      const res = await env.http().post('/api/auth/login').send({ email: 'finance@demo.ringfence.local', password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(res.body.user).toMatchObject({ email: 'finance@demo.ringfence.local', role: 'finance', organisationId: null });
      const who = await me(res.body.accessToken);
      expect(who.body).toMatchObject({ userId: res.body.user.id, role: 'finance' });
    });

    it('issues a 15-minute access token marked as one, and an opaque refresh token stored only as a hash', async () => {
      const before = Date.now();
      const res = await env.http().post('/api/auth/login').send({ email: 'viewer@demo.ringfence.local', password: DEMO_PASSWORD });
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number), refreshToken: expect.stringMatching(/^rft_[\w-]{43}$/) });
      expect(res.body.expiresIn).toBeGreaterThanOrEqual(899);
      expect(res.body.expiresIn).toBeLessThanOrEqual(900);
      const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString('utf8')) as Record<string, number | string>;
      expect(claims).toMatchObject({ sub: res.body.user.id, role: 'viewer', typ: 'access' });
      expect(Number(claims['exp']) - Number(claims['iat'])).toBe(15 * 60);
      expect(Date.parse(res.body.accessTokenExpiresAt)).toBe(Number(claims['exp']) * 1000);
      const refreshDays = (Date.parse(res.body.refreshTokenExpiresAt) - before) / 86_400_000;
      expect(refreshDays).toBeGreaterThan(13.99);
      expect(refreshDays).toBeLessThan(14.01);

      const rows = (await env.db.query(`SELECT token_hash, family_id, role FROM refresh_token WHERE user_id = $1`, [res.body.user.id])) as { token_hash: string; role: string }[];
      expect(rows.map((r) => r.token_hash)).toContain(sha256(res.body.refreshToken));
      expect(rows.every((r) => r.role === 'viewer')).toBe(true);
      const [{ leaked }] = (await env.db.query(`SELECT count(*)::int AS leaked FROM refresh_token WHERE row_to_json(refresh_token)::text LIKE '%' || $1 || '%'`, [res.body.refreshToken.slice(4)])) as [{ leaked: number }];
      expect(leaked).toBe(0);
    });

    it('answers an unknown email, a wrong password and a disabled account with the same 401', async () => {
      const officer = await givenOfficer();
      await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
      const unknown = await env.http().post('/api/auth/login').send({ email: 'nobody@demo.ringfence.local', password: DEMO_PASSWORD });
      const wrong = await env.http().post('/api/auth/login').send({ email: 'viewer@demo.ringfence.local', password: 'not-the-password' });
      const disabled = await env.http().post('/api/auth/login').send({ email: officer.email, password: officer.password });
      expect([unknown.status, wrong.status, disabled.status]).toEqual([401, 401, 401]);
      expect(unknown.body).toEqual(wrong.body);
      expect(disabled.body).toEqual(wrong.body);
    });

    /**
     * An unknown email must cost what a known one does, or response times would list the
     * accounts. verifyCredentials verifies a dummy argon2id hash, made with the same parameters
     * as real ones, when the email is unknown. Medians of 15 interleaved tries each are compared
     * with a generous band (0.5-2): skipping the verify makes unknown emails about ten times
     * faster, far outside it, while scheduling noise on a busy CI machine stays well inside.
     */
    it('takes as long for an unknown email as for a known one with a wrong password', async () => {
      const known = DEMO_USERS.map((u) => u.email);
      const timings = { known: [] as number[], unknown: [] as number[] };
      const timeLogin = async (email: string): Promise<number> => {
        const t0 = process.hrtime.bigint();
        const res = await env.http().post('/api/auth/login').send({ email, password: 'certainly-not-the-password' });
        const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
        expect(res.status).toBe(401);
        return elapsed;
      };
      await timeLogin('warm-up@nowhere.example'); // builds the dummy hash once
      for (let i = 0; i < 15; i++) {
        timings.unknown.push(await timeLogin(`nobody.${i}@nowhere.example`));
        timings.known.push(await timeLogin(known[i % known.length]!));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const ratio = median(timings.unknown) / median(timings.known);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    }, 60_000);

    it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
      const token = await login(env, env.env['ADMIN_EMAIL']!, env.env['ADMIN_PASSWORD']!);
      const users = await env.http().get('/api/users?role=admin').set(bearer(token));
      expect(users.body.items.map((u: { email: string }) => u.email)).toContain(env.env['ADMIN_EMAIL']);
    });

    it('stores argon2id hashes, never the password', async () => {
      const rows = (await env.db.query(`SELECT password_hash FROM app_user`)) as { password_hash: string }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$/);
    });

    it.each([
      ['too short', 'short-pass'],
      ['one repeated character', 'aaaaaaaaaaaaaaaa'],
      ['the email address', 'weak.user@test.ringfence.local'],
      ['a common password dressed up', 'Password1234!'],
      ['a common password dressed up', 'Qwertyuiop123'],
    ])('refuses a weak password (%s) naming the field', async (_why, password) => {
      const res = await env.http().post('/api/users').set(bearer(admin)).send({ email: 'weak.user@test.ringfence.local', name: 'Weak', role: 'viewer', password });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^password /);
    });
  });

  describe('access tokens', () => {
    it('refuses requests without a token, or with a forged one', async () => {
      expect((await env.http().get('/api/awards')).status).toBe(401);
      const { commissioner: token } = await demoAs(env, 'commissioner');
      const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await env.http().get('/api/awards').set(bearer(forged))).status).toBe(401);
    });

    it('refuses an expired access token', async () => {
      const { user } = await start('viewer@demo.ringfence.local', DEMO_PASSWORD);
      // The same claims and key, once valid and once a minute past expiry: only exp differs.
      const valid = (await accessTokenFor(env, user.id, { expiresIn: 60 })).token;
      const expired = (await accessTokenFor(env, user.id, { expiresIn: -60 })).token;
      expect((await me(valid)).status).toBe(200);
      const res = await me(expired);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('refuses a JWT signed with the right key that is not an access token', async () => {
      const { user } = await start('viewer@demo.ringfence.local', DEMO_PASSWORD);
      const signed = async (typ: string | undefined) => (await accessTokenFor(env, user.id, { expiresIn: 60, claims: { typ } })).token;
      expect((await me(await signed('access'))).status).toBe(200);
      expect((await me(await signed('refresh'))).status).toBe(401);
      expect((await me(await signed(undefined))).status).toBe(401);
    });

    it('stops honouring a token at once when its user is disabled or changes role', async () => {
      const officer = await givenOfficer();
      const token = await login(env, officer.email, officer.password);
      expect((await env.http().get('/api/funding-streams').set(bearer(token))).status).toBe(200);

      await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ role: 'viewer' }).expect(200);
      expect((await env.http().get('/api/funding-streams').set(bearer(token))).status).toBe(401);

      const again = await login(env, officer.email, officer.password);
      await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
      expect((await env.http().get('/api/funding-streams').set(bearer(again))).status).toBe(401);
      expect((await env.http().post('/api/auth/login').send({ email: officer.email, password: officer.password })).status).toBe(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotates: each refresh answers a new working pair, and the token it was given stops working', async () => {
      const officer = await givenOfficer();
      const first = await start(officer.email, officer.password);
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ tokenType: 'Bearer', user: { id: officer.id, role: 'commissioner' } });
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.body.accessToken)).body).toMatchObject({ userId: officer.id, role: 'commissioner' });

      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);
      expect((await me(third.body.accessToken)).status).toBe(200);

      const rows = (await env.db.query(`SELECT token_hash, rotated_at, revoked_at, family_id FROM refresh_token WHERE user_id = $1 ORDER BY created_at`, [officer.id])) as {
        token_hash: string;
        rotated_at: Date | null;
        revoked_at: Date | null;
        family_id: string;
      }[];
      expect(rows.map((r) => r.token_hash)).toEqual([first.refreshToken, second.body.refreshToken, third.body.refreshToken].map(sha256));
      expect(rows.map((r) => r.rotated_at !== null)).toEqual([true, true, false]);
      expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
    });

    it('treats a traded token presented again as theft: 401, and the whole family is revoked and audited', async () => {
      const officer = await givenOfficer();
      const stolen = await start(officer.email, officer.password);
      const other = await start(officer.email, officer.password); // another device: its own family
      const legit = await refresh(stolen.refreshToken);
      expect(legit.status).toBe(200);

      const reuse = await refresh(stolen.refreshToken);
      expect(reuse.status).toBe(401);
      expect(reuse.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED' });
      // The legitimate holder's successor dies with it: we cannot tell which party is the thief.
      expect((await refresh(legit.body.refreshToken)).status).toBe(401);
      expect((await refresh(other.refreshToken)).status).toBe(200);

      const audit = (await env.db.query(`SELECT action, actor_user_id, after FROM audit_entry WHERE entity_type = 'user' AND entity_id = $1 AND action = 'session.revoke'`, [officer.id])) as {
        actor_user_id: string;
        after: { reason: string };
      }[];
      expect(audit).toEqual([expect.objectContaining({ actor_user_id: officer.id, after: expect.objectContaining({ reason: 'reuse' }) })]);
    });

    it('lets only one of two simultaneous refreshes with the same token through, and then revokes the family', async () => {
      const officer = await givenOfficer();
      const session = await start(officer.email, officer.password);
      const answers = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
      const winner = answers.find((a) => a.status === 200)!;
      expect((await refresh(winner.body.refreshToken)).status).toBe(401);
    });

    it('never accepts a refresh token as a bearer token, nor an access token as a refresh token', async () => {
      const session = await start('viewer@demo.ringfence.local', DEMO_PASSWORD);
      expect((await me(session.refreshToken)).status).toBe(401);
      expect((await refresh(session.accessToken)).status).toBe(401);
      expect((await refresh('rft_' + 'A'.repeat(43))).status).toBe(401);
      expect((await refresh(session.refreshToken)).status).toBe(200);
    });

    it('refuses an expired refresh token', async () => {
      const session = await start('viewer@demo.ringfence.local', DEMO_PASSWORD);
      await env.db.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(session.refreshToken)]);
      expect((await refresh(session.refreshToken)).status).toBe(401);
    });

    it('logs out: 204, and no token of that login refreshes any more; other logins carry on', async () => {
      const officer = await givenOfficer();
      const session = await start(officer.email, officer.password);
      const rotated = (await refresh(session.refreshToken)).body as Session;
      const elsewhere = await start(officer.email, officer.password);

      const out = await env.http().post('/api/auth/logout').send({ refreshToken: rotated.refreshToken });
      expect(out.status).toBe(204);
      expect(out.text).toBe('');
      expect((await refresh(rotated.refreshToken)).status).toBe(401);
      expect((await refresh(elsewhere.refreshToken)).status).toBe(200);
      const reasons = (await env.db.query(`SELECT DISTINCT revoked_reason FROM refresh_token WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1)`, [
        sha256(session.refreshToken),
      ])) as { revoked_reason: string }[];
      expect(reasons).toEqual([{ revoked_reason: 'logout' }]);

      // Unknown tokens log out quietly (nothing to learn from the answer); a missing one is 400.
      expect((await env.http().post('/api/auth/logout').send({ refreshToken: 'rft_unknown' })).status).toBe(204);
      expect((await env.http().post('/api/auth/logout').send({})).status).toBe(400);
    });

    it('refuses both tokens at once when the user is disabled', async () => {
      const officer = await givenOfficer();
      const session = await start(officer.email, officer.password);
      await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ disabled: true }).expect(200);
      expect((await me(session.accessToken)).status).toBe(401);
      expect((await refresh(session.refreshToken)).status).toBe(401);
      const [{ revoked_reason }] = (await env.db.query(`SELECT revoked_reason FROM refresh_token WHERE user_id = $1`, [officer.id])) as [{ revoked_reason: string }];
      expect(revoked_reason).toBe('user-disabled');
    });

    it('refuses both tokens at once when the user changes role, however the change was made', async () => {
      const officer = await givenOfficer();
      const session = await start(officer.email, officer.password);
      await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ role: 'finance' }).expect(200);
      expect((await me(session.accessToken)).status).toBe(401);
      expect((await refresh(session.refreshToken)).status).toBe(401);

      // Changed behind the service's back (no revocation written): the refresh compares the role
      // the token was issued for with the user's role now.
      const later = await start(officer.email, officer.password);
      await env.db.query(`UPDATE app_user SET role = 'viewer' WHERE id = $1`, [officer.id]);
      expect((await me(later.accessToken)).status).toBe(401);
      expect((await refresh(later.refreshToken)).status).toBe(401);
      expect((await start(officer.email, officer.password)).user).toMatchObject({ role: 'viewer' });
    });

    it('ends every login of a user whose password is changed', async () => {
      const officer = await givenOfficer();
      const session = await start(officer.email, officer.password);
      await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ password: 'a-brand-new-passphrase' }).expect(200);
      expect((await refresh(session.refreshToken)).status).toBe(401);
      expect((await env.http().post('/api/auth/login').send({ email: officer.email, password: officer.password })).status).toBe(401);
      const fresh = await start(officer.email, 'a-brand-new-passphrase');
      expect((await refresh(fresh.refreshToken)).status).toBe(200);
    });
  });

  describe('changing a user', () => {
    it('answers a stale version with 409 STALE_VERSION, by body or If-Match, and writes nothing', async () => {
      const officer = await givenOfficer();
      const first = await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ name: 'First edit', version: 1 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const audited = async () => ((await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1`, [officer.id])) as [{ n: number }])[0].n;
      const auditRows = await audited();

      const stale = await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ name: 'From an old screen', version: 0 });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ statusCode: 409, code: 'STALE_VERSION', expectedVersion: 0, currentVersion: 2 });
      const viaHeader = await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).set('If-Match', '"1"').send({ disabled: true });
      expect(viaHeader.status).toBe(409);
      expect(viaHeader.body.code).toBe('STALE_VERSION');
      const [row] = (await env.db.query(`SELECT name, disabled, version FROM app_user WHERE id = $1`, [officer.id])) as [{ name: string; disabled: boolean; version: number }];
      expect(row).toEqual({ name: 'First edit', disabled: false, version: 2 });
      expect(await audited()).toBe(auditRows);
      expect((await env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).set('If-Match', '"2"').send({ name: 'Current' })).status).toBe(200);
    });

    it('lets one of several simultaneous changes from the same version through', async () => {
      const officer = await givenOfficer();
      const answers = await Promise.all(['A', 'B', 'C', 'D'].map((name) => env.http().patch(`/api/users/${officer.id}`).set(bearer(admin)).send({ name, version: 1 })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    });
  });
});
