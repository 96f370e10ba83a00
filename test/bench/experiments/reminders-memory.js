// What holds the worker's memory during a reminder scan (issue 17, reminders: peak RSS < 300 MB):
// boots the domain services in this process as the bench's service child does, runs the scan a
// few times (each repeat from no notifications, as in the bench) and samples this process's
// memory every few milliseconds: RSS, V8 heap (total and used), external memory and array
// buffers, with the kernel's high-water mark (VmHWM) after each scan.
//
//   npm run build && BENCH_DATABASE_NAME=<a private copy> node [--trace-gc] test/bench/experiments/reminders-memory.js [scale] [scans]
// Run it with node's flags to look inside: --trace-gc (each collection and the heap around it),
// --heap-prof (allocation sampling profile, written on exit), --expose-gc (a full collection
// before the first scan, so what the scan adds starts from the boot's live heap).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AS_OF } from '../generate.js';
import { clearBenchQueues, createBenchContext } from '../lib/app.js';
import { procStatus, round } from '../lib/measure.js';
import { benchDatabaseName, databaseUrlFor } from '../run.js';

const scale = Number(process.argv[2] ?? 1);
const scans = Number(process.argv[3] ?? 4);
const databaseUrl = databaseUrlFor(benchDatabaseName(scale));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const mb = (bytes) => round(bytes / 1048576, 1);

const app = await createBenchContext({ databaseUrl, redisUrl });
const { RemindersService } = await import('#domain/index.js');
const reminders = app.get(RemindersService);
const db = new pg.Client({ connectionString: databaseUrl, application_name: 'ringfence-bench-reminders-memory' });
await db.connect();
const { rows: [{ now: since }] } = await db.query(`SELECT now()`);

globalThis.gc?.();
const boot = { ...process.memoryUsage(), hwm: procStatus(process.pid).peakRssBytes };
console.log(JSON.stringify({ bootMb: Object.fromEntries(Object.entries(boot).map(([k, v]) => [k, mb(v)])) }));

try {
  for (let i = 0; i < scans; i++) {
    const max = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
    const sample = () => {
      const m = process.memoryUsage();
      for (const k of Object.keys(max)) max[k] = Math.max(max[k], m[k]);
    };
    const timer = setInterval(sample, 5);
    // BENCH_HEAP_SAMPLE=<file>: every allocation of the second scan, sampled (collected ones
    // included), with its stack, written as a .heapprofile and summarised below.
    const profile = process.env.BENCH_HEAP_SAMPLE && i === 1 ? new Session() : null;
    if (profile) {
      profile.connect();
      await profile.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_SAMPLE_MINOR !== '0' });
    }
    const t0 = performance.now();
    const r = await reminders.scan(AS_OF);
    const ms = performance.now() - t0;
    if (profile) {
      const { profile: p } = await profile.post('HeapProfiler.stopSampling');
      profile.disconnect();
      writeFileSync(process.env.BENCH_HEAP_SAMPLE, JSON.stringify(p));
      summariseAllocations(p);
    }
    sample();
    clearInterval(timer);
    const hwm = procStatus(process.pid).peakRssBytes;
    console.log(
      JSON.stringify({
        scan: i + 1,
        ms: round(ms),
        created: r.created,
        enqueued: r.enqueued,
        maxMb: Object.fromEntries(Object.entries(max).map(([k, v]) => [k, mb(v)])),
        vmHwmMb: mb(hwm),
        heapUsedAfterMb: mb(process.memoryUsage().heapUsed),
      }),
    );
    await db.query(`DELETE FROM notification WHERE created_at >= $1`, [since]);
    await clearBenchQueues(redisUrl);
  }
} finally {
  await db.query(`DELETE FROM notification WHERE created_at >= $1`, [since]).catch(() => undefined);
  await clearBenchQueues(redisUrl).catch(() => undefined);
  await db.end();
  await app.close();
}

/** Allocated bytes by the nearest frame of our code, and by the allocating function, largest first. */
function summariseAllocations(p) {
  const byOwn = new Map();
  const bySelf = new Map();
  let total = 0;
  const walk = (node, stack) => {
    const f = node.callFrame;
    const here = [...stack, `${f.functionName || '(anon)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${f.lineNumber + 1}`];
    if (node.selfSize) {
      total += node.selfSize;
      const own = [...here].reverse().find((x) => x.includes('libs/') || x.includes('apps/')) ?? '(none)';
      byOwn.set(own, (byOwn.get(own) ?? 0) + node.selfSize);
      const pkg = here[here.length - 1];
      bySelf.set(pkg, (bySelf.get(pkg) ?? 0) + node.selfSize);
    }
    for (const c of node.children) walk(c, here);
  };
  walk(p.head, []);
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${mb(v).toFixed(1).padStart(7)} MB  ${k}`).join('\n');
  console.log(`allocated (sampled) ${mb(total)} MB\nby our nearest frame:\n${top(byOwn)}\nby allocating frame:\n${top(bySelf)}`);
}
