// Where the reminder scan's time goes (issue 17.5; test/bench/FINDINGS.md, round 7): runs
// RemindersService.scan once in this process on a bench database, as the reminders bench does,
// timing every statement the pg client sends (grouped by the scan's step) and the queueing of the
// send jobs (ReminderSendQueue.enqueue), then removes what it wrote (notifications, bench queues),
// as the bench does after each repeat. With STATIO=1 it also prints the notification table's and
// indexes' blocks read from outside shared_buffers vs found in them during the scan.
//
//   BENCH_SCALE=100 node test/bench/experiments/reminder-scan-profile.js   (after npm run build)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AS_OF } from '../generate.js';
import { clearBenchQueues, createBenchContext } from '../lib/app.js';
import { watchStatements } from '../lib/statement-timer.js';
import { benchDatabaseName, databaseUrlFor } from '../run.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const databaseUrl = databaseUrlFor(benchDatabaseName(scale));
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The scan's step a statement belongs to, from its text. */
function stepOf(text) {
  if (/INSERT INTO notification/.test(text)) return 'insert notifications';
  if (/FROM reporting_period p/.test(text) && /LIMIT/.test(text)) return 'owed periods (page)';
  if (/FROM notification/.test(text)) return 'steps already decided';
  if (/app_user|contact_email/.test(text)) return 'partner emails';
  if (/lead_officer|commissioner/.test(text)) return 'escalation facts';
  if (/^(BEGIN|COMMIT|START|ROLLBACK)/i.test(text)) return 'transaction control';
  return text.replace(/\s+/g, ' ').slice(0, 60);
}

const byStep = new Map();
watchStatements((text) => (ms) => {
  const key = stepOf(text);
  const s = byStep.get(key) ?? { n: 0, ms: 0 };
  s.n++;
  s.ms += ms;
  byStep.set(key, s);
});

const statio = async (client) =>
  (
    await client.query(`SELECT relname AS name, heap_blks_read AS r, heap_blks_hit AS h, idx_blks_read AS ir, idx_blks_hit AS ih FROM pg_statio_user_tables WHERE relname IN ('notification', 'reporting_period', 'monitoring_return', 'award')`)
  ).rows;

const app = await createBenchContext({ databaseUrl, redisUrl });
const domain = await import('#domain/index.js');
const { ReminderSendQueue } = await import('../../../dist/libs/domain/src/reminders/reminder-send.queue.js');
const sends = app.get(ReminderSendQueue);
let enqueueMs = 0;
const enqueue = sends.enqueue.bind(sends);
sends.enqueue = async (ids) => {
  const t0 = performance.now();
  try {
    return await enqueue(ids);
  } finally {
    enqueueMs += performance.now() - t0;
  }
};
const db = new pg.Client({ connectionString: databaseUrl, application_name: 'ringfence-bench-scan-profile' });
await db.connect();
const since = (await db.query('SELECT now() AS t')).rows[0].t;
try {
  const before = await statio(db);
  const t0 = performance.now();
  const result = await app.get(domain.RemindersService).scan(AS_OF);
  const total = performance.now() - t0;
  const after = await statio(db);
  console.log(`scale ${scale}: scan ${Math.round(total)} ms, ${result.periodsScanned} periods, ${result.created} notifications written, ${result.enqueued} queued`);
  const rows = [...byStep].sort((a, b) => b[1].ms - a[1].ms);
  for (const [step, s] of rows) console.log(`  ${step.padEnd(28)} ${String(s.n).padStart(6)} statements ${Math.round(s.ms).toString().padStart(8)} ms  ${((100 * s.ms) / total).toFixed(1)} %`);
  console.log(`  ${'queueing send jobs'.padEnd(28)} ${''.padStart(17)} ${Math.round(enqueueMs).toString().padStart(8)} ms  ${((100 * enqueueMs) / total).toFixed(1)} %`);
  if (process.env.STATIO) {
    for (const b of before) {
      const a = after.find((x) => x.name === b.name);
      console.log(`  ${b.name}: table blocks read ${a.r - b.r}, hit ${a.h - b.h}; index blocks read ${a.ir - b.ir}, hit ${a.ih - b.ih}`);
    }
  }
} finally {
  await db.query(`DELETE FROM notification WHERE created_at >= $1`, [since]);
  await db.end();
  await clearBenchQueues(redisUrl);
  await app.close();
}
