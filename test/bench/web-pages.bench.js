// Web pages against the JSON API for the same data (issue 17.6): each page listed in
// test/bench/web-pages/*.js, fetched by a signed-in user of its role from the compiled web front
// end, against the API calls that return the same data (the sum of their times), both servers
// in child processes on the same database with production settings. Goal: each page <= 1.5x.
//
// A page file: `export default [{ name, role, page: async (ctx) => '/path', api: async (ctx) =>
// ['/api/...'] }]`; `ctx.api(role, path)` returns the API's parsed JSON (to look up ids).
// Each side is timed in turn (page, then its API calls, one request at a time on a keep-alive
// socket), medians of REPEATS or more pairs (MIN_SAMPLED_MS) after WARMUP rounds; ratio = page
// median / API median.
import argon2 from 'argon2';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import http from 'node:http';
import pg from 'pg';
import { median, round } from './lib/measure.js';
import { createStaffUser, deleteUser, freePort, login, startApi, startChild } from './baseline/ringfence-api.js';

export const name = 'web-pages';

const HERE = dirname(fileURLToPath(import.meta.url));
const WEB_MAIN = fileURLToPath(new URL('../../dist/apps/web/src/main.js', import.meta.url));
const GOAL_RATIO = 1.5;
const REPEATS = Number(process.env.BENCH_WEB_REPEATS ?? 15);
const WARMUP = Number(process.env.BENCH_WEB_WARMUP ?? 5);
// A page of 3 ms against an API call of 2 ms: 15 pairs moved such a ratio by 0.3-0.5 between two
// quiet runs (test/bench/FINDINGS.md, web pages, round 5), so a page keeps being sampled, past
// REPEATS, until its samples add up to MIN_SAMPLED_MS (at most MAX_REPEATS pairs); a page of
// 60 ms or more gets REPEATS as before.
const MIN_SAMPLED_MS = Number(process.env.BENCH_WEB_MIN_SAMPLED_MS ?? 1000);
const MAX_REPEATS = 200;

async function loadPages() {
  const dir = join(HERE, 'web-pages');
  const pages = [];
  // BENCH_WEB_PAGES=partner,awards times only those areas' files.
  const only = process.env.BENCH_WEB_PAGES?.split(',').map((x) => `${x.trim()}.js`);
  // BENCH_WEB_NAMES='admin users,panel home' times only the pages of those names (a quick look
  // at small pages without the panel's whole-year reports, minutes each on a loaded machine).
  // Names with a comma ('awards list, filtered and sorted') are chosen with '|' between names.
  const chosen = process.env.BENCH_WEB_NAMES;
  const names = chosen?.split(chosen.includes('|') ? '|' : ',').map((x) => x.trim());
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js') && (!only || only.includes(x))).sort()) {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    for (const p of mod.default ?? []) if (!names || names.includes(p.name)) pages.push({ ...p, file: f });
  }
  return pages;
}

/** One GET on a keep-alive agent: { status, ms, body }. */
export function get(agent, url, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function post(agent, url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A partner user of `organisationId`, made as createStaffUser makes staff. */
async function createPartner(pool, organisationId) {
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const email = `bench-partner-${process.pid}-${randomBytes(3).toString('hex')}@bench.ringfence.local`;
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const { rows } = await pool.query(
    `INSERT INTO app_user (email, name, role, organisation_id, password_hash) VALUES ($1, 'Benchmark partner', 'partner', $2, $3) RETURNING id`,
    [email, organisationId, passwordHash],
  );
  return { id: rows[0].id, email, password, role: 'partner' };
}

const cookiesOf = (headers) => (headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');

/** Signs in to the web as `user`: the sign-in page's CSRF token and cookie, then POST /sign-in. */
export async function signIn(agent, webUrl, user) {
  const page = await get(agent, `${webUrl}/sign-in`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on /sign-in (${page.status})`);
  const cookie = cookiesOf(page.headers);
  const form = new URLSearchParams({ email: user.email, password: user.password, _csrf: token }).toString();
  const res = await post(agent, `${webUrl}/sign-in`, form, { 'content-type': 'application/x-www-form-urlencoded', cookie });
  if (res.status !== 303) throw new Error(`web sign-in as ${user.role} answered ${res.status}`);
  return cookiesOf(res.headers) || cookie;
}

export async function run(ctx) {
  const pages = await loadPages();
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: 2, application_name: 'ringfence-bench-web-pages' });
  pool.on('error', () => undefined);
  const users = {};
  let api = null;
  let web = null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    // A partner whose organisation holds awards, so its pages have rows to show.
    const { rows: [org] } = await pool.query(`SELECT recipient_organisation_id AS id FROM award GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    for (const role of new Set(pages.map((p) => p.role))) {
      // A partner must belong to an organisation from its first row (app_user_partner_has_organisation).
      users[role] = role === 'partner' ? await createPartner(pool, org.id) : await createStaffUser(pool, role);
    }
    const secret = randomBytes(32).toString('hex');
    api = await startApi({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, jwtSecret: secret });
    const port = await freePort();
    const webUrl = `http://127.0.0.1:${port}`;
    web = await startChild(WEB_MAIN, {
      name: 'the web front end',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        DATABASE_URL: ctx.databaseUrl,
        REDIS_URL: ctx.redisUrl,
        QUEUE_PREFIX: `bench-web-${process.pid}`,
        PORT: String(port),
        JWT_SECRET: secret,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'warn',
      },
      ready: async () => (await fetch(`${webUrl}/sign-in`)).ok,
    });
    const tokens = {};
    const cookies = {};
    for (const [role, user] of Object.entries(users)) {
      tokens[role] = await login(api.url, user);
      cookies[role] = await signIn(agent, webUrl, user);
    }
    const apiCtx = {
      // For a page whose data the bench set lacks (finance's reconciliation run): it makes the
      // data in its page() and removes it in its cleanup(), called once the page is timed.
      databaseUrl: ctx.databaseUrl,
      redisUrl: ctx.redisUrl,
      api: async (role, path) => {
        const res = await get(agent, `${api.url}${path}`, { authorization: `Bearer ${tokens[role]}` });
        if (res.status !== 200) throw new Error(`GET ${path} as ${role}: ${res.status}`);
        return JSON.parse(res.body);
      },
    };
    const timePage = async (role, path) => {
      const res = await get(agent, `${webUrl}${path}`, { cookie: cookies[role] });
      if (res.status !== 200) throw new Error(`page ${path} as ${role}: ${res.status} ${res.body.slice(0, 200)}`);
      return res.ms;
    };
    const timeApi = async (role, paths) => {
      let ms = 0;
      for (const path of paths) {
        const res = await get(agent, `${api.url}${path}`, { authorization: `Bearer ${tokens[role]}` });
        if (res.status !== 200) throw new Error(`GET ${path} as ${role}: ${res.status}`);
        ms += res.ms;
      }
      return ms;
    };

    const results = [];
    for (const spec of pages) {
      try {
        const path = await spec.page(apiCtx);
        const apiPaths = await spec.api(apiCtx);
        for (let i = 0; i < WARMUP; i++) {
          await timePage(spec.role, path);
          await timeApi(spec.role, apiPaths);
        }
        const pageMs = [];
        const apiMs = [];
        let sampledMs = 0;
        for (let i = 0; i < MAX_REPEATS && (i < REPEATS || sampledMs < MIN_SAMPLED_MS); i++) {
          // Alternate who goes first, so a slow spell of the shared machine favours neither.
          if (i % 2) {
            apiMs.push(await timeApi(spec.role, apiPaths));
            pageMs.push(await timePage(spec.role, path));
          } else {
            pageMs.push(await timePage(spec.role, path));
            apiMs.push(await timeApi(spec.role, apiPaths));
          }
          sampledMs += pageMs.at(-1);
        }
        const p = median(pageMs);
        const a = median(apiMs);
        const r = round(p / a);
        results.push({ name: spec.name, file: spec.file, role: spec.role, path, api: apiPaths, pageMedianMs: round(p, 2), apiMedianMs: round(a, 2), ratio: r, repeats: pageMs.length, met: r <= GOAL_RATIO });
        ctx.log(spec.name, { path, pageMs: round(p, 2), apiMs: round(a, 2), ratio: r, repeats: pageMs.length });
      } catch (error) {
        results.push({ name: spec.name, file: spec.file, role: spec.role, error: String(error.message ?? error).slice(0, 300), met: false });
        ctx.log(`${spec.name} failed`, { error: String(error.message ?? error).slice(0, 300) });
      } finally {
        await spec.cleanup?.(apiCtx);
      }
    }
    const measured = results.filter((r) => r.ratio !== undefined);
    const worst = measured.reduce((w, r) => (w && w.ratio >= r.ratio ? w : r), null);
    return {
      goal: `each web page <= ${GOAL_RATIO}x the JSON API calls for the same data (sum of their times)`,
      met: results.length > 0 && results.every((r) => r.met),
      ratio: worst?.ratio ?? null,
      repeats: REPEATS,
      subjectMedianMs: worst?.pageMedianMs,
      baselineMedianMs: worst?.apiMedianMs,
      notes: [
        `${measured.length} of ${results.length} pages measured from ${[...new Set(pages.map((p) => p.file))].join(', ')}; ratio shown: the worst (${worst?.name ?? 'none'})`,
        ...results.map((r) => (r.error ? `${r.name}: failed: ${r.error}` : `${r.name} ${r.path}: ${r.pageMedianMs} ms vs ${r.apiMedianMs} ms for ${r.api.join(' + ')} (ratio ${r.ratio}, ${r.repeats} pairs${r.met ? '' : ', goal not met'})`)),
        `one request at a time on a keep-alive socket, page and API alternated, medians of ${REPEATS} pairs or more (until a page's samples add up to ${MIN_SAMPLED_MS} ms, at most ${MAX_REPEATS}) after ${WARMUP} warm-up rounds; web and API are the compiled apps (NODE_ENV=production, LOG_LEVEL=warn) on the bench database`,
      ],
      pages: results,
    };
  } finally {
    agent.destroy();
    await web?.stop();
    await api?.stop();
    for (const user of Object.values(users)) await deleteUser(pool, user).catch(() => undefined);
    await pool.end();
  }
}
