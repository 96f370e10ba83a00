// The real API as a benchmark subject: the compiled `dist/apps/api/src/main.js` in a child process
// with production settings, plus the staff user it is driven as. Shared by api.bench.js and
// approvals.bench.js; the bare servers they are compared with live beside this file.
import argon2 from 'argon2';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const API_MAIN = `${ROOT}dist/apps/api/src/main.js`;
export const PROBE = fileURLToPath(new URL('./query-probe.js', import.meta.url));
/** The API's pool size (dataSourceOptions default); the bare baselines use the same. */
export const POOL_SIZE = 10;

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Forks `script` with an IPC channel, collects its output for error messages, and resolves once
 * `ready()` says so. stop() sends SIGTERM, then SIGKILL after 5 s: a benchmark never leaves a child.
 */
export async function startChild(script, { env, execArgv = [], ready, name, timeoutMs = 60_000 }) {
  const child = fork(script, [], { env, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = once(child, 'exit').then(([code, signal]) => (exited = { code, signal }));

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`${name} exited (${exited.code ?? exited.signal}) before it was ready:\n${output}`);
      if (await ready().catch(() => false)) break;
      if (Date.now() > deadline) throw new Error(`${name} was not ready after ${timeoutMs} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  /** Sends a probe message and, for 'read' and 'profile-stop', waits for the reply (query-probe.js protocol). */
  const probe = async (message) => {
    const expected = { read: 'stats', 'profile-stop': 'profile' }[message.probe];
    const reply = expected
      ? new Promise((resolve) => {
          const listener = (m) => {
            if (m?.probe !== expected) return;
            child.off('message', listener);
            resolve(m);
          };
          child.on('message', listener);
          child.once('exit', () => resolve({ probe: expected, error: 'the process exited' }));
        })
      : null;
    child.send(message);
    return reply;
  };
  return { child, pid: child.pid, stop, probe, output: () => output };
}

/**
 * Starts the compiled API on a free port against `databaseUrl`. NODE_ENV=production and
 * LOG_LEVEL=warn: what a deployment runs, without a log line per request on the hot path of a
 * benchmark that would then measure stdout. `execArgv` adds flags (e.g. --cpu-prof).
 */
export async function startApi({ databaseUrl, redisUrl, jwtSecret = randomBytes(32).toString('hex'), execArgv = [], main = API_MAIN }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    // Its own queue namespace, so nothing it enqueues reaches a worker of another run.
    QUEUE_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
    PORT: String(port),
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
    // Whole-year reports and exports are limited per user (30 a minute by default): a benchmark
    // asks for hundreds, and timing 429s measures nothing. The highest limit the config allows.
    REPORT_RATE_LIMIT: '100000',
  };
  const api = await startChild(main, {
    env,
    execArgv: ['--import', PROBE, ...execArgv],
    name: 'the API',
    ready: async () => (await fetch(`${url}/health`)).ok,
  });
  return { ...api, url };
}

/**
 * A staff user for the run, written straight to the database (the API has no way to create the
 * first user other than ADMIN_EMAIL, which only works on an empty user table). Deleted by
 * deleteUser(); logging in only sets last_login_at, and GETs write nothing.
 */
export async function createStaffUser(pool, role = 'commissioner') {
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const email = `bench-${role}-${process.pid}-${randomBytes(3).toString('hex')}@bench.ringfence.local`;
  const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const { rows } = await pool.query(
    `INSERT INTO app_user (email, name, role, password_hash) VALUES ($1, 'Benchmark user', $2, $3) RETURNING id`,
    [email, role, hash],
  );
  return { id: rows[0].id, email, password, role };
}

export async function deleteUser(pool, user) {
  if (user) await pool.query(`DELETE FROM app_user WHERE id = $1`, [user.id]);
}

/** POST /api/auth/login; returns the bearer token. */
export async function login(url, user) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok || !body?.accessToken) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}
