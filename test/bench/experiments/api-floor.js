// Issue 17.2 experiment: the authenticated-request floor (GET /api/auth/me, no statements once the
// token is cached) on several builds of the API at once, as sides of one rotated load, so the
// shared machine's load hits them alike. Reports req/s and API CPU per request (/proc) per side;
// BENCH_FLOOR_PROFILE=<dir> also writes a .cpuprofile per side (after the measured runs).
//   npm run build
//   node test/bench/experiments/api-floor.js            (needs ringfence_bench_s1, see ../run.js)
// Sides: BENCH_FLOOR_SIDES, comma-separated, from SIDES below (default: all of them; fastifyBare
// needs `npm install --no-save @nestjs/platform-fastify@12.5.0`). BENCH_FLOOR_RATE (req/s for
// every side), BENCH_FLOOR_PATH (another GET), BENCH_FLOOR_REPEATS/DURATION/WARMUP. The figures in
// FINDINGS.md ("Round 4 (H8)") came from e.g.
//   BENCH_FLOOR_RATE=80 BENCH_FLOOR_DURATION=4 BENCH_FLOOR_REPEATS=6 node test/bench/experiments/api-floor.js
// Round 6 (h2): BENCH_FLOOR_BUILDS='before=/path/to/other/dist/apps/api/src/main.js,after' adds
// whole builds as sides (a name without a path is this worktree's dist), for paired before/after
// figures; in BENCH_FLOOR_PATH, ':award' and ':list' stand for the api bench's GET award and list
// page 2 (its target award and filter, chosen the same way). Not used by the product or by any test.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { median, round } from '../lib/measure.js';
import { processCpuMs } from '../baseline/cpu.js';
import { createStaffUser, deleteUser, login, startApi } from '../baseline/ringfence-api.js';
import { databaseUrlFor, benchDatabaseName } from '../run.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const EXPRESS_VARIANT = join(HERE, 'api-express-variant-main.js');
const FASTIFY = join(HERE, 'api-fastify-main.js');
const SIDES = {
  express: {},
  expressNoHelmet: { main: EXPRESS_VARIANT, omit: 'helmet' },
  expressNo415: { main: EXPRESS_VARIANT, omit: 'json415' },
  expressNoJsonParser: { main: EXPRESS_VARIANT, omit: 'jsonParser' },
  expressNoEtag: { main: EXPRESS_VARIANT, omit: 'etag' },
  expressBare: { main: EXPRESS_VARIANT, omit: 'all' },
  fastifyBare: { main: FASTIFY },
};
const CONNECTIONS = 10;
const DURATION_S = Number(process.env.BENCH_FLOOR_DURATION ?? 2);
const REPEATS = Number(process.env.BENCH_FLOOR_REPEATS ?? 5);
const WARMUP_S = Number(process.env.BENCH_FLOOR_WARMUP ?? 6);
let PATH = process.env.BENCH_FLOOR_PATH ?? '/api/auth/me';
/**
 * Requests per second for every side (autocannon overallRate). At full speed the CPU a request
 * costs depends on the throughput a side happens to get on the loaded machine (fewer requests per
 * wake-up cost more each), so the figure to compare sides by is the CPU per request at one fixed
 * rate all of them sustain.
 */
const RATE = process.env.BENCH_FLOOR_RATE ? Number(process.env.BENCH_FLOOR_RATE) : undefined;

const databaseUrl = databaseUrlFor(benchDatabaseName(1));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
for (const spec of (process.env.BENCH_FLOOR_BUILDS ?? '').split(',').filter(Boolean)) {
  const [name, main] = spec.split('=');
  SIDES[name] = main ? { main } : {};
}
const names = (process.env.BENCH_FLOOR_SIDES ?? (process.env.BENCH_FLOOR_BUILDS ? process.env.BENCH_FLOOR_BUILDS.split(',').map((x) => x.split('=')[0]).join(',') : Object.keys(SIDES).join(','))).split(',');
const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
const loadAtStart = os.loadavg().map((x) => round(x));
const sides = [];
let user;
try {
  user = await createStaffUser(pool);
  if (PATH.includes(':award') || PATH.includes(':list')) PATH = PATH.replace(':award', `/api/awards/${await benchAward()}`).replace(':list', await benchList());
  const jwtSecret = randomBytes(32).toString('hex');
  // One login for every side (same secret, same database): a side without a JSON parser cannot log in.
  let headers;
  for (const name of names) {
    const spec = SIDES[name];
    if (!spec) throw new Error(`unknown side ${name}`);
    // startApi passes a fixed environment; the variant reads its switch from an --import'ed env file instead.
    const execArgv = spec.omit ? ['--import', `data:text/javascript,process.env.BENCH_EXPRESS_OMIT=${JSON.stringify(spec.omit)}`] : [];
    const server = await startApi({ databaseUrl, redisUrl, jwtSecret, execArgv, ...(spec.main ? { main: spec.main } : {}) });
    headers ??= { authorization: `Bearer ${await login(server.url, user)}` };
    sides.push({ name, server, headers, runs: [] });
    log('up', name, server.url);
  }
  for (const s of sides) {
    const res = await fetch(s.server.url + PATH, { headers: s.headers });
    log('check', s.name, res.status, [...res.headers.keys()].join(' '));
    await res.arrayBuffer();
    await cannon(s, WARMUP_S);
  }
  log('warmed up');
  for (let i = 0; i < REPEATS; i++) {
    for (let j = 0; j < sides.length; j++) {
      const s = sides[(i + j) % sides.length];
      s.runs.push(await cannon(s, DURATION_S));
    }
  }
  // Per repeat, each side's CPU per request relative to the first side's in the same round: the
  // machine's load moves all sides of a round alike, so the paired ratio is steadier than either.
  const out = {};
  for (const s of sides) {
    out[s.name] = {
      rps: median(s.runs.map((r) => r.rps)),
      cpuMsPerRequest: median(s.runs.map((r) => r.cpuMs)),
      cpuVsFirst: median(s.runs.map((r, i) => round(r.cpuMs / sides[0].runs[i].cpuMs))),
      pgMsPerRequest: median(s.runs.map((r) => r.pgMs)),
      totalVsFirst: median(s.runs.map((r, i) => round((r.cpuMs + r.pgMs) / (sides[0].runs[i].cpuMs + sides[0].runs[i].pgMs)))),
      runs: s.runs.map((r) => `${r.rps}/${r.cpuMs}+${r.pgMs}`).join(' '),
    };
  }
  console.table(out);
  if (process.env.BENCH_FLOOR_PROFILE) {
    for (const s of sides) {
      await s.server.probe({ probe: 'profile-start' });
      const run = await cannon(s, 4);
      const reply = await s.server.probe({ probe: 'profile-stop', file: join(process.env.BENCH_FLOOR_PROFILE, `${s.name}.cpuprofile`) });
      log('profile', s.name, `${run.requests} requests, ${run.cpuMs} ms CPU each`, JSON.stringify(reply.summary?.byPackage?.slice(0, 14) ?? reply.error));
    }
  }
  log('load average at start', loadAtStart.join('/'), 'at end', os.loadavg().map((x) => round(x)).join('/'));
} finally {
  for (const s of sides) await s.server.stop();
  await deleteUser(pool, user).catch(() => undefined);
  await pool.end();
}

/**
 * CPU ms of the side's own PostgreSQL backends, per backend pid: those whose client port is one of
 * the side's process's TCP sockets (other sessions use the same database on this shared machine).
 */
async function backends(side) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${side.server.pid}/fd`)) {
    const link = (() => { try { return readlinkSync(`/proc/${side.server.pid}/fd/${fd}`); } catch { return ''; } })();
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(m[1]);
  }
  const ports = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && inodes.has(f[9])) ports.push(parseInt(f[1].split(':')[1], 16));
    }
  }
  const { rows } = await pool.query(`SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])`, [ports]);
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

async function cannon(side, seconds) {
  const pg0 = await backends(side);
  const cpu0 = processCpuMs(side.server.pid);
  const r = await autocannon({ url: side.server.url + PATH, headers: side.headers, connections: CONNECTIONS, duration: seconds, ...(RATE ? { overallRate: RATE } : {}) });
  if (r.non2xx || r.errors) throw new Error(`${side.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const cpuMs = round((processCpuMs(side.server.pid) - cpu0) / r.requests.total, 3);
  let pgMs = 0;
  for (const [pid, ms] of await backends(side)) pgMs += ms - (pg0.get(pid) ?? 0);
  return { requests: r.requests.total, rps: round(r.requests.total / r.duration, 1), cpuMs, pgMs: round(pgMs / r.requests.total, 3) };
}

/** The api bench's target award: the middle reference, among the main year's awards with budget lines (or all of them). */
async function benchAward() {
  const { rows } = await pool.query(
    `SELECT a.id FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
      WHERE s.financial_year = (SELECT s.financial_year FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
      ORDER BY EXISTS (SELECT 1 FROM award_line l WHERE l.award_id = a.id) DESC, a.reference`,
  );
  // As chooseTarget: the middle of those with lines when any has lines.
  const { rows: lined } = await pool.query(`SELECT 1 FROM award_line LIMIT 1`);
  if (!lined.length) return rows[Math.floor(rows.length / 2)].id;
  const { rows: withLines } = await pool.query(`SELECT DISTINCT award_id FROM award_line`);
  const ids = new Set(withLines.map((r) => r.award_id));
  const candidates = rows.filter((r) => ids.has(r.id));
  return candidates[Math.floor(candidates.length / 2)].id;
}

/** The api bench's list, page 2: the main year and its most common status. */
async function benchList() {
  const { rows } = await pool.query(
    `SELECT s.financial_year, a.status FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
      WHERE s.financial_year = (SELECT s.financial_year FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
      GROUP BY 1, 2 ORDER BY count(*) DESC, 2 LIMIT 1`,
  );
  return `/api/awards?financialYear=${encodeURIComponent(rows[0].financial_year)}&status=${rows[0].status}&page=2&pageSize=50`;
}
