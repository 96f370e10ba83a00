// Two builds of the web front end against each other and the API, requests interleaved, so both
// see the same load (test/bench/FINDINGS.md, web pages, rounds 5 and 6: on the shared 2-core
// machine a page's ratio moved up to 2x between two runs of the same build, while interleaved
// pairs agree). For each page named in BENCH_WEB_NAMES ('|' between names) from
// test/bench/web-pages/*.js: ROUNDS rounds after WARMUP, each timing the page on build A, the page
// on build B and the API calls, in an order that rotates every round; prints each side's median,
// the ratios to the API and the median of the paired differences B - A.
//
//   node test/bench/lib/compare-web-builds.js /path/to/before-checkout /path/to/after-checkout
//
// Each checkout must be built (`npm run build`: it reads its own dist/ and apps/web/views). Reads
// the bench database BENCH_DATABASE_NAME (default ringfence_bench_s1) and never writes it beyond
// the run's own users, as web-pages.bench.js does. ROUNDS (200) and WARMUP (20) from the env.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { median } from './measure.js';
import { createStaffUser, deleteUser, freePort, login, startApi, startChild } from '../baseline/ringfence-api.js';
import { get, signIn } from '../web-pages.bench.js';

const [rootA, rootB] = process.argv.slice(2);
if (!rootA || !rootB) throw new Error('usage: compare-web-builds.js <checkout A> <checkout B>');
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const WARMUP = Number(process.env.WARMUP ?? 20);
const host = process.env.BENCH_DATABASE_HOST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseUrl = host.replace(/\/[^/]*$/, `/${process.env.BENCH_DATABASE_NAME ?? 'ringfence_bench_s1'}`);
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const names = (process.env.BENCH_WEB_NAMES ?? '').split('|').map((x) => x.trim()).filter(Boolean);

const specs = [];
for (const file of ['shell', 'awards', 'finance', 'funding', 'monitoring', 'panel', 'partner']) {
  const mod = await import(new URL(`../web-pages/${file}.js`, import.meta.url).href);
  for (const p of mod.default ?? []) if (names.includes(p.name)) specs.push(p);
}
if (!specs.length) throw new Error('BENCH_WEB_NAMES names no page');

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const users = {};
const children = [];
try {
  for (const role of new Set(specs.map((p) => p.role))) users[role] = await createStaffUser(pool, role);
  const secret = randomBytes(32).toString('hex');
  const api = await startApi({ databaseUrl, redisUrl, jwtSecret: secret });
  children.push(api);
  const startWeb = async (root, label) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: `bench-web-${label}-${process.pid}`, PORT: String(port), JWT_SECRET: secret, SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn' };
    children.push(await startChild(join(root, 'dist/apps/web/src/main.js'), { name: `web ${label}`, env, ready: async () => (await fetch(`${url}/sign-in`)).ok }));
    return url;
  };
  const webs = { A: await startWeb(rootA, 'A'), B: await startWeb(rootB, 'B') };
  const tokens = {};
  const cookies = { A: {}, B: {} };
  for (const [role, user] of Object.entries(users)) {
    tokens[role] = await login(api.url, user);
    for (const side of ['A', 'B']) cookies[side][role] = await signIn(agent, webs[side], user);
  }
  const ctx = {
    databaseUrl,
    redisUrl,
    api: async (role, path) => JSON.parse((await get(agent, `${api.url}${path}`, { authorization: `Bearer ${tokens[role]}` })).body),
  };
  const ok = (res, what) => {
    if (res.status !== 200) throw new Error(`${what}: ${res.status}`);
    return res.ms;
  };
  console.log(`load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const spec of specs) {
    const path = await spec.page(ctx);
    const apiPaths = await spec.api(ctx);
    const time = {
      A: async () => ok(await get(agent, `${webs.A}${path}`, { cookie: cookies.A[spec.role] }), `A ${path}`),
      B: async () => ok(await get(agent, `${webs.B}${path}`, { cookie: cookies.B[spec.role] }), `B ${path}`),
      api: async () => {
        let ms = 0;
        for (const p of apiPaths) ms += ok(await get(agent, `${api.url}${p}`, { authorization: `Bearer ${tokens[spec.role]}` }), p);
        return ms;
      },
    };
    const orders = [['A', 'B', 'api'], ['B', 'api', 'A'], ['api', 'A', 'B'], ['B', 'A', 'api'], ['A', 'api', 'B'], ['api', 'B', 'A']];
    const samples = { A: [], B: [], api: [] };
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const round = {};
      for (const side of orders[i % orders.length]) round[side] = await time[side]();
      if (i >= WARMUP) for (const side of ['A', 'B', 'api']) samples[side].push(round[side]);
    }
    const m = { A: median(samples.A), B: median(samples.B), api: median(samples.api) };
    const diff = median(samples.B.map((b, i) => b - samples.A[i]));
    console.log(`${spec.name}: A ${m.A.toFixed(2)} ms (${(m.A / m.api).toFixed(2)}), B ${m.B.toFixed(2)} ms (${(m.B / m.api).toFixed(2)}), API ${m.api.toFixed(2)} ms; B - A median ${diff.toFixed(2)} ms; ${ROUNDS} rounds; load ${loadavg()[0].toFixed(2)}`);
    await spec.cleanup?.(ctx);
  }
} finally {
  agent.destroy();
  for (const child of children.reverse()) await child.stop();
  for (const user of Object.values(users)) await deleteUser(pool, user).catch(() => undefined);
  await pool.end();
}
