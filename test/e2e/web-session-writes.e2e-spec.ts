import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { connect, type Socket } from 'node:net';
import { loadDemo, REDIS_URL } from '../helpers/test-env.js';
import { createWebTestEnv, demoUser, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';

/**
 * What a signed-in page costs the session store (issue 17.6, docs/web-contract.md#security): one
 * read, and no write while the saved time of the last request is within the activity window (here
 * a minute: the default 30-minute idle timeout). Redis's MONITOR shows every command on the
 * session's key; no timing is asserted.
 */
describe('web sessions: what a page writes to Redis', () => {
  let env: WebTestEnv;
  let redis: Redis;
  let monitor: Socket;
  /** Every command naming a key, as `COMMAND key`. */
  const seen: string[] = [];

  beforeAll(async () => {
    env = await createWebTestEnv();
    await loadDemo(env);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    monitor = await watchCommands((command) => seen.push(command));
  }, 120_000);

  afterAll(async () => {
    monitor?.destroy();
    redis?.disconnect();
    await env?.close();
  }, 60_000);

  function sessionKey(cookie: string): string {
    const id = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
    return `${env.queuePrefix}:web-session:${id}`;
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

  it('reads the session once a page and writes nothing within the activity window', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const key = sessionKey(cookie);
    // Every save sets the TTL to the idle timeout plus the window: the key outlives the idle rule.
    expect(await redis.ttl(key)).toBeGreaterThan(30 * 60);
    const commands = await commandsOn(key, async () => {
      for (let i = 0; i < 2; i++) expect((await env.site().get('/').set('Cookie', cookie)).status).toBe(200);
    });
    expect(commands).toEqual(['GET', 'GET']);
  });

  it('saves the time of the last request once it is older than the window, with a fresh TTL', async () => {
    const { cookie } = await signInWithoutBrowser(env, demoUser('viewer').email, demoUser('viewer').password);
    const key = sessionKey(cookie);
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
