// API throughput: GET /api/awards/:id and the filtered awards list (page 2; and page 1,000,
// reported beside the goal) on the real API
// (compiled, NODE_ENV=production, its own process) against a bare node:http + pg server that
// runs the same SQL and returns the same JSON (baseline/api-server.js; the bench checks both).
// autocannon drives both with the same connections and duration, rotating which goes first in
// each repeat so drift on a shared 2-core machine does not favour one side. Goal: the API keeps
// >= 60% of the baseline's requests/second on both requests.
//
// Also measured, to show where the API's time goes: the CPU each request costs the server and
// PostgreSQL (/proc, steadier than throughput when other work shares the machine), the
// statements each request sends (query-probe.js), GET /api/auth/me (authentication and Nest's
// pipeline with no award work: the floor of any authenticated request), and the bare server
// with the API's authentication added. BENCH_PROFILE=1 adds a CPU profile of the API, taken
// after the measured runs so it does not slow them. BENCH_API_VARIANT_MAIN=<other build's
// dist/apps/api/src/main.js> or BENCH_API_VARIANT_IMPORT=<module to preload> adds that API as
// one more side, for before/after figures in FINDINGS.md.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { median, round } from './lib/measure.js';
import { backendsCpu, backendsCpuSince, processCpuMs } from './baseline/cpu.js';
import { measureOneVsTwo } from './lib/api-processes.js';
import { POOL_SIZE, createStaffUser, deleteUser, freePort, login, startApi, startChild } from './baseline/ringfence-api.js';

export const name = 'api';

const GOAL_RATIO = 0.6;
const BASELINE_SERVER = new URL('./baseline/api-server.js', import.meta.url).pathname;

// Same for every scale: per-request cost should not depend on the table size once indexed, and
// a fixed time keeps `BENCH_SCALE=10` inside its budget. The API's pool has 10 connections; 10
// client connections keep it busy without measuring a queue in front of it.
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_API_DURATION ?? 2);
/**
 * Warm-up per request, before anything is measured. The API needs ~10 s under load before V8 has
 * optimised its hot paths (CPU per GET fell from 4.6 to 1.9 ms over the first 12 s in a trial);
 * measuring it cold would charge JIT compilation to the product. The bare server is a page of
 * code: 1 s will do.
 */
const API_WARMUP_S = Number(process.env.BENCH_API_WARMUP ?? 5);
const BASELINE_WARMUP_S = 1;
const REPEATS = Number(process.env.BENCH_API_REPEATS ?? 3);
const DEEP_DURATION_S = Math.max(DURATION_S, 10);
/** One vs two API processes alternate; more repeats than the sides above, as the two shapes swing most. */
const PROCESSES_REPEATS = Number(process.env.BENCH_API_PROCESSES_REPEATS ?? 5);

export async function run(ctx) {
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 2, application_name: 'ringfence-bench-api' });
  pool.on('error', () => undefined);
  const loadAtStart = os.loadavg().map((x) => round(x));
  let user = null;
  let api = null;
  let apiVariant = null;
  let apiSecond = null;
  let baseline = null;
  try {
    const target = await chooseTarget(pool, ctx.summary?.financialYear);
    ctx.log('target', target);
    user = await createStaffUser(pool, 'commissioner');
    const jwtSecret = randomBytes(32).toString('hex');
    api = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, jwtSecret });
    // Issue 17.7: a second API process on the same database and Redis (two replicas), idle until
    // the one-vs-two measurement after the others.
    apiSecond = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, jwtSecret });
    // Before/after for a fix, as one more side in the same rotation: BENCH_API_VARIANT_MAIN names
    // another build (a checkout without the fix), BENCH_API_VARIANT_IMPORT a module to preload.
    if (process.env.BENCH_API_VARIANT_MAIN || process.env.BENCH_API_VARIANT_IMPORT) {
      apiVariant = await startApi({
        databaseUrl: ctx.databaseUrl,
        redisUrl: ctx.redisUrl,
        jwtSecret,
        ...(process.env.BENCH_API_VARIANT_MAIN ? { main: process.env.BENCH_API_VARIANT_MAIN } : {}),
        execArgv: process.env.BENCH_API_VARIANT_IMPORT ? ['--import', process.env.BENCH_API_VARIANT_IMPORT] : [],
      });
    }
    const basePort = await freePort();
    baseline = await startChild(BASELINE_SERVER, {
      env: { PATH: process.env.PATH, DATABASE_URL: ctx.databaseUrl, PORT: String(basePort), POOL_SIZE: String(POOL_SIZE), JWT_SECRET: jwtSecret },
      name: 'the baseline server',
      ready: async () => (await fetch(`http://127.0.0.1:${basePort}/health`)).ok,
    });
    const baseUrl = `http://127.0.0.1:${basePort}`;
    ctx.log('servers up', { api: api.url, baseline: baseUrl });

    const requests = [
      { key: 'getAward', path: `/api/awards/${target.awardId}` },
      { key: 'listAwards', path: `/api/awards?financialYear=${encodeURIComponent(target.financialYear)}&status=${target.status}&page=2&pageSize=50` },
      // A deep page (OFFSET ~50,000 at scale 10): what a page link costs when the list is long.
      // One request takes over a second at scale 10, so its runs last longer than the others'.
      { key: 'listAwardsDeep', path: `/api/awards?financialYear=${encodeURIComponent(target.financialYear)}&page=${target.deepPage}&pageSize=50`, seconds: DEEP_DURATION_S },
    ];

    const apiAuth = { authorization: `Bearer ${await login(api.url, user)}` };
    const variantAuth = apiVariant ? { authorization: `Bearer ${await login(apiVariant.url, user)}` } : null;
    const sidesFor = (r) => [
      { key: 'api', server: api, url: api.url + r.path, headers: apiAuth },
      { key: 'baseline', server: baseline, url: baseUrl + r.path, headers: {} },
      ...(apiVariant ? [{ key: 'apiVariant', server: apiVariant, url: apiVariant.url + r.path, headers: variantAuth }] : []),
      // Measured once, not repeated: it only shows how little the bare server's authentication costs.
      { key: 'baselineWithAuth', server: baseline, url: baseUrl + r.path, headers: apiAuth, once: true },
    ];

    // One warm-up for everything before any measurement: the API's request paths share most code.
    for (const r of requests) {
      for (const side of sidesFor(r)) {
        if (side.once) continue;
        await cannon(side.url, side.headers, side.key.startsWith('api') ? API_WARMUP_S : BASELINE_WARMUP_S);
      }
    }
    ctx.log('warmed up');

    const endpoints = {};
    for (const r of requests) {
      const sides = sidesFor(r);
      // Same answer from every side, or the comparison means nothing.
      const bodies = await Promise.all(sides.map((side) => getJson(side.url, side.headers)));
      const sameBody = bodies.every((b) => b.status === 200 && JSON.stringify(b.body) === JSON.stringify(bodies[0].body));
      const statements = {};
      for (const side of sides) statements[side.key] = await statementsPerRequest(side.server, side.url, side.headers);
      ctx.log(`${r.key}: checked`, { statuses: bodies.map((b) => b.status).join('/'), sameBody, bytes: bodies[0].bytes, statements });

      const runs = Object.fromEntries(sides.map((side) => [side.key, []]));
      const repeated = sides.filter((side) => !side.once);
      for (let i = 0; i < REPEATS; i++) {
        // Rotate who goes first, so a slow spell of the shared machine is spread over all sides.
        for (let j = 0; j < repeated.length; j++) {
          const side = repeated[(i + j) % repeated.length];
          runs[side.key].push(await cannon(side.url, side.headers, r.seconds ?? DURATION_S, { pid: side.server.pid, pool }));
        }
      }
      for (const side of sides.filter((x) => x.once)) runs[side.key].push(await cannon(side.url, side.headers, r.seconds ?? DURATION_S, { pid: side.server.pid, pool }));
      const summary = (key) => ({
        medianRps: median(runs[key].map((x) => x.rps)),
        medianServerCpuMsPerRequest: median(runs[key].map((x) => x.serverCpuMsPerRequest)),
        medianPostgresCpuMsPerRequest: median(runs[key].map((x) => x.postgresCpuMsPerRequest)),
        medianP99Ms: median(runs[key].map((x) => x.p99)),
        medianMeanLatencyMs: median(runs[key].map((x) => x.meanMs)),
        runs: runs[key],
      });
      const e = {
        path: r.path,
        responseBytes: bodies[0].bytes,
        sameBody,
        statementsPerRequest: statements,
        api: summary('api'),
        baseline: summary('baseline'),
        baselineWithAuth: summary('baselineWithAuth'),
        ...(apiVariant ? { apiVariant: summary('apiVariant') } : {}),
      };
      e.ratio = e.baseline.medianRps > 0 ? round(e.api.medianRps / e.baseline.medianRps) : null;
      e.ratioToBaselineWithAuth = e.baselineWithAuth.medianRps > 0 ? round(e.api.medianRps / e.baselineWithAuth.medianRps) : null;
      // What the throughput ratio would be if CPU were the only limit: baseline CPU / API CPU per request.
      const cpuPerRequest = (x) => (x.medianServerCpuMsPerRequest ?? 0) + (x.medianPostgresCpuMsPerRequest ?? 0);
      e.cpuRatio = cpuPerRequest(e.api) > 0 ? round(cpuPerRequest(e.baseline) / cpuPerRequest(e.api)) : null;
      e.clean = sameBody && Object.values(runs).flat().every((x) => x.non2xx === 0 && x.errors === 0);
      endpoints[r.key] = e;
      ctx.log(`${r.key}: api ${e.api.medianRps} req/s, baseline ${e.baseline.medianRps}, baseline with auth ${e.baselineWithAuth.medianRps}`, {
        ratio: e.ratio,
        ratioToBaselineWithAuth: e.ratioToBaselineWithAuth,
        p99: `${e.api.medianP99Ms}/${e.baseline.medianP99Ms}/${e.baselineWithAuth.medianP99Ms} ms`,
      });
    }

    // Issue 17.7: GET award through one API process vs two, same total connections.
    // The second process gets the first one's warm-up (V8 optimises what it runs), then both
    // together once, so neither shape is measured on colder code than the other.
    for (const r of requests) await cannon(apiSecond.url + r.path, apiAuth, API_WARMUP_S);
    await Promise.all([api, apiSecond].map((x) => cannon(x.url + requests[0].path, apiAuth, API_WARMUP_S)));
    const processes = await measureOneVsTwo({
      apis: [api, apiSecond],
      path: requests[0].path,
      headers: apiAuth,
      pool,
      connections: CONNECTIONS,
      seconds: DURATION_S,
      repeats: PROCESSES_REPEATS,
    });
    ctx.log(`GET award, one API process ${processes.one.medianRps} req/s, two ${processes.two.medianRps} (x${processes.ratio})`, {
      machineBusy: `${processes.one.medianMachineBusyPercent}/${processes.two.medianMachineBusyPercent} %`,
    });

    // The floor under any authenticated request: JWT verify, reloading the user, Nest's pipeline.
    const meSides = [{ key: 'api', server: api, headers: apiAuth }];
    if (apiVariant) meSides.push({ key: 'apiVariant', server: apiVariant, headers: variantAuth });
    const meStatements = await statementsPerRequest(api, `${api.url}/api/auth/me`, apiAuth);
    const meRuns = Object.fromEntries(meSides.map((side) => [side.key, []]));
    for (const side of meSides) await cannon(`${side.server.url}/api/auth/me`, side.headers, BASELINE_WARMUP_S);
    for (let i = 0; i < REPEATS; i++) {
      for (let j = 0; j < meSides.length; j++) {
        const side = meSides[(i + j) % meSides.length];
        meRuns[side.key].push(await cannon(`${side.server.url}/api/auth/me`, side.headers, DURATION_S, { pid: side.server.pid, pool }));
      }
    }
    const meSummary = (runs) => ({
      medianRps: median(runs.map((x) => x.rps)),
      medianP99Ms: median(runs.map((x) => x.p99)),
      medianServerCpuMsPerRequest: median(runs.map((x) => x.serverCpuMsPerRequest)),
      medianPostgresCpuMsPerRequest: median(runs.map((x) => x.postgresCpuMsPerRequest)),
      runs,
    });
    const authOnly = {
      path: '/api/auth/me',
      statementsPerRequest: meStatements,
      ...meSummary(meRuns.api),
      ...(apiVariant ? { apiVariant: meSummary(meRuns.apiVariant) } : {}),
    };
    ctx.log(`auth only (/api/auth/me): ${authOnly.medianRps} req/s, ${authOnly.medianServerCpuMsPerRequest} ms CPU`, apiVariant ? { variant: `${authOnly.apiVariant.medianRps} req/s, ${authOnly.apiVariant.medianServerCpuMsPerRequest} ms CPU` } : undefined);

    let profile;
    if (process.env.BENCH_PROFILE === '1') {
      profile = {};
      for (const r of [...requests, { key: 'authMe', path: '/api/auth/me' }]) {
        await api.probe({ probe: 'profile-start' });
        const run = await cannon(api.url + r.path, apiAuth, DURATION_S);
        const reply = await api.probe({ probe: 'profile-stop' });
        profile[r.key] = { rps: run.rps, ...(reply.summary ?? { error: reply.error }) };
        ctx.log(`profile ${r.key}`, { busyMs: profile[r.key].busyMs, top: profile[r.key].byPackage?.slice(0, 6) });
      }
    }

    // The goal stays GET award and page 2 (comparable with earlier runs); the deep page is reported beside it.
    const ratios = [endpoints.getAward.ratio, endpoints.listAwards.ratio];
    const clean = Object.values(endpoints).every((e) => e.clean) && processes.clean;
    const ratio = ratios.some((x) => x === null) ? null : Math.min(...ratios);
    const g = endpoints.getAward;
    const l = endpoints.listAwards;
    const d = endpoints.listAwardsDeep;
    const notes = [
      `ratio = API req/s / baseline req/s, the lower of GET award (${g.ratio}: ${g.api.medianRps} vs ${g.baseline.medianRps} req/s) and the list, page 2 (${l.ratio}: ${l.api.medianRps} vs ${l.baseline.medianRps} req/s); higher is better, goal >= ${GOAL_RATIO}`,
      `deep page: the main year's list, page ${target.deepPage} of ${Math.ceil(target.awardsInYear / 50)} (${target.awardsInYear} awards, OFFSET ${(target.deepPage - 1) * 50}): API ${d.api.medianRps} vs baseline ${d.baseline.medianRps} req/s (ratio ${d.ratio}, not in the goal; ${DEEP_DURATION_S} s runs); mean latency ${d.api.medianMeanLatencyMs}/${d.baseline.medianMeanLatencyMs} ms; CPU ${d.api.medianServerCpuMsPerRequest} + ${d.api.medianPostgresCpuMsPerRequest} ms vs ${d.baseline.medianServerCpuMsPerRequest} + ${d.baseline.medianPostgresCpuMsPerRequest} ms; p99 ${d.api.medianP99Ms}/${d.baseline.medianP99Ms} ms`,
      `CPU per request, API node + PostgreSQL vs baseline: GET award ${g.api.medianServerCpuMsPerRequest} + ${g.api.medianPostgresCpuMsPerRequest} ms vs ${g.baseline.medianServerCpuMsPerRequest} + ${g.baseline.medianPostgresCpuMsPerRequest} ms (CPU ratio ${g.cpuRatio}); list ${l.api.medianServerCpuMsPerRequest} + ${l.api.medianPostgresCpuMsPerRequest} ms vs ${l.baseline.medianServerCpuMsPerRequest} + ${l.baseline.medianPostgresCpuMsPerRequest} ms (CPU ratio ${l.cpuRatio})`,
      `p99 latency api/baseline: GET award ${g.api.medianP99Ms}/${g.baseline.medianP99Ms} ms, list ${l.api.medianP99Ms}/${l.baseline.medianP99Ms} ms`,
      `against a bare server that also authenticates (JWT + the API's user SELECT): GET award ${g.ratioToBaselineWithAuth}, list ${l.ratioToBaselineWithAuth}`,
      `statements per request api/baseline: GET award ${g.statementsPerRequest.api}/${g.statementsPerRequest.baseline}, list ${l.statementsPerRequest.api}/${l.statementsPerRequest.baseline}; the API's extra statement is authentication's user reload`,
      `authentication floor: GET /api/auth/me ${authOnly.medianRps} req/s, ${authOnly.medianServerCpuMsPerRequest} ms CPU per request (${authOnly.statementsPerRequest} statement, no award work): ${g.api.medianServerCpuMsPerRequest ? Math.round((authOnly.medianServerCpuMsPerRequest / g.api.medianServerCpuMsPerRequest) * 100) : '?'}% of the API's CPU for GET award`,
      processesNote(processes),
      `load average (1/5/15 min) at start ${loadAtStart.join('/')}, at end ${os.loadavg().map((x) => round(x)).join('/')} on ${os.cpus().length} cores: other work shares this machine`,
      `autocannon ${CONNECTIONS} connections, ${REPEATS} x ${DURATION_S} s per side (baseline with auth: 1 run), order rotated per repeat, after a warm-up of ${API_WARMUP_S} s per request for the API (V8 needs ~10 s to optimise it) and ${BASELINE_WARMUP_S} s for the baseline; pool ${POOL_SIZE} on every server; baseline = test/bench/baseline/api-server.js running the API's captured SQL`,
    ];
    if (!clean) notes.push('WARNING: a response differed from the baseline or a run had non-2xx/errors: see endpoints');
    return {
      goal: `API >= ${GOAL_RATIO * 100}% of a bare node:http + pg server's requests/s (same SQL, same JSON) for GET award and the filtered list, page 2`,
      met: clean && ratio !== null && ratio >= GOAL_RATIO,
      ratio,
      repeats: REPEATS,
      notes,
      target,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      poolSize: POOL_SIZE,
      loadAverage: { start: loadAtStart, end: os.loadavg().map((x) => round(x)) },
      endpoints,
      authOnly,
      processes,
      ...(profile ? { profile } : {}),
    };
  } finally {
    await api?.stop();
    await apiVariant?.stop();
    await apiSecond?.stop();
    await baseline?.stop();
    await deleteUser(pool, user).catch((error) => ctx.log('could not delete the bench user', { error: String(error) }));
    await pool.end();
  }
}

/** Issue 17.7 in one line: the throughput two processes add, and what bounds it (the CPU of 2 cores). */
function processesNote(p) {
  const cpu = (x) => round((x.medianApiCpuMsPerRequest ?? 0) + (x.medianPostgresCpuMsPerRequest ?? 0) + (x.medianClientCpuMsPerRequest ?? 0), 2);
  return (
    `two API processes vs one (issue 17.7), GET award, ${p.connections} connections in all (two: half on each process, same database and Redis): ` +
    `${p.two.medianRps} vs ${p.one.medianRps} req/s (x${p.ratio}); CPU per request API processes + PostgreSQL + autocannon: ` +
    `two ${p.two.medianApiCpuMsPerRequest} + ${p.two.medianPostgresCpuMsPerRequest} + ${p.two.medianClientCpuMsPerRequest} = ${cpu(p.two)} ms, ` +
    `one ${p.one.medianApiCpuMsPerRequest} + ${p.one.medianPostgresCpuMsPerRequest} + ${p.one.medianClientCpuMsPerRequest} = ${cpu(p.one)} ms; ` +
    `machine busy ${p.two.medianMachineBusyPercent} % (two) / ${p.one.medianMachineBusyPercent} % (one) of ${os.cpus().length} cores ` +
    `(${p.two.medianMachineCpuMsPerRequest}/${p.one.medianMachineCpuMsPerRequest} ms of all the machine's CPU per request, other work included; ${p.repeats} x ${p.seconds} s each, alternated): ` +
    (p.one.medianMachineBusyPercent >= 90
      ? `one process already keeps the cores ${p.one.medianMachineBusyPercent} % busy, so a second can only share them: on this machine the ratio is bounded by the CPU, not by anything the processes share`
      : `cores were idle ${round(100 - p.one.medianMachineBusyPercent, 1)} % of the time with one process: what the second adds is what it can take of that`)
  );
}

/**
 * A representative award (one with budget lines, from the middle of the main year's references)
 * and the list filter: the main year and its most common status, so page 2 is full.
 */
async function chooseTarget(pool, financialYear) {
  const fy =
    financialYear ??
    (await pool.query(`SELECT s.financial_year FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows[0]?.financial_year;
  if (!fy) throw new Error('the bench database has no awards');
  const { rows: statuses } = await pool.query(
    `SELECT a.status, count(*)::int AS n FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    [fy],
  );
  const { rows: awards } = await pool.query(
    `SELECT a.id, a.reference FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
      WHERE s.financial_year = $1 AND EXISTS (SELECT 1 FROM award_line l WHERE l.award_id = a.id)
      ORDER BY a.reference`,
    [fy],
  );
  const candidates = awards.length
    ? awards
    : (await pool.query(`SELECT a.id, a.reference FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1 ORDER BY a.reference`, [fy])).rows;
  const award = candidates[Math.floor(candidates.length / 2)];
  const { rows: inYear } = await pool.query(`SELECT count(*)::int AS n FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1`, [fy]);
  // Page 1,000 of 50 where the year has that many awards (scale 10 and up); else its last page.
  const deepPage = Math.max(1, Math.min(1000, Math.ceil(inYear[0].n / 50)));
  return { financialYear: fy, status: statuses[0].status, awardsWithStatus: statuses[0].n, awardsInYear: inYear[0].n, deepPage, awardId: award.id, awardReference: award.reference, awardHasLines: awards.length > 0 };
}

async function getJson(url, headers) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

/** Statements one request sends, averaged over a few sequential requests. */
async function statementsPerRequest(server, url, headers, n = 5) {
  await server.probe({ probe: 'reset' });
  for (let i = 0; i < n; i++) await (await fetch(url, { headers })).arrayBuffer();
  const stats = await server.probe({ probe: 'read' });
  return round(stats.statements / n, 1);
}

/**
 * One autocannon run; rps counts completed requests over the run's real duration. With `cpu`
 * ({ pid, pool }) it also reports the CPU each request cost the server process and PostgreSQL.
 */
async function cannon(url, headers, seconds, cpu) {
  const before = cpu ? { server: processCpuMs(cpu.pid), postgres: await backendsCpu(cpu.pool) } : null;
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  const out = {
    rps: round(result.requests.total / result.duration, 1),
    p99: result.latency.p99,
    meanMs: round(result.latency.average),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  if (cpu && result.requests.total > 0) {
    out.serverCpuMsPerRequest = round((processCpuMs(cpu.pid) - before.server) / result.requests.total, 3);
    out.postgresCpuMsPerRequest = round((await backendsCpuSince(cpu.pool, before.postgres)) / result.requests.total, 3);
  }
  return out;
}
