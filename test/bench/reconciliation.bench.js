// Reconciliation of the main financial year (issue 8): the worker's real run
// (ReconciliationService.execute, what the worker's job catalogue binds each run to) in a
// child process whose peak RSS is the kernel's VmHWM, against one hand-written SQL statement
// computing the same totals and writing the same discrepancy rows (baseline/reconciliation-sql.js,
// issue 17 item 3: a baseline that writes nothing flattered neither side). The totals must agree to
// the penny and the discrepancies code by code.
//
// The child holds DomainModule as the worker does but not the worker's BullMQ schedulers, so no
// nightly job fires mid-measurement (see lib/app.js); it runs with the worker's Node flags
// (package.json's start:worker, lib/worker-flags.js); its boot RSS is reported apart from the peak.
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { AS_OF } from './generate.js';
import { startServiceChild } from './lib/child.js';
import { measure, ratio, round } from './lib/measure.js';
import { benchWorkerFlags } from './lib/worker-flags.js';
import { BASELINE_RUN_SQL, BASELINE_SQL } from './baseline/reconciliation-sql.js';

export { BASELINE_SQL };

export const name = 'reconciliation';

const GOAL_RATIO = 1.3;
const GOAL_RSS_MB = 300;

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
  // BENCH_REPEATS / BENCH_WARMUP shorten a run at scale 30 and up, where one sample takes minutes.
  const repeats = Number(process.env.BENCH_REPEATS ?? (ctx.scale >= 10 ? 3 : 5));
  const warmup = Number(process.env.BENCH_WARMUP ?? 1);
  const db = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'ringfence-bench-reconciliation' });
  await db.connect();
  const runIds = [];
  let child;
  try {
    // Baseline: one statement, in one transaction of the same isolation the run reads in, that
    // totals the year and writes its discrepancies (one INSERT ... SELECT) under a run row of its own.
    let baseRows;
    const baselineRunIds = [];
    const baseline = await measure(
      async () => {
        await db.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const { rows: ins } = await db.query(BASELINE_RUN_SQL, [financialYear]);
        baselineRunIds.push(ins[0].id);
        runIds.push(ins[0].id); // removed (with their findings) in finally
        baseRows = (await db.query(BASELINE_SQL, [financialYear, AS_OF, ins[0].id])).rows;
        await db.query('COMMIT');
      },
      { repeats, warmup },
    );
    const base = baselineTotals(baseRows);
    const baseByCode = baseRows[0]?.discrepancies_by_code ?? {};
    base.discrepancies = Object.values(baseByCode).reduce((n, c) => n + c, 0);
    log('baseline', { medianMs: baseline.medianMs, awards: base.overall.awards, discrepancies: base.discrepancies });

    // With the worker's own Node flags (package.json's start:worker): its heap limit sets the peak.
    const workerFlags = benchWorkerFlags();
    child = await startServiceChild({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl, execArgv: workerFlags });
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
      { repeats, warmup },
    );
    const peak = await child.stop();
    child = null;

    const { rows: recorded } = await db.query(`SELECT totals, counts, duration_ms, total_awards FROM reconciliation_run WHERE id = $1`, [runIds[runIds.length - 1]]);
    const diffs = compareTotals(recorded[0].totals, base);
    if (diffs.length) throw new Error(`the run's totals disagree with the SQL aggregate: ${diffs.slice(0, 5).join('; ')}`);
    // The same discrepancies, code by code, and the same rows by fingerprint (the baseline's run and the run's last).
    const runByCode = recorded[0].counts.byCode ?? {};
    const codeDiffs = [...new Set([...Object.keys(runByCode), ...Object.keys(baseByCode)])].filter((c) => (runByCode[c] ?? 0) !== (baseByCode[c] ?? 0));
    if (recorded[0].counts.total !== base.discrepancies || codeDiffs.length)
      throw new Error(`the run found ${recorded[0].counts.total} discrepancies, the SQL baseline ${base.discrepancies}: ${codeDiffs.map((c) => `${c} run ${runByCode[c] ?? 0} vs SQL ${baseByCode[c] ?? 0}`).join('; ')}`);
    const { rows: unmatched } = await db.query(
      `SELECT count(*)::int AS n FROM (SELECT fingerprint FROM reconciliation_discrepancy WHERE run_id = $1
        EXCEPT SELECT fingerprint FROM reconciliation_discrepancy WHERE run_id = $2) x`,
      [runIds[runIds.length - 1], baselineRunIds[baselineRunIds.length - 1]],
    );
    if (unmatched[0].n) throw new Error(`${unmatched[0].n} of the run's discrepancies have no row of the same fingerprint in the SQL baseline's`);
    const r = ratio(subject.medianMs, baseline.medianMs);
    const awards = recorded[0].total_awards;
    const result = {
      goal: `run <= ${GOAL_RATIO}x one SQL statement computing the totals and writing the discrepancies; worker peak RSS < ${GOAL_RSS_MB} MB; linear from scale 1 to 10`,
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
      discrepanciesAgree: true,
      baselineDiscrepancies: base.discrepancies,
      overallTotals: recorded[0].totals.overall,
      discrepancies: recorded[0].counts,
      workerNodeFlags: workerFlags.join(' '),
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
      `${awards} awards of ${financialYear} reconciled in ${subject.medianMs} ms (median of ${repeats}) vs ${baseline.medianMs} ms for the SQL baseline (totals + ${base.discrepancies} discrepancy rows written by one INSERT ... SELECT, as many as the run wrote); ratio ${r}; samples run ${subject.samplesMs.join('/')} ms, baseline ${baseline.samplesMs.join('/')} ms`,
      `worker peak RSS ${peak.peakRssMb} MB (VmHWM, including Nest boot, ${boot.rssMb} MB), node ${workerFlags.join(' ') || '(no flags)'}`,
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
