// Where a web page's time goes (issue 17.6): the compiled web app in this process on the scale-1
// bench database, signed in as a new user of ROLE (default partner; removed afterwards); each
// path fetched N times (default 10); prints the last request's statements (start ms, duration
// ms, text), and per request with EACH=1 the total, the time to the first statement, the end of
// the last one, and Nunjucks' render time. `npm run build` first.
//
//   ROLE=finance EACH=1 node test/bench/lib/profile-web-page.js '/payments?tab=held' /reconciliation
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import pg from 'pg';
import { benchDatabaseName, databaseUrlFor } from '../run.js';
import { watchStatements } from './statement-timer.js';

const DB = databaseUrlFor(benchDatabaseName(1));
let log = null;
watchStatements((text) => {
  if (!log) return undefined;
  const mylog = log;
  const t0 = performance.now();
  return (ms) => mylog.push([Math.round((t0 - mylog.t0) * 10) / 10, Math.round(ms * 10) / 10, text.replace(/\s+/g, ' ').slice(0, 160)]);
});
const nunjucks = (await import('nunjucks')).default;
const origRender = nunjucks.Environment.prototype.render;
let renderMs = 0;
nunjucks.Environment.prototype.render = function (name, ctx, cb) {
  // Kept layout parts are rendered synchronously, inside a page's render (layout-parts.ts): only a page's render is timed.
  if (typeof cb !== 'function') return origRender.call(this, name, ctx);
  const t0 = performance.now();
  return origRender.call(this, name, ctx, (err, res) => { renderMs = performance.now() - t0; cb(err, res); });
};
const { createWebApp } = await import('../../../dist/apps/web/src/web.bootstrap.js');
const app = await createWebApp({ DATABASE_URL: DB, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'prof-web', NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: randomBytes(32).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex'), PORT: '0' });
await app.listen(0, '127.0.0.1');
const url = await app.getUrl();
const pool = new pg.Pool({ connectionString: DB, max: 1 });
const role = process.env.ROLE ?? 'partner';
const { rows: [org] } = await pool.query(`SELECT recipient_organisation_id AS id FROM award GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
const password = 'prof-' + randomBytes(8).toString('hex');
const email = `prof-${process.pid}@bench.ringfence.local`;
const hash = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
const { rows: [u] } = await pool.query(`INSERT INTO app_user (email, name, role, organisation_id, password_hash) VALUES ($1,'Prof',$2,$3,$4) RETURNING id`, [email, role, role === 'partner' ? org.id : null, hash]);
try {
  const r1 = await fetch(`${url}/sign-in`);
  const body = await r1.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(body)[1];
  let cookie = r1.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const r2 = await fetch(`${url}/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ email, password, _csrf: token }) });
  cookie = r2.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') || cookie;
  const paths = process.argv.slice(2);
  const n = Number(process.env.N ?? 10);
  for (const path of paths) {
    const times = [];
    for (let i = 0; i < n; i++) {
      log = []; log.t0 = performance.now();
      const r = await fetch(`${url}${path}`, { headers: { cookie } });
      const txt = await r.text();
      const ms = performance.now() - log.t0;
      times.push(ms);
      if (process.env.EACH) console.log(`  #${i} total ${ms.toFixed(1)} first-sql ${log[0]?.[0]} sql-end ${Math.max(...log.map((l) => l[0] + l[1])).toFixed(1)} render ${renderMs.toFixed(1)}`);
      if (i === n - 1) {
        console.log(`${path} status ${r.status} ${txt.length} bytes ${ms.toFixed(1)} ms; statements ${log.length}`);
        if (r.status !== 200) console.log(txt.replace(/\s+/g, " ").replace(/.*<main/, "<main").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 800));
        for (const l of log) console.log('  ', l.join(' | '));
      }
    }
    times.sort((a, b) => a - b);
    console.log(`${path} median ${times[Math.floor(n / 2)].toFixed(1)} min ${times[0].toFixed(1)}`);
  }
  log = null;
} finally {
  await pool.query('DELETE FROM app_user WHERE id = $1', [u.id]).catch((e) => console.log('del', e.message));
  await pool.end();
  await app.close();
}
