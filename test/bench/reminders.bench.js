// The reminder scan over all reporting periods (issue 8): RemindersService.scan, what the
// worker's job catalogue binds the scheduled scan to, in a child process so its memory is its
// own, against one bare SELECT of the same owed periods. Goal: time linear in periods (checked
// against the other scale's committed result) and memory flat (keyset-paged: the child's RSS
// growth over its boot must not grow with the data).
//
// Every repeat starts from no notifications; what a scan wrote (rows, and the send jobs it queued
// under the bench queue prefix) is removed after each.
import pg from 'pg';
import { AS_OF } from './generate.js';
import { clearBenchQueues } from './lib/app.js';
import { startServiceChild } from './lib/child.js';
import { measure, ratio, round } from './lib/measure.js';
import { benchWorkerFlags } from './lib/worker-flags.js';
import { growthAgainstOtherScale } from './reconciliation.bench.js';

export const name = 'reminders';

/** Memory "flat": peak RSS under the worker's cap at every scale, and at 10x the periods at most 1.5x the peak. */
const RSS_CAP_MB = 300;
const FLAT_PEAK_GROWTH = 1.5;

/** The scan's own filter over every period in one statement, without paging, steps or writes. */
export const BASELINE_SQL = `
  SELECT p.id, p.key, p.period_start::text AS period_start, p.period_end::text AS period_end, p.due_date::text AS due_date,
         a.id AS award_id, a.reference, a.title, a.funding_stream_id, a.recipient_organisation_id,
         o.name AS organisation, o.contact_email, r.status AS return_status
    FROM reporting_period p
    JOIN award a ON a.id = p.award_id AND a.status IN ('approved','active','suspended')
    JOIN organisation o ON o.id = a.recipient_organisation_id
    LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
   WHERE (r.id IS NULL OR r.status IN ('draft','revision_requested'))
     AND p.due_date <= ($1::date + 120)`;

export async function run(ctx) {
  const { log, summary } = ctx;
  // BENCH_REPEATS shortens a run at scale 30 and up, where one sample takes minutes (as reconciliation's).
  const repeats = Number(process.env.BENCH_REPEATS ?? (ctx.scale >= 10 ? 3 : 5));
  const db = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'ringfence-bench-reminders' });
  await db.connect();
  let child;
  const cleanUp = async (since) => {
    await db.query(`DELETE FROM notification WHERE created_at >= $1`, [since]);
    // As autovacuum would in production between hourly scans: without it every repeat left ~95,000
    // dead rows per scale 10 and the table was never analysed, so each page's read of the steps
    // already decided scanned 1.6 million dead rows (354 ms a page; test/bench/FINDINGS.md, reminders).
    await db.query(`VACUUM (ANALYZE) notification`);
    await clearBenchQueues(ctx.redisUrl);
  };
  const { rows: [{ now: benchStart }] } = await db.query(`SELECT now()`);
  try {
    await db.query(`VACUUM (ANALYZE) notification`);
    const { rows: [{ n: before }] } = await db.query(`SELECT count(*)::int AS n FROM notification`);
    let owed = 0;
    const baseline = await measure(async () => (owed = (await db.query(BASELINE_SQL, [AS_OF])).rowCount), { repeats });
    log('baseline', { medianMs: baseline.medianMs, owedPeriods: owed });

    // With the worker's own Node flags (package.json's start:worker): its heap limit sets the peak.
    const workerFlags = benchWorkerFlags();
    child = await startServiceChild({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, execArgv: workerFlags });
    const boot = child.boot;
    const scans = [];
    // As autovacuum would during a long scan (it analyses a table once a minute when 50 rows and
    // 10 % have changed). This server runs with autovacuum off, so without it the scan planned on
    // the emptied table's statistics all the way: at scale 100 the lookups of steps already
    // decided and the send marks walked the growing table (222.9 s; 134.5 s with autovacuum on,
    // test/bench/FINDINGS.md, round 7).
    const analyseEveryMinute = () => setInterval(() => void db.query('ANALYZE notification').catch(() => undefined), 60_000);
    const subject = await measure(
      async () => {
        const analysing = analyseEveryMinute();
        let reply;
        try {
          reply = await child.call('RemindersService', 'scan', [AS_OF]);
        } finally {
          clearInterval(analysing);
        }
        scans.push(reply);
        await cleanUp(benchStart);
      },
      { repeats, warmup: 1 },
    );
    const peak = await child.stop();
    child = null;
    const last = scans[scans.length - 1].value;
    if (last.periodsScanned !== owed) throw new Error(`the scan walked ${last.periodsScanned} owed periods, the SQL finds ${owed}`);
    const { rows: [{ n: after }] } = await db.query(`SELECT count(*)::int AS n FROM notification`);
    if (after !== before) throw new Error(`notifications left behind: ${after - before}`);

    const periods = summary.periods;
    const rssGrowthMb = round(peak.peakRssMb - boot.rssMb, 1);
    const result = {
      goal: `time linear in periods (time per period within 1.5x from scale 1 to 10); memory flat (worker peak RSS < ${RSS_CAP_MB} MB, and within ${FLAT_PEAK_GROWTH}x from scale 1 to 10)`,
      ratio: ratio(subject.medianMs, baseline.medianMs),
      baselineMedianMs: baseline.medianMs,
      subjectMedianMs: subject.medianMs,
      baselineSamplesMs: baseline.samplesMs,
      subjectSamplesMs: subject.samplesMs,
      repeats,
      asOf: AS_OF,
      periods,
      owedPeriods: owed,
      scan: last,
      msPerThousandPeriods: round((subject.medianMs / periods) * 1000),
      workerNodeFlags: workerFlags.join(' '),
      workerBootRssMb: boot.rssMb,
      workerPeakRssMb: peak.peakRssMb,
      workerRssGrowthMb: rssGrowthMb,
      workerHeapAfterScansMb: scans.map((s) => s.heapUsedMb),
      notes: [
        `${periods} periods (${owed} owed within 120 days of ${AS_OF}): scan ${subject.medianMs} ms (median of ${repeats}) vs ${baseline.medianMs} ms for the bare SELECT; it wrote ${last.created} notifications (${last.skipped} skipped, ${last.undeliverable} undeliverable) and queued ${last.enqueued} sends`,
        `worker RSS ${boot.rssMb} MB after boot, peak ${peak.peakRssMb} MB (+${rssGrowthMb} MB), node ${workerFlags.join(' ') || '(no flags)'}`,
      ],
    };
    result.growth = growthAgainstOtherScale(ctx.scale, result, name, 'periods');
    const peaks = result.growth ? result.growth.peakRssMb : [peak.peakRssMb];
    const flat = peaks.every((x) => x < RSS_CAP_MB) && (!result.growth || peaks[1] / peaks[0] <= FLAT_PEAK_GROWTH);
    result.met = flat && (result.growth ? result.growth.linear : true);
    result.notes.push(result.growth ? result.growth.text : 'growth: no result at another scale yet (run BENCH_SCALE=10 BENCH_ONLY=reminders npm run bench)');
    return result;
  } finally {
    if (child) await child.stop().catch(() => undefined);
    await cleanUp(benchStart).catch(() => undefined);
    await db.end();
  }
}
