// What holds the worker's memory during a reconciliation run or a reminder scan (issue 17.3/17.5:
// worker peak RSS < 300 MB at scale 10): boots the domain services in this process as the bench's
// service child does, runs the job a few times (the reconciliation as a fresh manual run of the
// bench year, the scan from no notifications, both removed afterwards) and samples this process's
// memory every few milliseconds: RSS split as the kernel counts it (anonymous vs file-backed),
// V8's heap (total, used, and per space at its peak), external memory and array buffers, with the
// kernel's high-water mark (VmHWM) after boot and after each repeat.
//
//   npm run build && BENCH_DATABASE_NAME=<a private copy> node [flags] test/bench/experiments/worker-memory.js reconciliation|reminders|panel-pack [scale] [repeats]
// Node's flags are what is compared: none (V8's defaults), the worker's (apps/worker/node-options),
// or others (--max-semi-space-size, --max-old-space-size, --trace-gc, --expose-gc).
import { readFileSync } from 'node:fs';
import { constants as perf, performance, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import pg from 'pg';
import { AS_OF } from '../generate.js';
import { clearBenchQueues, createBenchContext } from '../lib/app.js';
import { round } from '../lib/measure.js';
import { benchDatabaseName, databaseUrlFor } from '../run.js';

const job = process.argv[2] ?? 'reconciliation';
const scale = Number(process.argv[3] ?? 1);
const repeats = Number(process.argv[4] ?? 3);
const databaseUrl = databaseUrlFor(benchDatabaseName(scale));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const mb = (bytes) => round(bytes / 1048576, 1);

/** VmRSS, VmHWM and RSS's anonymous / file-backed parts, in bytes. */
function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const field = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile') };
}

const app = await createBenchContext({ databaseUrl, redisUrl });
const domain = await import('#domain/index.js');
const db = new pg.Client({ connectionString: databaseUrl, application_name: 'ringfence-bench-worker-memory' });
await db.connect();
const { rows: [{ now: since }] } = await db.query(`SELECT now()`);
const { rows: [{ summary }] } = await db.query(`SELECT summary FROM bench_dataset`);
const financialYear = summary.financialYear;
const runIds = [];
const packIds = [];
// Main-thread GC pauses by kind (scavenge, mark-compact, ...), summed per repeat: what a smaller
// heap limit costs the run's critical path (concurrent marking on V8's helper threads is not here).
const GC_KINDS = { [perf.NODE_PERFORMANCE_GC_MINOR]: 'minor', [perf.NODE_PERFORMANCE_GC_MAJOR]: 'major', [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
let gcPauses = {};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = GC_KINDS[e.detail?.kind] ?? String(e.detail?.kind);
    const k = (gcPauses[kind] ??= { n: 0, ms: 0 });
    k.n++;
    k.ms = round(k.ms + e.duration);
  }
}).observe({ entryTypes: ['gc'] });

const bootStatus = status();
const bootMem = process.memoryUsage();
console.log(JSON.stringify({ job, scale, flags: process.execArgv.join(' '), heapLimitMb: mb(v8.getHeapStatistics().heap_size_limit), boot: { vmHwmMb: mb(bootStatus.hwm), rssMb: mb(bootStatus.rss), anonMb: mb(bootStatus.anon), fileMb: mb(bootStatus.file), heapTotalMb: mb(bootMem.heapTotal), heapUsedMb: mb(bootMem.heapUsed), externalMb: mb(bootMem.external) } }));

async function once() {
  if (job === 'reconciliation') {
    const { rows } = await db.query(`INSERT INTO reconciliation_run (financial_year, trigger) VALUES ($1, 'manual') RETURNING id`, [financialYear]);
    runIds.push(rows[0].id);
    const outcome = await app.get(domain.ReconciliationService).execute(rows[0].id, { asOf: AS_OF });
    const { rows: [r] } = await db.query(`SELECT counts, total_awards FROM reconciliation_run WHERE id = $1`, [rows[0].id]);
    return { outcome, awards: r.total_awards, findings: r.counts?.total };
  }
  if (job === 'panel-pack') {
    // The other whole-year job of the worker: the year's reports read into memory and drawn as one PDF.
    const { rows } = await db.query(`INSERT INTO panel_pack (financial_year) VALUES ($1) RETURNING id`, [financialYear]);
    packIds.push(rows[0].id);
    const outcome = await app.get(domain.PanelPackService).render(rows[0].id);
    const { rows: [p] } = await db.query(`SELECT byte_size, error FROM panel_pack WHERE id = $1`, [rows[0].id]);
    return { outcome, pdfBytes: p.byte_size, error: p.error };
  }
  const r = await app.get(domain.RemindersService).scan(AS_OF);
  return { periods: r.periodsScanned, created: r.created, enqueued: r.enqueued };
}

async function cleanUp() {
  if (runIds.length) await db.query(`DELETE FROM reconciliation_run WHERE id = ANY($1::uuid[])`, [runIds.splice(0)]);
  if (packIds.length) await db.query(`DELETE FROM panel_pack WHERE id = ANY($1::uuid[])`, [packIds.splice(0)]);
  if (job === 'reminders') {
    await db.query(`DELETE FROM notification WHERE created_at >= $1`, [since]);
    await db.query(`VACUUM (ANALYZE) notification`);
    await clearBenchQueues(redisUrl);
  }
}

try {
  for (let i = 0; i < repeats; i++) {
    const max = { rss: 0, anon: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    let spacesAtPeak = null;
    const sample = () => {
      const m = process.memoryUsage();
      const s = status();
      if (s.rss > max.rss) spacesAtPeak = v8.getHeapSpaceStatistics().map((x) => `${x.space_name.replace('_space', '')} ${mb(x.space_size)}/${mb(x.space_used_size)}`).join(', ');
      max.rss = Math.max(max.rss, s.rss);
      max.anon = Math.max(max.anon, s.anon);
      for (const k of ['heapTotal', 'heapUsed', 'external', 'arrayBuffers']) max[k] = Math.max(max[k], m[k]);
    };
    const timer = setInterval(sample, 5);
    // BENCH_LIVE_GC=<ms> (with --expose-gc): a full collection that often during the run, and the
    // largest heap it leaves: what the run holds alive at once (its time is then not the run's).
    let liveMax = 0;
    const live = process.env.BENCH_LIVE_GC && globalThis.gc ? setInterval(() => { globalThis.gc(); liveMax = Math.max(liveMax, process.memoryUsage().heapUsed); }, Number(process.env.BENCH_LIVE_GC)) : null;
    gcPauses = {};
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await once();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    sample();
    clearInterval(timer);
    if (live) clearInterval(live);
    console.log(JSON.stringify({ repeat: i + 1, ms: round(ms), cpuMs: round((cpu.user + cpu.system) / 1000), gcPauses, ...r, ...(live ? { liveHeapMaxMb: mb(liveMax) } : {}), vmHwmMb: mb(status().hwm), maxMb: Object.fromEntries(Object.entries(max).map(([k, v]) => [k, mb(v)])), heapUsedAfterMb: mb(process.memoryUsage().heapUsed), spacesAtPeakMb: spacesAtPeak }));
    await cleanUp();
  }
} finally {
  await cleanUp().catch(() => undefined);
  await db.end();
  await app.close();
}
