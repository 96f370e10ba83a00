// Where a service call spends its time, by SQL statement: wraps pg's Client.query in this
// process, runs one call of a domain service against a bench database, and prints the
// statements by total time (count, total ms, mean ms) next to the call's wall time.
//
//   node test/bench/lib/profile-queries.js <scale> ReconciliationService execute '["<runId>", {"asOf":"2026-05-20"}]'
//   node test/bench/lib/profile-queries.js 1 ReportsService outcomes '[{"role":"admin","userId":null},"2025/26"]'
// (reconciliation needs a queued run: the tool inserts one when the first argument is "<run>").
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createBenchContext, clearBenchQueues } from './app.js';
import { watchStatements } from './statement-timer.js';
import { benchDatabaseName, databaseUrlFor } from '../run.js';

const [scaleArg, service, method, argsJson = '[]'] = process.argv.slice(2);
const databaseUrl = databaseUrlFor(benchDatabaseName(Number(scaleArg)));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const stats = new Map();
watchStatements((text) => (ms) => {
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
  const s = stats.get(key) ?? { n: 0, ms: 0 };
  s.n++;
  s.ms += ms;
  stats.set(key, s);
});

const app = await createBenchContext({ databaseUrl, redisUrl });
const domain = await import('#domain/index.js');
const args = JSON.parse(argsJson);
const admin = new pg.Client({ connectionString: databaseUrl });
await admin.connect();
let runId = null;
if (args[0] === '<run>') {
  runId = (await admin.query(`INSERT INTO reconciliation_run (financial_year, trigger) VALUES ('2025/26', 'manual') RETURNING id`)).rows[0].id;
  args[0] = runId;
}
stats.clear();
const t0 = performance.now();
await app.get(domain[service])[method](...args);
const wall = performance.now() - t0;
const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
const sqlMs = rows.reduce((s, [, v]) => s + v.ms, 0);
console.log(`wall ${wall.toFixed(0)} ms; in SQL round trips ${sqlMs.toFixed(0)} ms over ${rows.reduce((s, [, v]) => s + v.n, 0)} statements; the rest is JavaScript`);
for (const [k, v] of rows.slice(0, 15)) console.log(`${String(v.n).padStart(6)} ${v.ms.toFixed(0).padStart(7)} ms ${(v.ms / v.n).toFixed(2).padStart(8)} ms  ${k}`);
if (runId) await admin.query(`DELETE FROM reconciliation_run WHERE id = $1`, [runId]);
await admin.end();
await app.close();
await clearBenchQueues(redisUrl);
