// Where a warm reconciliation run's time goes beyond the bench's baseline (issue 17.3): runs
// ReconciliationService.execute several times in this process (the first ones warm V8 and the
// caches; each has the one before as its previous run, as in the bench), and prints per statement
// the count, the summed round-trip time and the time it was the only statement in flight (the
// run overlaps page writes with FETCHes, so summed time overstates what a statement adds to wall).
//
//   npm run build && BENCH_DATABASE_NAME=<a private copy> node test/bench/experiments/reconciliation-profile.js [scale] [runs] [batch sizes]
// With batch sizes (e.g. 2000,1000), runs alternate between them and the medians are compared.
// Each run is paired with the bench's baseline statement just before it (the ratio of each pair,
// median over the runs after two warm-ups, is steadier than separate medians on a shared machine).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { BASELINE_RUN_SQL, BASELINE_SQL } from '../baseline/reconciliation-sql.js';
import { AS_OF } from '../generate.js';
import { clearBenchQueues, createBenchContext } from '../lib/app.js';
import { watchStatements } from '../lib/statement-timer.js';
import { benchDatabaseName, databaseUrlFor } from '../run.js';

const scale = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? 6);
const batchSizes = (process.argv[4] ?? '').split(',').filter(Boolean).map(Number);
const databaseUrl = databaseUrlFor(benchDatabaseName(scale));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

let stats = new Map();
let inFlight = 0;
let soloSince = null;
let current = null;
// Time with no statement in flight (JavaScript, or waiting on nothing) and with two or more.
let idleMs = 0;
let overlapMs = 0;
watchStatements((text) => {
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 100);
  const s = stats.get(key) ?? { n: 0, ms: 0, soloMs: 0 };
  stats.set(key, s);
  // Time alone in flight is charged to the statement that was alone.
  const now = performance.now();
  if (inFlight === 1 && current) current.soloMs += now - soloSince;
  if (inFlight === 0 && soloSince !== null) idleMs += now - soloSince;
  if (inFlight >= 2) overlapMs += now - soloSince;
  inFlight++;
  current = inFlight === 1 ? s : null;
  soloSince = now;
  return (ms) => {
    s.n++;
    s.ms += ms;
    const end = performance.now();
    if (inFlight === 1 && current) current.soloMs += end - soloSince;
    if (inFlight >= 2) overlapMs += end - soloSince;
    inFlight--;
    current = null;
    soloSince = end;
  };
});

const app = await createBenchContext({ databaseUrl, redisUrl });
const domain = await import('#domain/index.js');
const admin = new pg.Client({ connectionString: databaseUrl });
await admin.connect();
const runIds = [];
const walls = [];
const byBatch = new Map();
const cpus = [];
const pairs = [];
let last;
try {
  for (let i = 0; i < runs; i++) {
    const { rows } = await admin.query(`INSERT INTO reconciliation_run (financial_year, trigger) VALUES ('2025/26', 'manual') RETURNING id`);
    runIds.push(rows[0].id);
    stats = new Map();
    await admin.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const { rows: baseRun } = await admin.query(BASELINE_RUN_SQL, ['2025/26']);
    runIds.push(baseRun[0].id);
    const b0 = performance.now();
    await admin.query(BASELINE_SQL, ['2025/26', AS_OF, baseRun[0].id]);
    await admin.query('COMMIT');
    const baselineMs = performance.now() - b0;
    const batchSize = batchSizes.length ? batchSizes[i % batchSizes.length] : undefined;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await app.get(domain.ReconciliationService).execute(rows[0].id, { asOf: AS_OF, ...(batchSize ? { batchSize } : {}) });
    walls.push(Math.round(performance.now() - t0));
    pairs.push({ baselineMs, runMs: walls.at(-1) });
    const c = process.cpuUsage(c0);
    cpus.push(Math.round((c.user + c.system) / 1000));
    last = stats;
    last.idle = { idleMs, overlapMs };
    if (batchSize && i >= batchSizes.length) byBatch.set(batchSize, [...(byBatch.get(batchSize) ?? []), walls.at(-1)]);
  }
} finally {
  stats = new Map(); // the clean-up is not the run's
  await admin.query(`DELETE FROM reconciliation_run WHERE id = ANY($1::uuid[])`, [runIds]);
  await admin.end();
  await app.close();
  await clearBenchQueues(redisUrl);
}
for (const [size, w] of byBatch) console.log(`batch ${size}: median ${[...w].sort((a, b) => a - b)[Math.floor(w.length / 2)]} ms (${w.join('/')})`);
const rows = [...last].sort((a, b) => b[1].ms - a[1].ms);
const sum = (k) => rows.reduce((t, [, v]) => t + v[k], 0);
const ratios = pairs.slice(2).map((p) => p.runMs / p.baselineMs).sort((a, b) => a - b);
console.log(`run / baseline per pair: median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (${pairs.slice(2).map((p) => `${p.runMs}/${Math.round(p.baselineMs)}`).join(' ')})`);
const warm = cpus.slice(2).sort((a, b) => a - b);
console.log(`this process's CPU per run ${cpus.join('/')} ms (median after two warm-up runs ${warm[Math.floor(warm.length / 2)]} ms)`);
console.log(`walls ${walls.join('/')} ms; last run: ${rows.reduce((t, [, v]) => t + v.n, 0)} statements, ${sum('ms').toFixed(0)} ms summed, ${sum('soloMs').toFixed(0)} ms with one statement in flight, ${last.idle.idleMs.toFixed(0)} ms with none (JavaScript), ${last.idle.overlapMs.toFixed(0)} ms with two or more`);
console.log('     n   summed     solo  statement');
for (const [k, v] of rows) console.log(`${String(v.n).padStart(6)} ${v.ms.toFixed(1).padStart(8)} ${v.soloMs.toFixed(1).padStart(8)}  ${k}`);
