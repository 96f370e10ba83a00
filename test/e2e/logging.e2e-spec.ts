import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed.js';
import { createTestEnv, loadDemo, type TestEnv } from '../helpers/test-env.js';

describe('structured logs', () => {
  let env: TestEnv;
  let output = '';
  beforeAll(async () => {
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    env = await createTestEnv({ LOG_LEVEL: 'info' }, { logDestination: destination });
    await loadDemo(env);
  });
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
});
