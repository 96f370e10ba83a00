// Concurrent approvals: 1,000 draft awards on one funding stream whose total is well over its
// budget, all approved at once through the real API (HTTP, the path a commissioner's approvals
// take: authentication, validation, AwardsService.approve's transaction with the stream lock, the
// audit row, the award_budget_check trigger). Afterwards SQL checks that the stream's committed
// total is within its budget (0 over-allocation) and that every request got 200 or 409
// BUDGET_EXCEEDED, matching what the database holds. Baseline: the same 1,000 approvals as bare
// SQL conditional updates, one transaction each, through a pool of the API's size
// (baseline/approvals-sql.js). Reported: approvals/s of each and api / baseline (higher is better;
// the issue sets no throughput goal, so `met` is the 0 over-allocation check).
//
// Through HTTP rather than AwardsService in-process: the race the invariant must survive is
// officers' requests arriving together, and what a request costs around the locked section
// (authentication, validation, the API's pool of 10 shared with other requests) decides how long
// the stream stays locked and how fast approvals get through.
//
// Approvals write append-only audit rows, which nothing may delete, so the benchmark works on a
// scratch clone of the bench database (CREATE DATABASE ... TEMPLATE) and drops it at the end.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { median, round } from './lib/measure.js';
import { approveAllWithSql, openBaselinePool } from './baseline/approvals-sql.js';
import { backendsCpu, backendsCpuSince, processCpuMs } from './baseline/cpu.js';
import { POOL_SIZE, createStaffUser, login, startApi } from './baseline/ringfence-api.js';

export const name = 'approvals';

const APPROVALS = Number(process.env.BENCH_APPROVALS ?? 1000);
const REPEATS = Number(process.env.BENCH_APPROVALS_REPEATS ?? 3);
/** Each award asks for £5,000; the budget holds 600.5 of them, so exactly 600 fit. */
const AMOUNT_PENCE = 500_000;
const FITTING = Math.round(APPROVALS * 0.6);
const BUDGET_PENCE = FITTING * AMOUNT_PENCE + AMOUNT_PENCE / 2;
/** HTTP sockets the 1,000 requests share: enough that all race, below the listen backlog. */
const SOCKETS = 200;
/**
 * Approvals sent to each side before measuring. The API, like any Node process, runs slowly until
 * V8 has optimised the code of the path (see api.bench.js); 50 left it cold, so the first measured
 * run was the slowest.
 */
const WARMUP_APPROVALS = Number(process.env.BENCH_APPROVALS_WARMUP ?? 300);

export async function run(ctx) {
  const source = new URL(ctx.databaseUrl);
  const templateName = decodeURIComponent(source.pathname.slice(1));
  const scratchName = `${templateName}_approvals_${process.pid}`;
  const scratch = new URL(ctx.databaseUrl);
  scratch.pathname = `/${scratchName}`;
  const scratchUrl = scratch.toString();
  const admin = new URL(ctx.databaseUrl);
  admin.pathname = '/postgres';

  let pool = null;
  let api = null;
  let apiVariant = null;
  let sqlPool = null;
  let cloned = false;
  try {
    const cloneSeconds = await cloneDatabase(admin.toString(), templateName, scratchName);
    cloned = true;
    ctx.log('cloned', { scratch: scratchName, seconds: cloneSeconds });
    pool = new pg.Pool({ connectionString: scratchUrl, max: 2, application_name: 'ringfence-bench-approvals' });
    pool.on('error', () => undefined);
    const financialYear = ctx.summary?.financialYear ?? (await pool.query(`SELECT max(financial_year) AS fy FROM funding_stream`)).rows[0].fy;
    const user = await createStaffUser(pool, 'commissioner');
    api = await startApi({ databaseUrl: scratchUrl, redisUrl: ctx.redisUrl });
    const token = await login(api.url, user);
    // Before/after for a fix, as one more side: BENCH_API_VARIANT_MAIN / _IMPORT as in api.bench.js.
    if (process.env.BENCH_API_VARIANT_MAIN || process.env.BENCH_API_VARIANT_IMPORT) {
      apiVariant = await startApi({
        databaseUrl: scratchUrl,
        redisUrl: ctx.redisUrl,
        ...(process.env.BENCH_API_VARIANT_MAIN ? { main: process.env.BENCH_API_VARIANT_MAIN } : {}),
        execArgv: process.env.BENCH_API_VARIANT_IMPORT ? ['--import', process.env.BENCH_API_VARIANT_IMPORT] : [],
      });
      apiVariant.token = await login(apiVariant.url, user);
    }
    const servers = { api: { server: api, token }, ...(apiVariant ? { apiVariant: { server: apiVariant, token: apiVariant.token } } : {}) };

    // Warm both paths up (JIT, plan caches, the API's pool) on a small stream of their own.
    for (const [key, { server, token: bearer }] of Object.entries(servers)) {
      const warm = await createStream(pool, { financialYear, label: `warm-${key}`, awards: WARMUP_APPROVALS });
      await approveAllOverHttp({ url: server.url, token: bearer, awardIds: warm.awardIds });
    }
    sqlPool = await openBaselinePool(scratchUrl, POOL_SIZE);
    const warmSql = await createStream(pool, { financialYear, label: 'warm-sql', awards: WARMUP_APPROVALS });
    await approveAllWithSql({ pool: sqlPool, streamId: warmSql.streamId, awardIds: warmSql.awardIds, userId: user.id });

    const sides = [...Object.keys(servers), 'baseline'];
    const runs = Object.fromEntries(sides.map((side) => [side, []]));
    const statements = {};
    for (let i = 0; i < REPEATS; i++) {
      // Rotate who goes first so a slow spell of the shared machine does not favour one side.
      for (let j = 0; j < sides.length; j++) {
        const side = sides[(i + j) % sides.length];
        const stream = await createStream(pool, { financialYear, label: `${side}-${i}`, awards: APPROVALS });
        // CPU the approvals cost: the API process (or, for the baseline, this process, which then
        // runs nothing but its pg pool) and every PostgreSQL backend on the scratch database.
        const cpuOf = () => (servers[side] ? processCpuMs(servers[side].server.pid) : (process.cpuUsage().user + process.cpuUsage().system) / 1000);
        const cpuBefore = { server: cpuOf(), postgres: await backendsCpu(pool) };
        let outcome;
        if (servers[side]) {
          const { server, token: bearer } = servers[side];
          await server.probe({ probe: 'reset' });
          outcome = await approveAllOverHttp({ url: server.url, token: bearer, awardIds: stream.awardIds });
          statements[side] ??= round((await server.probe({ probe: 'read' })).statements / APPROVALS, 1);
        } else {
          outcome = await approveAllWithSql({ pool: sqlPool, streamId: stream.streamId, awardIds: stream.awardIds, userId: user.id });
        }
        const cpu = {
          serverCpuMsPerApproval: round((cpuOf() - cpuBefore.server) / APPROVALS, 2),
          postgresCpuMsPerApproval: round((await backendsCpuSince(pool, cpuBefore.postgres)) / APPROVALS, 2),
        };
        const check = await checkStream(pool, stream.streamId);
        const record = {
          approvalsPerSecond: round(APPROVALS / outcome.seconds, 1),
          seconds: round(outcome.seconds, 3),
          accepted: outcome.accepted,
          refused: outcome.refused,
          errors: outcome.errors,
          ...(outcome.firstError ? { firstError: outcome.firstError } : {}),
          ...(outcome.p99Ms !== undefined ? { p99Ms: outcome.p99Ms } : {}),
          ...cpu,
          ...check,
          consistent: check.overAllocatedPence === 0 && check.approvedInDatabase === outcome.accepted && check.draftsLeft === outcome.refused && outcome.errors === 0,
        };
        runs[side].push(record);
        ctx.log(`${side} run ${i + 1}`, record);
      }
    }

    const growth = await streamGrowth({ pool, financialYear, server: api, token });

    const apiStatements = statements.api;
    const apiRate = median(runs.api.map((r) => r.approvalsPerSecond));
    const baseRate = median(runs.baseline.map((r) => r.approvalsPerSecond));
    const all = Object.values(runs).flat();
    const overAllocations = all.filter((r) => r.overAllocatedPence > 0).length;
    const consistent = all.every((r) => r.consistent);
    const ratio = baseRate > 0 ? round(apiRate / baseRate) : null;
    const a = runs.api[0];
    return {
      goal: `${APPROVALS} concurrent approvals on one stream: 0 over-allocation (committed <= budget, every request 200 or 409 BUDGET_EXCEEDED and the database agrees); throughput reported against bare SQL conditional updates`,
      met: overAllocations === 0 && consistent,
      ratio,
      repeats: REPEATS,
      notes: [
        `ratio = API approvals/s / bare SQL approvals/s (higher is better): ${apiRate} vs ${baseRate} approvals/s (medians of ${REPEATS})`,
        `each run: ${APPROVALS} drafts of £${AMOUNT_PENCE / 100} against a budget of £${BUDGET_PENCE / 100} (room for ${FITTING}); api accepted ${runs.api.map((r) => r.accepted).join('/')}, refused ${runs.api.map((r) => r.refused).join('/')}; baseline accepted ${runs.baseline.map((r) => r.accepted).join('/')}`,
        `over-allocation: ${overAllocations} of ${all.length} runs; committed = ${a.committedPence} of ${a.budgetPence} pence in the first API run`,
        `CPU per approval, API node + PostgreSQL vs baseline: ${median(runs.api.map((r) => r.serverCpuMsPerApproval))} + ${median(runs.api.map((r) => r.postgresCpuMsPerApproval))} ms vs ${median(runs.baseline.map((r) => r.serverCpuMsPerApproval))} + ${median(runs.baseline.map((r) => r.postgresCpuMsPerApproval))} ms; API p99 ${median(runs.api.map((r) => r.p99Ms))} ms from send to answer with all ${APPROVALS} queued at once`,
        `API statements per approval: ${apiStatements} (accepted 10: the user reload, BEGIN, the award's stream, lock the stream, committed sum, lock the award, related rows, UPDATE, audit INSERT, COMMIT; refused 7, ending in ROLLBACK, after which the partner-scope pg client resets the connection's role on its next use: +1); baseline 4 (BEGIN, lock, conditional UPDATE, COMMIT); requests sent all at once over ${SOCKETS} keep-alive sockets; pool ${POOL_SIZE} on both sides`,
        `on a scratch clone of the bench database (cloned in ${cloneSeconds} s), dropped afterwards`,
        ...(growth ? [`stream growth (issue 17.1): ${APPROVALS} approvals/s through the API on a stream of ${APPROVALS} awards vs one of ${growth.largeStreamAwards}: ${growth.smallMedian} vs ${growth.largeMedian} (large / small = ${growth.ratio}, medians of ${growth.repeats}; 1.0 = constant time)`] : []),
      ],
      approvals: APPROVALS,
      budgetPence: BUDGET_PENCE,
      amountPence: AMOUNT_PENCE,
      apiMedianApprovalsPerSecond: apiRate,
      baselineMedianApprovalsPerSecond: baseRate,
      apiStatementsPerApproval: apiStatements,
      ...(apiVariant
        ? { apiVariant: { medianApprovalsPerSecond: median(runs.apiVariant.map((r) => r.approvalsPerSecond)), statementsPerApproval: statements.apiVariant } }
        : {}),
      overAllocations,
      runs,
      growth,
    };
  } finally {
    await api?.stop();
    await apiVariant?.stop();
    await sqlPool?.end();
    await pool?.end();
    if (cloned) await dropDatabase(admin.toString(), scratchName).catch((error) => ctx.log('could not drop the scratch database', { error: String(error) }));
  }
}

/** Committed awards already in the large stream of the growth runs (issue 17.1); 0 skips them. */
const GROWTH_AWARDS = Number(process.env.BENCH_APPROVALS_GROWTH ?? 100_000);

/**
 * Issue 17.1: approvals per second must not fall as a stream grows. The same APPROVALS racing
 * approvals through the API, on a stream holding only them and on one that already holds
 * GROWTH_AWARDS committed awards, alternated. The filler is loaded as a bulk load or a restore
 * would: rows with the triggers off, then the stream's committed total set once from their sum.
 */
async function streamGrowth({ pool, financialYear, server, token }) {
  if (!GROWTH_AWARDS) return null;
  const small = [];
  const large = [];
  const repeats = Math.max(1, Math.min(REPEATS, 2));
  for (let i = 0; i < repeats; i++) {
    for (const filler of i % 2 ? [GROWTH_AWARDS, 0] : [0, GROWTH_AWARDS]) {
      const stream = await createStream(pool, { financialYear, label: `growth-${filler}-${i}`, awards: APPROVALS, filler });
      // What autovacuum does after a bulk load, done before the clock starts on both sides. This
      // machine's server has autovacuum off, so otherwise the large stream's approvals would run on
      // 100,000 rows never analysed, with hint bits still to set (see FINDINGS, "Vacuumed once").
      await pool.query('VACUUM (ANALYZE) award, funding_stream');
      await server.probe({ probe: 'reset' });
      const outcome = await approveAllOverHttp({ url: server.url, token, awardIds: stream.awardIds });
      const check = await checkStream(pool, stream.streamId);
      const rate = round(APPROVALS / outcome.seconds, 1);
      (filler ? large : small).push(rate);
      if (outcome.accepted !== FITTING || outcome.errors || check.overAllocatedPence) throw new Error(`growth run inconsistent: ${JSON.stringify({ outcome, check })}`);
    }
  }
  const smallMedian = median(small);
  const largeMedian = median(large);
  return { largeStreamAwards: GROWTH_AWARDS + APPROVALS, repeats, small, large, smallMedian, largeMedian, ratio: round(largeMedian / smallMedian) };
}

/**
 * CREATE DATABASE ... TEMPLATE refuses while anyone is connected to the template; the API child
 * of the previous benchmark may take a moment to let go of its pool, so retry briefly.
 */
async function cloneDatabase(adminUrl, templateName, scratchName) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'ringfence-bench-approvals' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${scratchName}" TEMPLATE "${templateName}"`);
        return round((performance.now() - started) / 1000, 2);
      } catch (error) {
        if (error.code !== '55006' || attempt >= 50) {
          const { rows } = await client.query(`SELECT application_name, state FROM pg_stat_activity WHERE datname = $1`, [templateName]);
          throw new Error(`could not clone ${templateName}: ${error.message}; connected: ${JSON.stringify(rows)}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await client.end();
  }
}

async function dropDatabase(adminUrl, scratchName) {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${scratchName}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A funding source and stream of their own (budget = BUDGET_PENCE, or room for 60% of a small
 * warm-up set) and `awards` drafts of AMOUNT_PENCE, written with SQL: creating them is not what
 * is measured.
 */
async function createStream(pool, { financialYear, label, awards, filler = 0 }) {
  const tag = `${label}-${randomBytes(3).toString('hex')}`;
  const budget = (awards === APPROVALS ? BUDGET_PENCE : Math.round(awards * 0.6) * AMOUNT_PENCE + AMOUNT_PENCE / 2) + filler * AMOUNT_PENCE;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: orgs } = await client.query(`SELECT id FROM organisation ORDER BY id LIMIT 2`);
    const [{ id: sourceId }] = (
      await client.query(`INSERT INTO funding_source (funder_organisation_id, name, financial_year, amount_pence) VALUES ($1, $2, $3, $4) RETURNING id`, [
        orgs[0].id,
        `Bench approvals ${tag}`,
        financialYear,
        budget,
      ])
    ).rows;
    const [{ id: streamId }] = (
      await client.query(`INSERT INTO funding_stream (name, financial_year, purpose) VALUES ($1, $2, 'victims_services') RETURNING id`, [`Bench approvals ${tag}`, financialYear])
    ).rows;
    await client.query(`INSERT INTO funding_stream_source (funding_stream_id, funding_source_id, amount_pence) VALUES ($1, $2, $3)`, [streamId, sourceId, budget]);
    if (filler) {
      await client.query(`SET LOCAL session_replication_role = replica`);
      await client.query(
        `INSERT INTO award (reference, funding_stream_id, recipient_organisation_id, title, grant_type, amount_pence, start_date, end_date, status, approved_at, decision_date)
         SELECT 'BENCH-F-' || $2 || '-' || g, $1, $3, 'Bench committed ' || g, 'grant', $4, $5::date, $5::date + 364, 'approved', now(), $5::date
           FROM generate_series(1, $6) g`,
        [streamId, tag, orgs[orgs.length - 1].id, AMOUNT_PENCE, `${financialYear.slice(0, 4)}-04-01`, filler],
      );
      await client.query(`SET LOCAL session_replication_role = origin`);
      await client.query(`UPDATE funding_stream SET committed_pence = $2 WHERE id = $1`, [streamId, filler * AMOUNT_PENCE]);
    }
    const { rows } = await client.query(
      `INSERT INTO award (reference, funding_stream_id, recipient_organisation_id, title, grant_type, amount_pence, start_date, end_date, status)
       SELECT 'BENCH-' || $2 || '-' || g, $1, $3, 'Bench approval ' || g, 'grant', $4, $5::date, $5::date + 364, 'draft'
         FROM generate_series(1, $6) g
       RETURNING id`,
      [streamId, tag, orgs[orgs.length - 1].id, AMOUNT_PENCE, `${financialYear.slice(0, 4)}-04-01`, awards],
    );
    await client.query('COMMIT');
    return { streamId, awardIds: rows.map((r) => r.id) };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** The database's view of the stream after a run. */
async function checkStream(pool, streamId) {
  const { rows } = await pool.query(
    `SELECT t.budget_pence, t.committed_pence,
            (SELECT count(*) FROM award WHERE funding_stream_id = $1 AND status = 'approved' AND reference NOT LIKE 'BENCH-F-%')::int AS approved,
            (SELECT count(*) FROM award WHERE funding_stream_id = $1 AND status = 'draft')::int AS drafts
       FROM funding_stream_totals t WHERE t.funding_stream_id = $1`,
    [streamId],
  );
  const r = rows[0];
  const budgetPence = Number(r.budget_pence);
  const committedPence = Number(r.committed_pence);
  return { budgetPence, committedPence, overAllocatedPence: Math.max(0, committedPence - budgetPence), approvedInDatabase: r.approved, draftsLeft: r.drafts };
}

/**
 * POSTs every approval at once; 200 = accepted, 409 BUDGET_EXCEEDED = refused, anything else an
 * error. A fresh keep-alive agent per run: sockets left idle between runs outlive the server's
 * keep-alive timeout, and reusing one that the server is closing fails the request.
 */
async function approveAllOverHttp({ url, token, awardIds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
  try {
    return await approveAll({ url, token, agent, awardIds });
  } finally {
    agent.destroy();
  }
}

async function approveAll({ url, token, agent, awardIds }) {
  const body = JSON.stringify({ decisionReference: 'Bench approvals' });
  const latencies = [];
  const started = performance.now();
  const outcomes = await Promise.all(
    awardIds.map(async (id) => {
      const sent = performance.now();
      const { status, text } = await post(`${url}/api/awards/${id}/approve`, body, token, agent);
      latencies.push(performance.now() - sent);
      if (status === 200) return 'accepted';
      if (status === 409 && JSON.parse(text).code === 'BUDGET_EXCEEDED') return 'refused';
      return `error: ${status} ${text.slice(0, 300)}`;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const errors = outcomes.filter((o) => o.startsWith('error'));
  return {
    accepted: outcomes.filter((o) => o === 'accepted').length,
    refused: outcomes.filter((o) => o === 'refused').length,
    errors: errors.length,
    firstError: errors[0],
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? 0, 1),
    seconds,
  };
}

function post(url, body, token, agent) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
