import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed.js';
import { createTestEnv, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';
import { accessTokenFor, forgeJwt } from '../helpers/tokens.js';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; role: string; organisationId: string | null };
}

/**
 * An access token ends with its login (SECURITY.md): logout, and a reused refresh token revoking
 * the login, stop it on the very next request instead of letting it run out its 15 minutes. And
 * only tokens this API would issue are accepted: HS256, with exp, marked as access tokens.
 */
describe('access tokens', () => {
  let env: TestEnv;
  let admin: string;

  beforeAll(async () => {
    env = await demoEnv();
    ({ admin } = await demoAs(env, 'admin'));
  }, 60_000);
  afterAll(() => env.close());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = (token: string) => env.http().get('/api/auth/me').set(bearer(token));
  const refresh = (refreshToken: string) => env.http().post('/api/auth/refresh').send({ refreshToken });
  const logout = (refreshToken: string) => env.http().post('/api/auth/logout').send({ refreshToken });

  let seq = 0;
  async function givenOfficer(): Promise<{ email: string; password: string }> {
    const email = `tokens.${++seq}@test.ringfence.local`;
    const password = 'officer-passphrase-long';
    await env.http().post('/api/users').set(bearer(admin)).send({ email, name: `Officer ${seq}`, role: 'commissioner', password }).expect(201);
    return { email, password };
  }
  async function start(who: { email: string; password: string }): Promise<Session> {
    const res = await env.http().post('/api/auth/login').send(who);
    expect(res.status).toBe(200);
    return res.body as Session;
  }

  describe('end with their login', () => {
    it('carry the login they belong to', async () => {
      const session = await start(await givenOfficer());
      const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string };
      const [{ family_id }] = (await env.db.query(`SELECT family_id FROM refresh_token WHERE user_id = $1`, [session.user.id])) as [{ family_id: string }];
      expect(claims.sid).toBe(family_id);
    });

    it('stop at once after logout, the access tokens of every refresh of that login included; other logins carry on', async () => {
      const officer = await givenOfficer();
      const first = await start(officer);
      const second = (await refresh(first.refreshToken)).body as Session;
      const elsewhere = await start(officer);
      expect((await me(first.accessToken)).status).toBe(200);
      expect((await me(second.accessToken)).status).toBe(200);

      expect((await logout(second.refreshToken)).status).toBe(204);
      for (const token of [first.accessToken, second.accessToken]) {
        const res = await me(token);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'the token is no longer valid; log in again' });
      }
      expect((await me(elsewhere.accessToken)).status).toBe(200);
      expect((await env.http().get('/api/funding-streams').set(bearer(elsewhere.accessToken))).status).toBe(200);
    });

    it('stop at once when a reused refresh token revokes the login, for the thief and the holder alike; other logins carry on', async () => {
      const officer = await givenOfficer();
      const stolen = await start(officer);
      const elsewhere = await start(officer);
      const legit = (await refresh(stolen.refreshToken)).body as Session;
      expect((await me(legit.accessToken)).status).toBe(200);

      expect((await refresh(stolen.refreshToken)).status).toBe(401);
      expect((await me(stolen.accessToken)).status).toBe(401);
      expect((await me(legit.accessToken)).status).toBe(401);
      expect((await me(elsewhere.accessToken)).status).toBe(200);
    });

    it('stop once their login has expired', async () => {
      const session = await start(await givenOfficer());
      await env.db.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [session.user.id]);
      expect((await me(session.accessToken)).status).toBe(401);
    });

    it('stop the queue dashboard too', async () => {
      const session = await start({ email: 'admin@demo.ringfence.local', password: DEMO_PASSWORD });
      expect((await env.http().get('/api/admin/queues').set(bearer(session.accessToken))).status).toBe(200);
      await logout(session.refreshToken).expect(204);
      expect((await env.http().get('/api/admin/queues').set(bearer(session.accessToken))).status).toBe(401);
    });

    it('refuse a token without a login, or naming an unknown login or another user\'s', async () => {
      const session = await start(await givenOfficer());
      const other = await start(await givenOfficer());
      const control = await accessTokenFor(env, session.user.id);
      expect((await me(control.token)).status).toBe(200);
      for (const sid of [undefined, '00000000-0000-4000-8000-000000000000', other.user.id, control.loginId.toUpperCase() + 'x']) {
        const { token } = await accessTokenFor(env, session.user.id, { claims: { sid } });
        expect([sid, (await me(token)).status]).toEqual([sid, 401]);
      }
      const otherLogin = (await env.db.query(`SELECT family_id FROM refresh_token WHERE user_id = $1`, [other.user.id])) as [{ family_id: string }];
      const { token: borrowed } = await accessTokenFor(env, session.user.id, { claims: { sid: otherLogin[0].family_id } });
      expect((await me(borrowed)).status).toBe(401);
    });

    /** The guard runs on every request: reloading the user and checking the login is one statement. */
    it('cost the guard one database statement per request', async () => {
      const session = await start(await givenOfficer());
      const dataSource = env.app.get(DataSource);
      const logger = dataSource.logger;
      const original = logger.logQuery;
      const statements: string[] = [];
      logger.logQuery = (query, parameters, runner) => {
        statements.push(query);
        return original.call(logger, query, parameters, runner);
      };
      try {
        expect((await me(session.accessToken)).status).toBe(200);
      } finally {
        logger.logQuery = original;
      }
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/FROM "app_user".*EXISTS \(SELECT 1 FROM refresh_token/s);
    });
  });

  describe('are only what this API issues', () => {
    const secret = () => env.env['JWT_SECRET']!;

    async function claimsFor(email: string): Promise<Record<string, unknown>> {
      const session = await start({ email, password: DEMO_PASSWORD });
      const now = Math.floor(Date.now() / 1000);
      const [{ family_id }] = (await env.db.query(`SELECT family_id FROM refresh_token WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [session.refreshToken])) as [{ family_id: string }];
      return { sub: session.user.id, role: session.user.role, org: session.user.organisationId, typ: 'access', sid: family_id, iat: now, exp: now + 300 };
    }

    it('refuse a token without exp, signed with the right key', async () => {
      const claims = await claimsFor('viewer@demo.ringfence.local');
      // The same forging with exp is accepted, so the refusal is about exp alone.
      expect((await me(forgeJwt(secret(), { alg: 'HS256', typ: 'JWT' }, claims))).status).toBe(200);
      const { exp: _exp, ...withoutExp } = claims;
      const res = await me(forgeJwt(secret(), { alg: 'HS256', typ: 'JWT' }, withoutExp));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ message: 'the token is invalid or has expired' });
    });

    it.each(['HS512', 'HS384', 'none'])('refuse a token signed with %s instead of HS256', async (alg) => {
      const claims = await claimsFor('finance@demo.ringfence.local');
      expect((await me(forgeJwt(secret(), { alg, typ: 'JWT' }, claims))).status).toBe(401);
    });

    it('cannot be forged with a key from the repository: production refuses to start with one', async () => {
      for (const key of ['ringfence-development-secret-do-not-use-in-production', 'change-me-this-placeholder-is-not-a-secret-0000']) {
        await expect(createTestEnv({ NODE_ENV: 'production', JWT_SECRET: key })).rejects.toThrow(/^Invalid configuration: JWT_SECRET is a value published in the Ringfence repository/);
      }
      await expect(createTestEnv({ NODE_ENV: 'production', JWT_SECRET: '0123456789abcdef'.repeat(3) })).rejects.toThrow(/^Invalid configuration: JWT_SECRET is a repeated or sequential pattern/);
    }, 60_000);

    it('sign with HS256 and an exp JWT_TTL ahead', async () => {
      const session = await start({ email: 'viewer@demo.ringfence.local', password: DEMO_PASSWORD });
      const [header, payload] = session.accessToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, number | string>);
      expect(header).toMatchObject({ alg: 'HS256' });
      expect(Number(payload!['exp']) - Number(payload!['iat'])).toBe(15 * 60);
    });
  });
});
