// The grants, finance and outcomes reports of the main year (issue 8): ReportsService as the API
// calls it, in this process, against bare SQL producing the same figures; the figures must agree.
// Ratio = the worst of the three (goal <= 1.5 each).
import pg from 'pg';
import { clearBenchQueues, createBenchContext } from './lib/app.js';
import { measure, ratio } from './lib/measure.js';

export const name = 'reports';

const GOAL_RATIO = 1.5;
const COMMITTED = `('approved','active','suspended','closed')`;
const STAFF = { userId: null, role: 'admin', organisationId: null, requestId: 'bench' };

/** The grants table: committed awards of the year with recipient, "included" lines and conditions. */
export const GRANTS_SQL = `
  SELECT a.id, a.reference, o.name AS organisation, a.grant_type, a.amount_pence, a.title, a.description,
         (SELECT string_agg(l.label || coalesce(' (' || l.note || ')', ''), '; ' ORDER BY l.position)
            FROM award_line l WHERE l.award_id = a.id AND l.amount_pence IS NULL) AS included,
         (SELECT json_agg(json_build_object('title', c.title, 'category', c.category, 'status', c.status, 'holdsPayments', c.holds_payments) ORDER BY c.created_at, c.id)
            FROM award_condition c WHERE c.award_id = a.id) AS conditions
    FROM award a
    JOIN funding_stream s ON s.id = a.funding_stream_id
    JOIN organisation o ON o.id = a.recipient_organisation_id
   WHERE s.financial_year = $1 AND a.status IN ${COMMITTED}
   ORDER BY a.created_at, a.reference`;

/** The finance report: per stream of the year, budget, committed, draft, payments and latest accepted spend. */
export const FINANCE_SQL = `
  WITH streams AS (SELECT id, name, purpose, budget_pence FROM funding_stream WHERE financial_year = $1),
  aw AS (SELECT a.funding_stream_id,
                coalesce(sum(a.amount_pence) FILTER (WHERE a.status IN ${COMMITTED}), 0) AS committed,
                coalesce(sum(a.amount_pence) FILTER (WHERE a.status = 'draft'), 0) AS draft
           FROM award a JOIN streams s ON s.id = a.funding_stream_id GROUP BY a.funding_stream_id),
  pay AS (SELECT a.funding_stream_id,
                 coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0) AS paid,
                 coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0) AS recovered,
                 coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'approved'), 0) AS approved
            FROM payment p JOIN award a ON a.id = p.award_id JOIN streams s ON s.id = a.funding_stream_id GROUP BY a.funding_stream_id),
  spend AS (SELECT a.funding_stream_id, sum(x.spend_pence) AS spend
              FROM (SELECT DISTINCT ON (rp.award_id) rp.award_id, rv.spend_pence
                      FROM reporting_period rp
                      JOIN award a ON a.id = rp.award_id JOIN streams s ON s.id = a.funding_stream_id
                      JOIN monitoring_return r ON r.reporting_period_id = rp.id AND r.accepted_version IS NOT NULL
                      JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
                     ORDER BY rp.award_id, rp.period_end DESC, rp.key DESC) x
              JOIN award a ON a.id = x.award_id GROUP BY a.funding_stream_id)
  SELECT s.id, s.budget_pence, coalesce(aw.committed, 0)::bigint AS committed, coalesce(aw.draft, 0)::bigint AS draft,
         coalesce(pay.paid, 0)::bigint AS paid, coalesce(pay.recovered, 0)::bigint AS recovered, coalesce(pay.approved, 0)::bigint AS approved,
         coalesce(spend.spend, 0)::bigint AS spend
    FROM streams s LEFT JOIN aw ON aw.funding_stream_id = s.id LEFT JOIN pay ON pay.funding_stream_id = s.id LEFT JOIN spend ON spend.funding_stream_id = s.id`;

/**
 * The outcomes report's per-award figures: for each committed award of the year and each
 * numeric indicator of its framework, the actual over its accepted versions (sum or mean by the
 * indicator's rule, to 2 decimals) and its whole-award target.
 */
export const OUTCOMES_SQL = `
  WITH aw AS (
    SELECT a.id FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
     WHERE s.financial_year = $1 AND a.status IN ${COMMITTED}
  ), vals AS (
    SELECT rp.award_id, v.indicator_code, v.value_numeric
      FROM aw JOIN reporting_period rp ON rp.award_id = aw.id
      JOIN monitoring_return r ON r.reporting_period_id = rp.id AND r.accepted_version IS NOT NULL
      JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
      JOIN return_value v ON v.return_version_id = rv.id
  )
  SELECT aw.id AS award_id, i.code, i.aggregation,
         CASE i.aggregation WHEN 'sum' THEN sum(vals.value_numeric) WHEN 'mean' THEN round(avg(vals.value_numeric), 2) END AS actual,
         count(vals.value_numeric)::int AS periods,
         (SELECT t.target FROM award_target t WHERE t.award_id = aw.id AND t.indicator_id = i.id AND t.period_key IS NULL) AS target
    FROM aw
    JOIN award_outcome_framework f ON f.award_id = aw.id
    JOIN outcome_indicator i ON i.framework_id = f.outcome_framework_id AND i.unit <> 'text'
    LEFT JOIN vals ON vals.award_id = aw.id AND vals.indicator_code = i.code
   GROUP BY aw.id, i.id, i.code, i.aggregation`;

export async function run(ctx) {
  const { summary, log } = ctx;
  const fy = summary.financialYear;
  // BENCH_REPEATS shortens a run at scale 30 and up, where one sample takes minutes (as reconciliation's).
  const repeats = Number(process.env.BENCH_REPEATS ?? (ctx.scale >= 10 ? 3 : 5));
  const db = new pg.Client({ connectionString: ctx.databaseUrl, application_name: 'ringfence-bench-reports' });
  await db.connect();
  const app = await createBenchContext({ databaseUrl: ctx.databaseUrl, redisUrl: ctx.redisUrl });
  try {
    const { ReportsService } = await import('#domain/index.js');
    const reports = app.get(ReportsService);
    const parts = {};
    const notes = [];

    // Grants table.
    let grantsBase;
    let grants;
    const grantsBaseline = await measure(async () => (grantsBase = (await db.query(GRANTS_SQL, [fy])).rows), { repeats });
    const grantsSubject = await measure(async () => (grants = await reports.grantsTable(fy)), { repeats });
    const grantsBaseTotal = grantsBase.reduce((s, r) => s + Number(r.amount_pence), 0);
    const grantsConditions = grantsBase.reduce((s, r) => s + (r.conditions?.length ?? 0), 0);
    const grantsAgree = grants.rows.length === grantsBase.length && grants.totalPence === grantsBaseTotal && grants.rows.reduce((s, r) => s + r.conditions.length, 0) === grantsConditions;
    if (!grantsAgree) throw new Error(`grants table disagrees with SQL: ${grants.rows.length} rows / ${grants.totalPence} vs ${grantsBase.length} / ${grantsBaseTotal}`);
    parts.grants = { baselineMedianMs: grantsBaseline.medianMs, subjectMedianMs: grantsSubject.medianMs, ratio: ratio(grantsSubject.medianMs, grantsBaseline.medianMs), rows: grants.rows.length, baselineSamplesMs: grantsBaseline.samplesMs, subjectSamplesMs: grantsSubject.samplesMs };
    log('grants', parts.grants);

    // Finance report.
    let financeBase;
    let finance;
    const financeBaseline = await measure(async () => (financeBase = (await db.query(FINANCE_SQL, [fy])).rows), { repeats });
    const financeSubject = await measure(async () => (finance = await reports.finance(fy)), { repeats });
    const sum = (k) => financeBase.reduce((s, r) => s + Number(r[k]), 0);
    const expected = { budgetPence: sum('budget_pence'), committedPence: sum('committed'), draftPence: sum('draft'), paidPence: sum('paid'), recoveredPence: sum('recovered'), approvedPaymentsPence: sum('approved'), reportedSpendPence: sum('spend') };
    const financeDiffs = Object.entries(expected).filter(([k, v]) => finance.totals[k] !== v);
    if (financeDiffs.length || finance.rows.length !== financeBase.length) throw new Error(`finance report disagrees with SQL: ${JSON.stringify(financeDiffs)} rows ${finance.rows.length} vs ${financeBase.length}`);
    parts.finance = { baselineMedianMs: financeBaseline.medianMs, subjectMedianMs: financeSubject.medianMs, ratio: ratio(financeSubject.medianMs, financeBaseline.medianMs), rows: finance.rows.length, baselineSamplesMs: financeBaseline.samplesMs, subjectSamplesMs: financeSubject.samplesMs };
    log('finance', parts.finance);

    // Outcomes report. Few repeats when it is slow: the run must stay within its budget.
    let outcomesBase;
    let outcomes;
    const outcomesBaseline = await measure(async () => (outcomesBase = (await db.query(OUTCOMES_SQL, [fy])).rows), { repeats });
    const probe = Date.now();
    outcomes = await reports.outcomes(STAFF, fy);
    const probeMs = Date.now() - probe;
    const outcomeRepeats = probeMs > 20_000 ? 1 : probeMs > 5_000 ? 3 : repeats;
    const outcomesSubject = await measure(async () => (outcomes = await reports.outcomes(STAFF, fy)), { repeats: outcomeRepeats, warmup: 0 });
    // Agreement: the same award x indicator figures (numeric indicators; the report's victim counts are suppressed below 5, compared unsuppressed here only when >= 5).
    const byAward = new Map(outcomes.awards.map((a) => [a.awardId, new Map(a.indicators.map((l) => [l.indicatorCode, l]))]));
    let compared = 0;
    const mismatches = [];
    for (const b of outcomesBase) {
      const line = byAward.get(b.award_id)?.get(b.code);
      const want = b.actual === null ? null : Number(b.actual);
      const got = line?.actual;
      if (typeof got === 'string') continue; // "<5": suppressed, as the report must
      compared++;
      if (got !== want || (line?.target ?? null) !== (b.target === null ? null : Number(b.target)) || line.periodsReported !== b.periods) {
        mismatches.push(`${b.award_id}/${b.code}: report ${got}/${line?.target}/${line?.periodsReported} vs SQL ${want}/${b.target}/${b.periods}`);
      }
    }
    if (mismatches.length || byAward.size !== new Set(outcomesBase.map((b) => b.award_id)).size) {
      throw new Error(`outcomes report disagrees with SQL (${mismatches.length} of ${compared}; awards ${byAward.size}): ${mismatches.slice(0, 3).join('; ')}`);
    }
    parts.outcomes = {
      baselineMedianMs: outcomesBaseline.medianMs,
      subjectMedianMs: outcomesSubject.medianMs,
      ratio: ratio(outcomesSubject.medianMs, outcomesBaseline.medianMs),
      rows: outcomes.awards.length,
      figuresCompared: compared,
      repeats: outcomeRepeats,
      baselineSamplesMs: outcomesBaseline.samplesMs,
      subjectSamplesMs: outcomesSubject.samplesMs,
    };
    log('outcomes', parts.outcomes);

    const worst = Object.entries(parts).sort((a, b) => b[1].ratio - a[1].ratio)[0];
    for (const [k, p] of Object.entries(parts)) notes.push(`${k}: ${p.subjectMedianMs} ms vs ${p.baselineMedianMs} ms bare SQL, ratio ${p.ratio} (${p.rows} rows)${p.ratio <= GOAL_RATIO ? '' : ' — goal not met'}`);
    return {
      goal: `each report <= ${GOAL_RATIO}x its bare SQL (ratio shown: the worst, ${worst[0]})`,
      met: Object.values(parts).every((p) => p.ratio !== null && p.ratio <= GOAL_RATIO),
      ratio: worst[1].ratio,
      baselineMedianMs: worst[1].baselineMedianMs,
      subjectMedianMs: worst[1].subjectMedianMs,
      repeats,
      financialYear: fy,
      reports: parts,
      figuresAgree: true,
      notes,
    };
  } finally {
    await app.close();
    await db.end();
    await clearBenchQueues(ctx.redisUrl).catch(() => undefined);
  }
}
