import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv } from '../helpers/demo.js';

describe('structured logs', () => {
  let env: TestEnv;
  let output = '';
  beforeAll(async () => {
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    env = await demoEnv({ LOG_LEVEL: 'info' }, { logDestination: destination });
  }, 60_000);
  afterAll(() => env.close());

  const lines = () =>
    output
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes JSON lines, each request with the request id it echoed back', async () => {
    const res = await env.http().get('/api/awards').set('X-Request-Id', 'log-test-request-1');
    expect(res.status).toBe(401);
    const line = lines().find((l) => l['requestId'] === 'log-test-request-1');
    expect(line).toMatchObject({ level: expect.any(Number), requestId: 'log-test-request-1', res: { statusCode: 401 } });
  });

  it('never writes passwords, hashes, tokens or authorization headers', async () => {
    const login = await env.http().post('/api/auth/login').set('X-Request-Id', 'log-test-login').send({ email: 'admin@demo.ringfence.local', password: DEMO_PASSWORD });
    const token = login.body.accessToken as string;
    await env.http().get('/api/users').set('Authorization', `Bearer ${token}`).set('X-Request-Id', 'log-test-users');
    await env.http().post('/api/users').set('Authorization', `Bearer ${token}`).send({ email: 'logged@test.ringfence.local', name: 'L', role: 'viewer', password: 'secret-password-in-body' });
    await env.http().post('/api/auth/login').send({ email: 'admin@demo.ringfence.local', password: 'wrong-password-typed' });
    expect(lines().some((l) => l['requestId'] === 'log-test-users')).toBe(true);
    for (const secret of [DEMO_PASSWORD, token, token.split('.')[2]!, 'secret-password-in-body', 'wrong-password-typed', '$argon2id$', env.env['JWT_SECRET']!]) {
      expect(output.includes(secret)).toBe(false);
    }
  });

  it('never writes refresh tokens or the access tokens a refresh issues, even when a reuse is logged', async () => {
    const first = await env.http().post('/api/auth/login').send({ email: 'finance@demo.ringfence.local', password: DEMO_PASSWORD });
    const second = await env.http().post('/api/auth/refresh').set('X-Request-Id', 'log-test-refresh').send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    // Presenting the traded token again is logged as a warning: by user and family, never by token.
    const reuse = await env.http().post('/api/auth/refresh').set('X-Request-Id', 'log-test-reuse').send({ refreshToken: first.body.refreshToken });
    expect(reuse.status).toBe(401);
    const third = await env.http().post('/api/auth/login').send({ email: 'finance@demo.ringfence.local', password: DEMO_PASSWORD });
    await env.http().post('/api/auth/logout').set('X-Request-Id', 'log-test-logout').send({ refreshToken: third.body.refreshToken });

    const logged = lines();
    expect(logged.some((l) => l['requestId'] === 'log-test-logout')).toBe(true);
    expect(logged.some((l) => l['requestId'] === 'log-test-reuse' && /refresh token was presented again/.test(String(l['msg'])))).toBe(true);
    const secrets = [first.body.refreshToken, second.body.refreshToken, third.body.refreshToken, first.body.accessToken, second.body.accessToken, third.body.accessToken];
    expect(secrets.every((s) => typeof s === 'string' && s.length > 20)).toBe(true);
    for (const secret of secrets) {
      expect(output.includes(secret)).toBe(false);
      // The random part alone, in case something logs it without its prefix or header.
      expect(output.includes(secret.slice(-24))).toBe(false);
    }
  });

  it('logs a server error without the failed query\'s parameters (a new user\'s password hash)', async () => {
    const admin = await env.http().post('/api/auth/login').send({ email: 'admin@demo.ringfence.local', password: DEMO_PASSWORD });
    // A real failure inside PostgreSQL while inserting a user: the INSERT carries the hash.
    await env.db.query(`
      CREATE FUNCTION log_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'log test: storage unavailable'; END $$;
      CREATE TRIGGER log_test_refuse BEFORE INSERT ON app_user FOR EACH ROW EXECUTE FUNCTION log_test_refuse();
    `);
    try {
      const res = await env.http().post('/api/users').set('Authorization', `Bearer ${admin.body.accessToken}`).set('X-Request-Id', 'log-test-500').send({
        email: 'unlucky@test.ringfence.local',
        name: 'Unlucky',
        role: 'viewer',
        password: 'hash-me-then-fail-please',
      });
      expect(res.status).toBe(500);
    } finally {
      await env.db.query(`DROP TRIGGER log_test_refuse ON app_user; DROP FUNCTION log_test_refuse();`);
    }
    const error = lines().find((l) => l['requestId'] === 'log-test-500' && l['level'] === 50);
    expect(error).toMatchObject({ err: { message: expect.stringContaining('storage unavailable') } });
    expect(JSON.stringify(error)).not.toContain('$argon2id$');
    expect(output).not.toContain('$argon2id$');
    expect(output).not.toContain('hash-me-then-fail-please');
  });
});
