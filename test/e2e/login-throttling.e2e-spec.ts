import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { LOGIN_LIMITS } from '../../libs/domain/src/users/login-attempts.service.js';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed.js';
import { REDIS_URL, createTestEnv, loadDemo, type TestEnv } from '../helpers/test-env.js';
import { demoEnv } from '../helpers/demo.js';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter?: number;
}

/**
 * The login throttling policy of SECURITY.md: hard limits per account-and-address and per address;
 * per account across addresses, unfamiliar addresses are slowed to one attempt per turn, while an
 * address the account logged in from carries on. Tests log in from chosen loopback addresses
 * (127.0.0.x), so each address is a different client to the API.
 */
describe('login throttling', () => {
  let env: TestEnv;
  let port: number;
  let redis: Redis;

  beforeAll(async () => {
    env = await demoEnv();
    // Listening ourselves lets requests come from other loopback addresses; supertest reuses a
    // server that is already listening.
    const server = env.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await env.close();
  });

  /** Every test starts with no failures counted and no address known, whatever the tests before it did. */
  beforeEach(async () => {
    const keys = await redis.keys(`${env.queuePrefix}:login-*`);
    if (keys.length) await redis.del(...keys);
  });

  function loginFrom(address: string, email: string, password: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ email, password });
      const req = http.request(
        { host: '127.0.0.1', port, localAddress: address, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => {
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown>, retryAfter: retryAfter === undefined ? undefined : Number(retryAfter) });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const wrong = (address: string, email: string, i = 0) => loginFrom(address, email, `wrong-guess-${i}`);
  /** `failures` wrong passwords for `email`, spread over addresses 127.0.0.<from>..., two each. */
  async function failFromMany(email: string, failures: number, from: number): Promise<void> {
    for (let i = 0; i < failures; i++) expect((await wrong(`127.0.0.${from + Math.floor(i / 2)}`, email, i)).status).toBe(401);
  }
  /** The account's turn key holds the wait for unfamiliar addresses; deleting it stands in for waiting. */
  const turnKey = (email: string) => `${env.queuePrefix}:login-fail:turn:${email}`;
  /** A patient attacker: `failures` wrong passwords from addresses 127.0.0.<from>..., each after waiting its turn. */
  async function attack(email: string, failures: number, from: number): Promise<void> {
    for (let i = 0; i < failures; i++) {
      await redis.del(turnKey(email));
      expect((await wrong(`127.0.0.${from + Math.floor(i / 2)}`, email, i)).status).toBe(401);
    }
  }

  describe('hard limits', () => {
    it('answers 429 with Retry-After after 10 failures for one account from one address', async () => {
      const attempts: Answer[] = [];
      for (let i = 0; i < 12; i++) attempts.push(await wrong('127.0.0.2', 'admin@demo.ringfence.local', i));
      expect(attempts.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(401));
      expect(attempts.slice(10).map((a) => a.status)).toEqual([429, 429]);
      expect(attempts[11]!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RATE_LIMITED' });
      expect(attempts[11]!.retryAfter).toBeGreaterThan(0);
      expect(attempts[11]!.retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.windowSeconds);
    });

    it('answers 429 for one address that failed 100 times across accounts, and not for other addresses', async () => {
      const sprayer = '127.0.0.21';
      for (let batch = 0; batch < 25; batch++) {
        const answers = await Promise.all([0, 1, 2, 3].map((i) => loginFrom(sprayer, `sprayed.${batch * 4 + i}@nowhere.example`, 'Summer2026!')));
        expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
      }
      expect((await loginFrom(sprayer, 'commissioner@demo.ringfence.local', DEMO_PASSWORD)).status).toBe(429);
      expect((await loginFrom('127.0.0.22', 'commissioner@demo.ringfence.local', DEMO_PASSWORD)).status).toBe(200);
    }, 120_000);

    it('ignores a forged X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
      const failFrom = (agent: TestEnv, forwardedFor: string) =>
        agent.http().post('/api/auth/login').set('X-Forwarded-For', forwardedFor).send({ email: 'viewer@demo.ringfence.local', password: 'not-the-password' });
      // No proxy trusted: every failure counts against the socket's address, whatever the header says.
      for (let i = 0; i < 10; i++) expect((await failFrom(env, `198.51.100.${i}`)).status).toBe(401);
      expect((await failFrom(env, '198.51.100.99')).status).toBe(429);

      // Behind a trusted proxy (here: loopback), the forwarded client address is the one counted.
      const proxied = await createTestEnv({ TRUST_PROXY: 'loopback' });
      try {
        await loadDemo(proxied);
        for (let i = 0; i < 10; i++) expect((await failFrom(proxied, '203.0.113.1')).status).toBe(401);
        expect((await failFrom(proxied, '203.0.113.1')).status).toBe(429);
        expect((await failFrom(proxied, '203.0.113.2')).status).toBe(401);
      } finally {
        await proxied.close();
      }
    }, 60_000);
  });

  describe('one account attacked from many addresses', () => {
    const email = 'admin@demo.ringfence.local';

    it('slows the attacker to one attempt per turn across all its addresses, the turn doubling with each failure', async () => {
      await failFromMany(email, LOGIN_LIMITS.perAccountBeforeSlowing, 31);
      // Twenty addresses at once, none used before: one gets the turn, the other nineteen wait.
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => wrong(`127.0.0.${60 + i}`, email, i)));
      expect(burst.map((a) => a.status).sort()).toEqual([401, ...Array(19).fill(429)]);
      const waiting = burst.filter((a) => a.status === 429);
      expect(waiting.every((a) => a.body['code'] === 'RATE_LIMITED' && a.retryAfter === 1)).toBe(true);

      // Waiting out the turn works, and the next turn is longer: 1 second, then 2.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await wrong('127.0.0.90', email)).status).toBe(401);
      const wait = await redis.pttl(turnKey(email));
      expect(wait).toBeGreaterThan(1_000);
      expect(wait).toBeLessThanOrEqual(2_000);
      const next = await wrong('127.0.0.91', email);
      expect(next.status).toBe(429);
      expect(next.retryAfter).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('caps the wait at 5 minutes, so the guessing rate is bounded rather than the account locked', async () => {
      await redis.set(`${env.queuePrefix}:login-fail:account:${email}`, '40', 'EX', LOGIN_LIMITS.accountWindowSeconds);
      expect((await wrong('127.0.0.92', email)).status).toBe(401);
      expect(await redis.ttl(turnKey(email))).toBeGreaterThan(LOGIN_LIMITS.maxSlowDownSeconds - 5);
      const slowed = await wrong('127.0.0.93', email);
      expect(slowed.status).toBe(429);
      expect(slowed.retryAfter).toBeGreaterThan(LOGIN_LIMITS.maxSlowDownSeconds - 5);
      expect(slowed.retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.maxSlowDownSeconds);
    });

    it('lets the owner in at once from an address they logged in from before, during the attack', async () => {
      const home = '127.0.0.30';
      expect((await loginFrom(home, email, DEMO_PASSWORD)).status).toBe(200);
      // The probe's attack: 30 failures from a mix of addresses, then the stranger keeps going.
      await attack(email, 30, 100);
      expect((await wrong('127.0.0.120', email)).status).toBe(429);

      const owner = await loginFrom(home, email, DEMO_PASSWORD);
      expect(owner.status).toBe(200);
      expect(owner.body).toHaveProperty('accessToken');
      // Repeatedly, not just once, and a typo there costs only that address's own count.
      expect((await wrong(home, email)).status).toBe(401);
      expect((await loginFrom(home, email, DEMO_PASSWORD)).status).toBe(200);
    }, 60_000);

    it('keeps the hard limit at the owner\'s usual address: someone there cannot guess without end either', async () => {
      const home = '127.0.0.32';
      expect((await loginFrom(home, email, DEMO_PASSWORD)).status).toBe(200);
      for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect((await wrong(home, email, i)).status).toBe(401);
      expect((await loginFrom(home, email, DEMO_PASSWORD)).status).toBe(429);
    });

    it('makes the owner at a new address wait their turn like anyone else; once in, that address is known', async () => {
      await attack(email, 30, 140);
      const phone = '127.0.0.180';
      const first = await loginFrom(phone, email, DEMO_PASSWORD);
      expect(first.status).toBe(429);
      expect(first.retryAfter).toBeGreaterThan(0);

      await redis.del(turnKey(email)); // their turn comes
      expect((await loginFrom(phone, email, DEMO_PASSWORD)).status).toBe(200);
      // The turn just taken is still running, yet the address now counts as the owner's.
      expect((await wrong('127.0.0.181', email)).status).toBe(429);
      expect((await loginFrom(phone, email, DEMO_PASSWORD)).status).toBe(200);
    }, 60_000);

    it('does not slow the account below its failure threshold, nor other accounts above it', async () => {
      await failFromMany(email, LOGIN_LIMITS.perAccountBeforeSlowing - 1, 200);
      expect((await loginFrom('127.0.0.210', email, DEMO_PASSWORD)).status).toBe(200);
      await redis.set(`${env.queuePrefix}:login-fail:account:${email}`, '40', 'EX', LOGIN_LIMITS.accountWindowSeconds);
      expect((await wrong('127.0.0.211', email)).status).toBe(401);
      expect((await wrong('127.0.0.212', email)).status).toBe(429);
      expect((await loginFrom('127.0.0.212', 'finance@demo.ringfence.local', DEMO_PASSWORD)).status).toBe(200);
    });
  });
});
