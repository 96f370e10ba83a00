// Reconciliation of the main financial year (issue 8): the worker's real run
// (ReconciliationService.execute, what the worker's job catalogue binds each run to) in a
// child process whose peak RSS is the kernel's VmHWM, against one hand-written SQL aggregate
// computing the same totals. The totals must agree to the penny.
//
// The child holds DomainModule as the worker does but not the worker's BullMQ schedulers, so no
// nightly job fires mid-measurement (see lib/app.js); its boot RSS is reported apart from the peak.
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { AS_OF } from './generate.js';
import { startServiceChild } from './lib/child.js';
import { measure, ratio, round } from './lib/measure.js';

export const name = 'reconciliation';

const GOAL_RATIO = 1.3;
const GOAL_RSS_MB = 300;

/** The same totals as a run's, per stream, in one statement: the baseline. */
export const BASELINE_SQL = `
  WITH aw AS (
    SELECT a.id, a.funding_stream_id, a.status, a.amount_pence
      FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
     WHERE s.financial_year = $1
  ), pay AS (
    SELECT p.award_id,
           coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0) AS paid,
           coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0) AS recovered
      FROM payment p JOIN aw ON aw.id = p.award_id
     GROUP BY p.award_id
  ), spend AS (
    SELECT DISTINCT ON (rp.award_id) rp.award_id, rv.spend_pence
      FROM reporting_period rp
      JOIN aw ON aw.id = rp.award_id
      JOIN monitoring_return r ON r.reporting_period_id = rp.id AND r.accepted_version IS NOT NULL
      JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
     ORDER BY rp.award_id, rp.period_end DESC, rp.key DESC
  )
  SELECT aw.funding_stream_id,
         count(*)::int AS awards,
         (count(*) FILTER (WHERE aw.status IN ('approved','active','suspended','closed')))::int AS committed_awards,
         coalesce(sum(aw.amount_pence) FILTER (WHERE aw.status IN ('approved','active','suspended','closed')), 0)::bigint AS committed,
         coalesce(sum(pay.paid), 0)::bigint AS paid,
         coalesce(sum(pay.recovered), 0)::bigint AS recovered,
         coalesce(sum(spend.spend_pence), 0)::bigint AS spend
    FROM aw LEFT JOIN pay ON pay.award_id = aw.id LEFT JOIN spend ON spend.award_id = aw.id
   GROUP BY aw.funding_stream_id`;

function baselineTotals(rows) {
  const overall = { awards: 0, committedAwards: 0, committedPence: 0, paidPence: 0, recoveredPence: 0, netPaidPence: 0, reportedSpendPence: 0 };
  const byStream = new Map();
  for (const r of rows) {
    const t = {
      awards: r.awards,
      committedAwards: r.committed_awards,
      committedPence: Number(r.committed),
      paidPence: Number(r.paid),
      recoveredPence: Number(r.recovered),
      netPaidPence: Number(r.paid) - Number(r.recovered),
      reportedSpendPence: Number(r.spend),
    };
    byStream.set(r.funding_stream_id, t);
    for (const k of Object.keys(overall)) overall[k] += t[k];
  }
  return { overall, byStream };
}

/** Differences between a run's totals and the baseline's; empty when they agree. */
function compareTotals(run, base) {
  const diffs = [];
  for (const k of Object.keys(base.overall)) if (run.overall[k] !== base.overall[k]) diffs.push(`overall.${k}: run ${run.overall[k]} vs SQL ${base.overall[k]}`);
  for (const s of run.streams) {
    const b = base.byStream.get(s.fundingStreamId) ?? { awards: 0, committedAwards: 0, committedPence: 0, paidPence: 0, recoveredPence: 0, netPaidPence: 0, reportedSpendPence: 0 };
    for (const k of Object.keys(base.overall)) if (s[k] !== b[k]) diffs.push(`stream ${s.fundingStreamId}.${k}: run ${s[k]} vs SQL ${b[k]}`);
  }
  return diffs;
}

export async function run(ctx) {
  const { summary, log } = ctx;
  const financialYear = summary.financialYear;
  const repeats = ctx.scale >= 10 ? 3 : 5;
  const db = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'ringfence-bench-reconciliation' });
  await db.connect();
  const runIds = [];
  let child;
  try {
    // Baseline: the aggregate, in the same kind of snapshot the run reads in.
    let baseRows;
    const baseline = await measure(
      async () => {
        await db.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        baseRows = (await db.query(BASELINE_SQL, [financialYear])).rows;
        await db.query('COMMIT');
      },
      { repeats, warmup: 1 },
    );
    const base = baselineTotals(baseRows);
    log('baseline', { medianMs: baseline.medianMs, awards: base.overall.awards });

    child = await startServiceChild({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl });
    const boot = child.boot;
    log('worker child ready', { pid: child.pid, bootRssMb: boot.rssMb });
    const runs = [];
    const subject = await measure(
      async () => {
        // A queued run as the API writes it (without the audit row and the enqueue: the bench calls
        // the worker's entry point directly).
        const { rows } = await db.query(`INSERT INTO reconciliation_run (financial_year, trigger) VALUES ($1, 'manual') RETURNING id`, [financialYear]);
        runIds.push(rows[0].id);
        const reply = await child.call('ReconciliationService', 'execute', [rows[0].id, { asOf: AS_OF }]);
        if (reply.value !== 'succeeded') throw new Error(`reconciliation run ended ${reply.value}`);
        runs.push(reply);
      },
      { repeats, warmup: 1 },
    );
    const peak = await child.stop();
    child = null;

    const { rows: recorded } = await db.query(`SELECT totals, counts, duration_ms, total_awards FROM reconciliation_run WHERE id = $1`, [runIds[runIds.length - 1]]);
    const diffs = compareTotals(recorded[0].totals, base);
    if (diffs.length) throw new Error(`the run's totals disagree with the SQL aggregate: ${diffs.slice(0, 5).join('; ')}`);
    const r = ratio(subject.medianMs, baseline.medianMs);
    const awards = recorded[0].total_awards;
    const result = {
      goal: `run <= ${GOAL_RATIO}x the SQL aggregate; worker peak RSS < ${GOAL_RSS_MB} MB; linear from scale 1 to 10`,
      ratio: r,
      baselineMedianMs: baseline.medianMs,
      subjectMedianMs: subject.medianMs,
      baselineSamplesMs: baseline.samplesMs,
      subjectSamplesMs: subject.samplesMs,
      repeats,
      financialYear,
      asOf: AS_OF,
      awardsReconciled: awards,
      msPerThousandAwards: round((subject.medianMs / awards) * 1000),
      totalsAgree: true,
      overallTotals: recorded[0].totals.overall,
      discrepancies: recorded[0].counts,
      workerBootRssMb: boot.rssMb,
      workerPeakRssMb: peak.peakRssMb,
      workerRssAfterRunsMb: runs.map((x) => x.rssMb),
      workerHeapAfterRunsMb: runs.map((x) => x.heapUsedMb),
      runDurationMsRecorded: recorded[0].duration_ms,
      notes: [],
    };
    const rssOk = peak.peakRssMb < GOAL_RSS_MB;
    result.growth = growthAgainstOtherScale(ctx.scale, result);
    const linear = result.growth ? result.growth.linear : null;
    result.met = r !== null && r <= GOAL_RATIO && rssOk && linear !== false;
    result.notes.push(
      `${awards} awards of ${financialYear} reconciled in ${subject.medianMs} ms (median of ${repeats}) vs ${baseline.medianMs} ms for the aggregate; ratio ${r}`,
      `worker peak RSS ${peak.peakRssMb} MB (VmHWM, including Nest boot)`,
    );
    if (result.growth) result.notes.push(result.growth.text);
    else result.notes.push('growth: no result at another scale yet (run BENCH_SCALE=10 BENCH_ONLY=reconciliation npm run bench)');
    return result;
  } finally {
    if (child) await child.stop().catch(() => undefined);
    // Leave the database as found: the runs and (by cascade) their findings and resolutions go.
    if (runIds.length) await db.query(`DELETE FROM reconciliation_run WHERE id = ANY($1::uuid[])`, [runIds]);
    await db.end();
  }
}

/** Time per award at this scale against the other scale's committed result: linear when within 1.5x. */
export function growthAgainstOtherScale(scale, result, name_ = name, perKey = 'awardsReconciled') {
  const dir = new URL('./results/', import.meta.url);
  const otherFile = scale === 1 ? `${name_}.s10.json` : `${name_}.json`;
  const path = new URL(otherFile, dir);
  if (!existsSync(path)) return null;
  const other = JSON.parse(readFileSync(path, 'utf8'));
  if (!other.subjectMedianMs || !other[perKey]) return null;
  const [small, large] = scale === 1 ? [result, other] : [other, result];
  const rows = large[perKey] / small[perKey];
  const time = large.subjectMedianMs / small.subjectMedianMs;
  const baseTime = large.baselineMedianMs / small.baselineMedianMs;
  const perUnit = time / rows;
  return {
    fromScale: scale === 1 ? 1 : other.scale,
    toScale: scale === 1 ? other.scale : scale,
    rowsGrowth: round(rows),
    timeGrowth: round(time),
    baselineTimeGrowth: round(baseTime),
    timePerRowGrowth: round(perUnit),
    peakRssMb: [small.workerPeakRssMb, large.workerPeakRssMb],
    linear: perUnit <= 1.5,
    text: `growth 1 -> ${scale === 1 ? other.scale : scale}: ${round(rows)}x the ${perKey}, ${round(time)}x the time (baseline ${round(baseTime)}x), time per row x${round(perUnit)} (${perUnit <= 1.5 ? 'linear' : 'worse than linear'})`,
  };
}
