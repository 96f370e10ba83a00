import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/api.bootstrap.js';
import { createTestEnv, login, type TestEnv } from '../helpers/test-env.js';
import { accessTokenFor } from '../helpers/tokens.js';

const ALLOWED = 'https://grants.example.org';
const ALSO_ALLOWED = 'http://localhost:5173';
const STRANGER = 'https://evil.example.net';

/** What must never reach a client: stack frames, source paths, SQL and driver wording. */
const INTERNALS = /\bat [\w.<>]+ \(|\.[jt]s:\d+|node_modules|\/work\/|\/app\/|"stack"|QueryFailedError|relation "|syntax error at|SELECT |INSERT |ECONNREFUSED/;

function expectErrorShape(body: unknown, statusCode: number): void {
  expect(body).toMatchObject({ statusCode, error: expect.any(String), message: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(INTERNALS);
}

/**
 * HTTP hardening, on an API running as production (NODE_ENV=production for both our config and
 * Express) with two allowed CORS origins and a small report limit so the window can pass.
 */
describe('HTTP hardening', () => {
  let env: TestEnv;
  let admin: string;
  let viewer: string;
  const previousNodeEnv = process.env['NODE_ENV'];

  beforeAll(async () => {
    process.env['NODE_ENV'] = 'production';
    env = await createTestEnv({ NODE_ENV: 'production', CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}`, REPORT_RATE_LIMIT: '3', REPORT_RATE_LIMIT_WINDOW: '5s' });
    admin = await login(env, env.env['ADMIN_EMAIL']!, env.env['ADMIN_PASSWORD']!);
    const created = await env.http().post('/api/users').set('Authorization', `Bearer ${admin}`).send({
      email: 'panel.member@test.ringfence.local',
      name: 'Panel Member',
      role: 'viewer',
      password: 'quiet-harbour-lantern',
    });
    expect(created.status).toBe(201);
    viewer = await login(env, 'panel.member@test.ringfence.local', 'quiet-harbour-lantern');
  }, 60_000);
  afterAll(async () => {
    await env.close();
    process.env['NODE_ENV'] = previousNodeEnv;
  });

  describe('security headers', () => {
    it.each([
      ['a successful answer', '/health'],
      ['an error answer', '/api/awards'],
      ['an unknown route', '/api/no-such-route'],
    ])('sets helmet headers and hides Express on %s', async (_what, path) => {
      const res = await env.http().get(path);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('CORS', () => {
    it('echoes an allowed origin, without credentials, and exposes the request id', async () => {
      for (const origin of [ALLOWED, ALSO_ALLOWED]) {
        const res = await env.http().get('/api/auth/me').set('Origin', origin).set('Authorization', `Bearer ${viewer}`);
        expect(res.status).toBe(200);
        expect(res.headers['access-control-allow-origin']).toBe(origin);
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
        expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
        expect(res.headers['vary']).toMatch(/Origin/);
      }
    });

    it('answers a preflight from an allowed origin', async () => {
      const res = await env
        .http()
        .options('/api/awards')
        .set('Origin', ALLOWED)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers['access-control-allow-methods']).toContain('POST');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(res.headers['access-control-allow-headers']).toMatch(/Idempotency-Key/);
    });

    it('gives a disallowed origin no Access-Control-Allow-Origin, on requests and preflights', async () => {
      const get = await env.http().get('/api/auth/me').set('Origin', STRANGER).set('Authorization', `Bearer ${viewer}`);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      // An origin differing only by a trailing slash, scheme or port is another origin.
      for (const near of [`${ALLOWED}/`, 'http://grants.example.org', 'https://grants.example.org:8443']) {
        const res = await env.http().get('/health').set('Origin', near);
        expect([near, res.headers['access-control-allow-origin']]).toEqual([near, undefined]);
      }
      const preflight = await env.http().options('/api/awards').set('Origin', STRANGER).set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sends no CORS headers at all when CORS_ORIGINS is not set', async () => {
      const closed = await createTestEnv();
      try {
        const res = await closed.http().get('/health').set('Origin', ALLOWED);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        const preflight = await closed.http().options('/api/awards').set('Origin', ALLOWED).set('Access-Control-Request-Method', 'POST');
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
      } finally {
        await closed.close();
      }
    }, 60_000);
  });

  describe('request bodies', () => {
    it('answers 413 in the error shape for a JSON body over 1 MB, before authentication', async () => {
      const big = { email: 'a@b.org', password: 'x'.repeat(1024 * 1024 + 10) };
      const res = await env.http().post('/api/auth/login').send(big);
      expect(res.status).toBe(413);
      expectErrorShape(res.body, 413);
      expect(res.body.error).toBe('Payload Too Large');
      const authed = await env.http().post('/api/awards').set('Authorization', `Bearer ${admin}`).send(big);
      expect(authed.status).toBe(413);
    });

    it('still takes a body just under the limit', async () => {
      const res = await env.http().post('/api/auth/login').send({ email: 'a@b.org', password: 'x'.repeat(1000 * 1000) });
      expect(res.status).toBe(400); // parsed, then refused by validation (password at most 200), not 413
      expect(res.body.message).toMatch(/password/);
    });

    it('answers 400 in the error shape for malformed JSON, without internals', async () => {
      const res = await env.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.org", "password": ');
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400);
    });

    it('answers 400 for a body reaching for an object prototype', async () => {
      const res = await env.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":"a@b.org","password":"x","__proto__":{"admin":true}}');
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400);
      expect(res.body.message).toContain('__proto__');
    });

    const DEPTH_REFUSED = 'request bodies may nest at most 32 levels of objects and arrays';
    const json = (path: string, body: string, token?: string) => {
      const req = env.http().post(path).set('Content-Type', 'application/json');
      return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body);
    };

    it.each([
      ['arrays', '['.repeat(5000) + ']'.repeat(5000)],
      ['objects', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
      ['both, inside a valid login', `{"email":"a@b.org","password":"x","extra":${'[{"k":'.repeat(2500)}1${'}]'.repeat(2500)}}`],
    ])('answers 400 naming the depth limit for %s nested 5,000 levels deep, logged in or not, writing nothing', async (_kind, body) => {
      const organisations = await env.db.query(`SELECT count(*)::int AS n FROM organisation`);
      for (const res of [await json('/api/auth/login', body), await json('/api/organisations', body, admin)]) {
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400);
        expect(res.body.message).toBe(DEPTH_REFUSED);
      }
      expect(await env.db.query(`SELECT count(*)::int AS n FROM organisation`)).toEqual(organisations);
    });

    it('parses 32 levels, refuses 33, and does not count brackets inside strings', async () => {
      const nested = (n: number) => `{"email":"a@b.org","password":"x","extra":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
      const at32 = await json('/api/auth/login', nested(32));
      expect(at32.status).toBe(400);
      expect(at32.body.message).toMatch(/extra/); // parsed, then the unknown field is refused
      expect((await json('/api/auth/login', nested(33))).body.message).toBe(DEPTH_REFUSED);
      // 80 openers, a quote and a backslash inside the strings: text, not nesting.
      const bracketsInText = JSON.stringify({ email: `[{"\\${'[{'.repeat(40)}@b.org`, password: '"[[[' });
      const res = await json('/api/auth/login', bracketsInText);
      expect(res.status).toBe(401);
    });
  });

  describe('errors in production', () => {
    it('answers an unknown route with a plain 404 in the error shape', async () => {
      for (const method of ['get', 'post', 'delete'] as const) {
        const res = await env.http()[method]('/api/no-such-route');
        expect(res.status).toBe(404);
        expectErrorShape(res.body, 404);
      }
      // Outside /api only Express answers (Nest's not-found handler covers the prefix): a bare 404.
      const outside = await env.http().get('/no-such-route');
      expect(outside.status).toBe(404);
      expect(outside.text).not.toMatch(INTERNALS);
    });

    /**
     * A real internal error, not a test-only route: the database loses a table under the running
     * API (as a half-applied migration or a restore would do), so the route's query fails inside
     * pg. The answer must be a generic 500 naming only the request id.
     */
    it('answers a database failure with a generic 500: no SQL, no table names, no stack', async () => {
      await env.db.query(`ALTER TABLE funding_source RENAME TO funding_source_moved_away`);
      try {
        const res = await env.http().get('/api/funding-sources').set('Authorization', `Bearer ${admin}`).set('X-Request-Id', 'hardening-500');
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: expect.stringContaining('X-Request-Id') });
        expect(res.headers['x-request-id']).toBe('hardening-500');
        expect(res.text).not.toMatch(/funding_source|relation|does not exist/);
        expect(res.text).not.toMatch(INTERNALS);
      } finally {
        await env.db.query(`ALTER TABLE funding_source_moved_away RENAME TO funding_source`);
      }
      expect((await env.http().get('/api/funding-sources').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    });

    it('keeps validation and auth answers free of internals', async () => {
      const answers = [
        await env.http().get('/api/awards/not-a-uuid').set('Authorization', `Bearer ${admin}`),
        await env.http().get('/api/awards/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${admin}`),
        await env.http().get('/api/awards').set('Authorization', 'Bearer not.a.token'),
        await env.http().post('/api/auth/refresh').send({ refreshToken: 'rft_nothing' }),
      ];
      expect(answers.map((a) => a.status)).toEqual([400, 404, 401, 401]);
      for (const a of answers) expectErrorShape(a.body, a.status);
    });
  });

  describe('ids in the path', () => {
    /** A UUID in `/:id` skips class-validator (apps/api/src/common/validation.ts); anything else must still be refused by it, naming the field. */
    it('refuses an id that is not a UUID with a 400 naming `id`, and answers a well-formed unknown id with a 404', async () => {
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-00000000000', '00000000-0000-4000-8000-0000000000000', '%20', "1' OR '1'='1"]) {
        const res = await env.http().get(`/api/awards/${encodeURIComponent(id)}`).set('Authorization', `Bearer ${admin}`);
        expect({ id, status: res.status }).toEqual({ id, status: 400 });
        expect(res.body.errors).toEqual([{ field: 'id', messages: [expect.stringMatching(/UUID/)] }]);
      }
      for (const id of ['00000000-0000-4000-8000-000000000000', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11']) {
        const res = await env.http().get(`/api/awards/${id}`).set('Authorization', `Bearer ${admin}`);
        expect({ id, status: res.status }).toEqual({ id, status: 404 });
      }
    });
  });

  describe('report and export rate limits', () => {
    const report = (token: string) => env.http().get('/api/reports/finance?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    const exported = (token: string) => env.http().get('/api/exports/360giving/quality?financialYear=2014/15').set('Authorization', `Bearer ${token}`);
    const returnsReport = (token: string) => env.http().get('/api/reports/returns?financialYear=2014/15').set('Authorization', `Bearer ${token}`);

    it('answers 429 with Retry-After past the per-user limit, counts users apart, and lets the user in again after the window', async () => {
      // At once, so all four fall inside one window (5 s: long enough for a machine that also runs
      // Jest's other worker and a browser, short enough to wait out).
      const answers = await Promise.all([0, 1, 2, 3].map(() => report(admin)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 429]);
      const refused = answers.find((a) => a.status === 429)!;
      expectErrorShape(refused.body, 429);
      expect(refused.body).toMatchObject({ error: 'Too Many Requests', code: 'RATE_LIMITED' });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(5);

      // Another user, and the same user's exports, have their own counts.
      expect((await returnsReport(viewer)).status).toBe(200);
      // No committed awards in this database: the export answers 404, but is not refused.
      expect((await exported(admin)).status).toBe(404);

      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 200));
      expect((await report(admin)).status).toBe(200);
    }, 30_000);

    it('is counted in Redis, so a second API process refuses the same user too', async () => {
      let second: INestApplication | undefined;
      try {
        second = await createApiApp(env.env);
        await second.init();
        const apps = [env.app, second, env.app, second];
        const answers = await Promise.all(apps.map((app) => request(app.getHttpServer()).get('/api/exports/360giving/quality?financialYear=2014/15').set('Authorization', `Bearer ${viewer}`)));
        // 404: nothing to export in this database, which is all the three let through need to show.
        expect(answers.map((a) => a.status).sort()).toEqual([404, 404, 404, 429]);
      } finally {
        await second?.close();
      }
    }, 60_000);

    it('applies to every report and export route', async () => {
      for (const path of ['/api/reports/grants', '/api/reports/returns', '/api/reports/outcomes', '/api/exports/360giving']) {
        // Whatever this user's count already is, four quick requests cross a limit of three.
        const answers = await Promise.all([0, 1, 2, 3].map(() => env.http().get(`${path}?financialYear=2013/14`).set('Authorization', `Bearer ${admin}`)));
        const statuses = answers.map((a) => a.status);
        expect([path, statuses.includes(429)]).toEqual([path, true]);
        expect(statuses.every((s) => s < 500)).toBe(true);
      }
    });

    it('lets reports through when Redis is away (fail open), while login throttling refuses (fail closed)', async () => {
      const noRedis = await createTestEnv({ REDIS_URL: 'redis://127.0.0.1:1', REPORT_RATE_LIMIT: '1' });
      try {
        // Logging in needs the throttle's counters: without Redis it is refused, never waved through.
        const attempt = await noRedis.http().post('/api/auth/login').send({ email: 'first-admin@test.ringfence.local', password: 'amber-kettle-lantern-9' });
        expect(attempt.status).toBe(503);
        expect(attempt.body).not.toHaveProperty('accessToken');
        // A token signed with the app's own key, as a login before the outage would have issued.
        const [{ id }] = await noRedis.db.query(`SELECT id FROM app_user WHERE email = 'first-admin@test.ringfence.local'`);
        const { token } = await accessTokenFor(noRedis, id);
        // Over a limit of one, and still answered: the limit protects the database, not secrets.
        const answers = await Promise.all([0, 1, 2].map(() => noRedis.http().get('/api/reports/returns?financialYear=2014/15').set('Authorization', `Bearer ${token}`)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      } finally {
        await noRedis.close();
      }
    }, 60_000);
  });
});
