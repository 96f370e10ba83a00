import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { connect, type Socket } from 'node:net';
import { WebSessionStore } from '../../apps/web/src/common/session.js';
import { freePort, TestRedis } from '../helpers/processes.js';
import { WebProbeController } from '../helpers/web-probe.controller.js';
import { loadDemo, REDIS_URL } from '../helpers/test-env.js';
import { createWebTestEnv, csrfTokenIn, demoUser, sessionCookieFrom, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * What a signed-in page costs the session store (issue 17.6, docs/web-contract.md#security): no
 * command while the session is unchanged (it is read once, then kept in memory while Redis tracks
 * it), none written while the saved time of the last request is within the activity window (here
 * a minute: the default 30-minute idle timeout), and a change or an end made by another connection
 * seen at the next request. Redis's MONITOR shows every command on the session's key; no timing
 * is asserted.
 */
describe('web sessions: what a page writes to Redis', () => {
  let env: WebTestEnv;
  let redis: Redis;
  let monitor: Socket;
  /** Every command naming a key, as `COMMAND key`. */
  const seen: string[] = [];

  beforeAll(async () => {
    env = await createWebTestEnv({}, { controllers: [WebProbeController] });
    await loadDemo(env);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    monitor = await watchCommands((command) => seen.push(command));
  }, 120_000);

  afterAll(async () => {
    monitor?.destroy();
    redis?.disconnect();
    await env?.close();
  }, 60_000);

  function sessionIdOf(cookie: string): string {
    return decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!).slice(2).split('.')[0]!;
  }

  function sessionKey(cookie: string): string {
    return `${env.queuePrefix}:web-session:${sessionIdOf(cookie)}`;
  }

  /** The commands on `key` while `work` runs: a marker read after it says MONITOR has shown them all. */
  async function commandsOn(key: string, work: () => Promise<void>): Promise<string[]> {
    const marker = `${key}:monitor-marker-${Math.random().toString(36).slice(2)}`;
    seen.length = 0;
    await work();
    await redis.get(marker);
    for (let i = 0; i < 200 && !seen.includes(`GET ${marker}`); i++) await new Promise((r) => setTimeout(r, 25));
    expect(seen).toContain(`GET ${marker}`);
    return seen.filter((c) => c.endsWith(` ${key}`)).map((c) => c.split(' ')[0]!);
  }

  it('reads an unchanged session from memory and writes nothing within the activity window', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const key = sessionKey(cookie);
    // Every save sets the TTL to the idle timeout plus the window: the key outlives the idle rule.
    expect(await redis.ttl(key)).toBeGreaterThan(30 * 60);
    // The first page reads the session from Redis (the sign-in's own write dropped this process's copy).
    expect(await commandsOn(key, async () => void expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200))).toEqual(['GET']);
    // Then Redis tracks the key for this process, which keeps the session until Redis says it changed.
    const commands = await commandsOn(key, async () => {
      for (let i = 0; i < 2; i++) expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200);
    });
    expect(commands).toEqual([]);
  });

  it('a session ended elsewhere (another process, an operator) is refused at the very next request', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const key = sessionKey(cookie);
    for (let i = 0; i < 2; i++) expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200);
    await redis.del(key);
    const commands = await commandsOn(key, async () => {
      const page = await env.site().get('/').set('Cookie', cookie);
      expect(page.status).toBe(303);
      expect(page.headers['location']).toMatch(/^\/sign-in/);
    });
    expect(commands[0]).toBe('GET');
  });

  it('never answers from the kept copy while a write or delete of it is on its way', async () => {
    // A read that starts while this process's own write is on its way must see the write, not
    // the copy kept from before it (the store drops the copy before it sends the write).
    const store = env.web.get(WebSessionStore).store;
    const sid = `kept-copy-${Math.random().toString(36).slice(2)}`;
    const read = async () => {
      const json = await store.read(sid);
      return json === null ? null : (JSON.parse(json) as { step: number });
    };
    await store.write(sid, JSON.stringify({ step: 1 }));
    expect((await read())?.step).toBe(1);
    const kept = await commandsOn(`${env.queuePrefix}:web-session:${sid}`, async () => void expect((await read())?.step).toBe(1));
    expect(kept).toEqual([]);
    for (let step = 2; step < 12; step++) {
      const writing = store.write(sid, JSON.stringify({ step }));
      expect((await read())?.step).toBe(step);
      await writing;
    }
    // Signing out likewise: once kept again, a read while the delete is on its way finds no session.
    expect((await read())?.step).toBe(11);
    const ending = store.remove(sid);
    expect(await read()).toBeNull();
    await ending;
  });

  it('writes a changed session before the response goes: the redirect a browser follows finds the new session', async () => {
    // Each write is held back 300 ms: a response sent before its write completes would arrive first.
    const store = env.web.get(WebSessionStore).store;
    const write = store.write.bind(store);
    const written: string[] = [];
    store.write = async (id, json) => {
      await new Promise((r) => setTimeout(r, 300));
      await write(id, json);
      written.push(id);
    };
    try {
      const page = await env.site().get('/sign-in');
      const first = sessionCookieFrom(page)!;
      // The sign-in page's session (its CSRF token) is in Redis before the page arrives.
      expect(written).toEqual([sessionIdOf(first)]);
      const res = await env.site().post('/sign-in').set('Cookie', first).type('form').send({ _csrf: csrfTokenIn(page.text), email: demoUser('viewer').email, password: demoUser('viewer').password });
      expect(res.status).toBe(303);
      const cookie = sessionCookieFrom(res)!;
      expect(written).toEqual([sessionIdOf(first), sessionIdOf(cookie)]);
      expect((JSON.parse((await redis.get(sessionKey(cookie)))!) as { user: { email: string } }).user.email).toBe(demoUser('viewer').email);
      // The id from before sign-in is gone from Redis.
      expect(await redis.exists(sessionKey(first))).toBe(0);
    } finally {
      store.write = write;
    }
  });

  it('sends no page as if a change were saved when its write fails: the error page, no new cookie', async () => {
    const store = env.web.get(WebSessionStore).store;
    const write = store.write.bind(store);
    const page = await env.site().get('/sign-in');
    const first = sessionCookieFrom(page)!;
    store.write = () => Promise.reject(new Error('Redis went away'));
    try {
      const res = await env.site().post('/sign-in').set('Cookie', first).type('form').send({ _csrf: csrfTokenIn(page.text), email: demoUser('viewer').email, password: demoUser('viewer').password });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(res.text).toContain('Sorry, there is a problem with the service');
      expect(sessionCookieFrom(res)).toBeUndefined();
      expect(res.headers['location']).toBeUndefined();
      // A write at the end of a page (a new visitor's session, for the sign-in form's token) likewise.
      const fresh = await env.site().get('/sign-in');
      expect(fresh.status).toBeGreaterThanOrEqual(500);
      expect(fresh.text).toContain('Sorry, there is a problem with the service');
      expect(sessionCookieFrom(fresh)).toBeUndefined();
      expect(fresh.text).not.toContain('name="_csrf"');
    } finally {
      store.write = write;
    }
  });

  it('reads nothing for a cookie whose signature is not ours, and treats the visitor as signed out', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const key = sessionKey(cookie);
    const id = sessionIdOf(cookie);
    const forged = `ringfence.sid=${encodeURIComponent(`s:${id}.${'A'.repeat(43)}`)}`;
    const commands = await commandsOn(key, async () => {
      const res = await env.site().get('/').set('Cookie', forged);
      expect(res.status).toBe(303);
      expect(res.headers['location']).toMatch(/^\/sign-in/);
    });
    expect(commands).toEqual([]);
    // The real cookie still works, and an unchanged page sets no cookie.
    const home = await env.site().get('/').set('Cookie', cookie);
    expect(home.status).toBe(200);
    expect(home.headers['set-cookie']).toBeUndefined();
  });

  it('clears the cookie at sign-out and deletes the session', async () => {
    const { cookie, csrf } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const res = await env.site().post('/sign-out').set('Cookie', cookie).type('form').send({ _csrf: csrf });
    expect(res.status).toBe(303);
    const cleared = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ringfence.sid='));
    expect(cleared).toMatch(/^ringfence\.sid=;.*Expires=Thu, 01 Jan 1970/);
    expect(await redis.exists(sessionKey(cookie))).toBe(0);
  });

  it('sets the cookie of a new session on a streamed response (headers before the end), and saves the session under it', async () => {
    const res = await env.site().get('/test-probe/streamed-session');
    expect(res.status).toBe(200);
    expect(res.text).toBe('first part\nlast part\n');
    const cookie = sessionCookieFrom(res)!;
    expect(cookie).toMatch(/^ringfence\.sid=s%3A/);
    expect(JSON.parse((await redis.get(sessionKey(cookie)))!)).toEqual({ flash: { key: 'probe.streamed', params: {} } });
  });

  it('starts afresh from a session whose saved value is not JSON: signed out, never a fault', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    await redis.set(sessionKey(cookie), 'not json {', 'EX', 60);
    const res = await env.site().get('/').set('Cookie', cookie);
    expect(res.status).toBe(303);
    expect(res.headers['location']).toMatch(/^\/sign-in/);
  });

  it('saves the time of the last request once it is older than the window, with a fresh TTL', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const key = sessionKey(cookie);
    // The session is in this process's memory: the change below is seen because Redis says so.
    for (let i = 0; i < 2; i++) expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200);
    // As if the last saved request were two minutes ago (well within the idle timeout).
    const stale = Date.now() - 120_000;
    const stored = JSON.parse((await redis.get(key))!) as { lastSeenAt: number };
    await redis.set(key, JSON.stringify({ ...stored, lastSeenAt: stale }), 'EX', 60);
    const commands = await commandsOn(key, async () => {
      expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200);
    });
    expect(commands).toEqual(['GET', 'SET']);
    expect((JSON.parse((await redis.get(key))!) as { lastSeenAt: number }).lastSeenAt).toBeGreaterThan(stale);
    expect(await redis.ttl(key)).toBeGreaterThan(30 * 60);
  });
});

describe('web sessions kept in memory while Redis is away', () => {
  let env: WebTestEnv;
  let redis: TestRedis;

  beforeAll(async () => {
    redis = new TestRedis(await freePort());
    await redis.start();
    env = await createWebTestEnv({ REDIS_URL: redis.url });
    await loadDemo(env);
  }, 120_000);

  afterAll(async () => {
    await env?.close().catch(() => undefined);
    await redis?.stop();
  }, 60_000);

  it('serves no page from a kept session once the connection is gone, and none of the old sessions after', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    for (let i = 0; i < 2; i++) expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200);
    await redis.stop();
    // The client drops what it kept when its connection closes: the page is the error page, not the viewer's home.
    await new Promise((r) => setTimeout(r, 200));
    const during = await env.site().get('/').set('Cookie', cookie);
    expect(during.status).toBeGreaterThanOrEqual(500);
    expect(during.text).not.toContain(demoUser('viewer').email);
    // Redis is back, empty (no persistence here): the session is gone and the browser is asked to sign in.
    await redis.start();
    let after = await env.site().get('/').set('Cookie', cookie);
    for (let i = 0; i < 50 && after.status >= 500; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await env.site().get('/').set('Cookie', cookie);
    }
    expect(after.status).toBe(303);
    expect(after.headers['location']).toMatch(/^\/sign-in/);
  }, 60_000);
});

/**
 * Every command Redis runs that names a key, as `COMMAND key`, from a MONITOR connection of its
 * own. A plain socket, not ioredis's monitor(): when other test files keep Redis busy, MONITOR's
 * first lines can arrive in the same read as its OK, before ioredis has switched the connection to
 * monitor mode, and it fails with "Command queue state error" (it did in CI). Each line is
 * `+<time> [<db> <client>] "command" "key" ...`.
 */
async function watchCommands(onCommand: (command: string) => void): Promise<Socket> {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connect(Number(port || 6379), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered = '';
  let started!: () => void;
  const ok = new Promise<void>((resolve) => (started = resolve));
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line === '+OK') started();
      const args = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
      if (args.length > 1) onCommand(`${args[0]!.toUpperCase()} ${args[1]}`);
    }
  });
  socket.write('MONITOR\r\n');
  await ok;
  return socket;
}
