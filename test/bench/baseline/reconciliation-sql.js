// The reconciliation bench's baseline (issue 17 item 3): what a run of a financial year does, as
// one statement: the same per-stream totals AND the same discrepancy rows, written into the real
// reconciliation_discrepancy table (its foreign keys, unique constraint and index, WAL) under a
// baseline-only run row, by one INSERT ... SELECT in a data-modifying CTE. The rules are those of
// libs/domain/src/reconciliation/reconciliation.rules.ts re-stated in SQL; the bench fails unless
// the count per code equals the run's. Messages are close to the run's wording, not byte-identical
// (the bench compares codes and fingerprints, not prose).
//
// $1 financial year, $2 as-of date (text), $3 the baseline's run id.
const GBP = (x) => `'£' || to_char((${x}) / 100.0, 'FM999,999,999,990.00')`;
const COMMITTED = `('approved','active','suspended','closed')`;
const ACTIVATED = `('active','suspended','closed')`;

export const BASELINE_SQL = `
  WITH st AS (
    SELECT s.id, s.name, s.budget_pence,
           coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_stream_id = s.id), 0)::bigint AS assigned
      FROM funding_stream s WHERE s.financial_year = $1
  ), src AS (
    SELECT fs.id, fs.name, fs.amount_pence,
           coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_source_id = fs.id), 0)::bigint AS assigned
      FROM funding_source fs WHERE fs.financial_year = $1
  ), aw AS (
    SELECT a.id, a.reference, a.funding_stream_id, a.status, a.amount_pence, a.end_date
      FROM award a JOIN st ON st.id = a.funding_stream_id
  ), pay AS (
    SELECT p.award_id,
           coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0) AS paid,
           coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0) AS recovered,
           coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status IN ('approved','paid')), 0) AS approved_or_paid,
           count(*) FILTER (WHERE p.kind = 'payment' AND p.status IN ('approved','paid')) AS approved_or_paid_count
      FROM payment p JOIN aw ON aw.id = p.award_id
     GROUP BY p.award_id
  ), spend AS (
    SELECT DISTINCT ON (rp.award_id) rp.award_id, rv.spend_pence
      FROM reporting_period rp
      JOIN aw ON aw.id = rp.award_id
      JOIN monitoring_return r ON r.reporting_period_id = rp.id AND r.accepted_version IS NOT NULL
      JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
     ORDER BY rp.award_id, rp.period_end DESC, rp.key DESC
  ), fin AS (
    SELECT DISTINCT ON (rp.award_id) rp.award_id, rp.id, rp.key, rp.due_date, r.status AS return_status
      FROM reporting_period rp
      JOIN aw ON aw.id = rp.award_id
      LEFT JOIN monitoring_return r ON r.reporting_period_id = rp.id
     ORDER BY rp.award_id, rp.period_end DESC, rp.key DESC
  ), f AS (
    SELECT aw.*, coalesce(pay.paid, 0) AS paid, coalesce(pay.recovered, 0) AS recovered,
           coalesce(pay.paid, 0) - coalesce(pay.recovered, 0) AS net,
           coalesce(pay.approved_or_paid, 0) AS approved_or_paid, coalesce(pay.approved_or_paid_count, 0) AS approved_or_paid_count,
           spend.spend_pence, fin.id AS final_period_id, fin.key AS final_period_key, fin.due_date AS final_due_date, fin.return_status,
           aw.status IN ${COMMITTED} AS committed,
           (aw.end_date < $2::date OR aw.status = 'closed') AS ended,
           greatest(1000, floor(aw.amount_pence / 100)) AS tolerance
      FROM aw LEFT JOIN pay ON pay.award_id = aw.id LEFT JOIN spend ON spend.award_id = aw.id LEFT JOIN fin ON fin.award_id = aw.id
  ), committed AS (
    SELECT funding_stream_id, sum(amount_pence) FILTER (WHERE committed) AS pence FROM f GROUP BY funding_stream_id
  ), found (code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message) AS (
    SELECT 'OVERPAID_AWARD', 'error', f.funding_stream_id, f.id, NULL::uuid, NULL::uuid, f.amount_pence, f.net,
           'award ' || f.reference || ' has been paid ' || ${GBP('f.net')} || ' net of recoveries, ' || ${GBP('f.net - f.amount_pence')} || ' above its ' || ${GBP('f.amount_pence')}
      FROM f WHERE f.net > f.amount_pence
    UNION ALL
    SELECT 'PAYMENT_ON_INACTIVE_AWARD', 'error', f.funding_stream_id, f.id, NULL, NULL, 0, f.approved_or_paid,
           'award ' || f.reference || ' is ' || f.status || ' but has ' || f.approved_or_paid_count || ' payment(s) approved or paid, ' || ${GBP('f.approved_or_paid')} || ' in all; payments are allowed only once it is active'
      FROM f WHERE f.approved_or_paid_count > 0 AND f.status NOT IN ${ACTIVATED}
    UNION ALL
    SELECT 'SPEND_ABOVE_PAID', 'warning', f.funding_stream_id, f.id, NULL, NULL, f.net, f.spend_pence,
           'award ' || f.reference || ' reports ' || ${GBP('f.spend_pence')} || ' spent in its latest accepted return but has been paid ' || ${GBP('f.net')} || ' net of recoveries'
      FROM f WHERE f.spend_pence > f.net
    UNION ALL
    SELECT 'UNDERSPEND_AT_END', 'warning', u.funding_stream_id, u.id, NULL, NULL, u.amount_pence, u.actual,
           'award ' || u.reference || ' ended ' || u.end_date || ' and ' ||
           CASE WHEN u.spend_lower THEN 'reports ' || ${GBP('u.actual')} || ' spent (paid ' || ${GBP('u.net')} || ')' ELSE 'was paid ' || ${GBP('u.net')} || ' net of recoveries' END ||
           ' of ' || ${GBP('u.amount_pence')} || ': ' || ${GBP('u.amount_pence - u.actual')} || ' underspent (tolerance ' || ${GBP('u.tolerance')} || ')'
      FROM (SELECT f.*, coalesce(f.spend_pence < f.net, false) AS spend_lower, least(f.net, coalesce(f.spend_pence, f.net)) AS actual FROM f WHERE f.committed AND f.ended) u
     WHERE u.amount_pence - u.actual > u.tolerance
    UNION ALL
    SELECT CASE WHEN $2::date > f.final_due_date THEN 'OVERDUE_FINAL_RETURN' ELSE 'MISSING_FINAL_RETURN' END,
           CASE WHEN $2::date > f.final_due_date THEN 'warning' ELSE 'info' END,
           f.funding_stream_id, f.id, NULL, f.final_period_id, NULL, NULL,
           'award ' || f.reference || ' ended ' || f.end_date || '; its final period ' || f.final_period_key || ' has ' ||
           coalesce('a return that is ' || replace(f.return_status, '_', ' '), 'no return') || ', ' ||
           CASE WHEN $2::date > f.final_due_date THEN 'overdue since ' ELSE 'due ' END || f.final_due_date
      FROM f WHERE f.final_period_id IS NOT NULL AND f.committed AND f.ended AND (f.return_status IS NULL OR f.return_status NOT IN ('submitted','accepted'))
    UNION ALL
    SELECT 'STREAM_BUDGET_MISMATCH', 'error', st.id, NULL, NULL, NULL, st.assigned, st.budget_pence,
           'stream "' || st.name || '" records a budget of ' || ${GBP('st.budget_pence')} || ' but its funding sources assign ' || ${GBP('st.assigned')}
      FROM st WHERE st.budget_pence <> st.assigned
    UNION ALL
    SELECT 'OVER_COMMITTED_STREAM', 'error', st.id, NULL, NULL, NULL, least(st.budget_pence, st.assigned), c.pence,
           'stream "' || st.name || '" has ' || ${GBP('c.pence')} || ' committed to awards against a budget of ' || ${GBP('least(st.budget_pence, st.assigned)')}
      FROM st JOIN committed c ON c.funding_stream_id = st.id WHERE c.pence > least(st.budget_pence, st.assigned)
    UNION ALL
    SELECT 'OVER_ASSIGNED_SOURCE', 'error', NULL, NULL, src.id, NULL, src.amount_pence, src.assigned,
           'funding source "' || src.name || '" is assigned ' || ${GBP('src.assigned')} || ' to streams but is only ' || ${GBP('src.amount_pence')}
      FROM src WHERE src.assigned > src.amount_pence
  ), written AS (
    INSERT INTO reconciliation_discrepancy
           (run_id, code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint)
    SELECT $3::uuid, found.*,
           found.code || ':' || concat_ws(';', 'source=' || found.funding_source_id, 'stream=' || found.funding_stream_id,
                                          'award=' || found.award_id, 'period=' || found.reporting_period_id)
      FROM found
    RETURNING code
  )
  SELECT f.funding_stream_id,
         count(*)::int AS awards,
         (count(*) FILTER (WHERE f.committed))::int AS committed_awards,
         coalesce(sum(f.amount_pence) FILTER (WHERE f.committed), 0)::bigint AS committed,
         coalesce(sum(f.paid), 0)::bigint AS paid,
         coalesce(sum(f.recovered), 0)::bigint AS recovered,
         coalesce(sum(f.spend_pence), 0)::bigint AS spend,
         (SELECT json_object_agg(code, n) FROM (SELECT code, count(*)::int AS n FROM written GROUP BY code) w) AS discrepancies_by_code
    FROM f
   GROUP BY f.funding_stream_id`;

/** A run row for the baseline's findings to belong to: finished (failed) at once, so it is never an active or previous run. */
export const BASELINE_RUN_SQL = `
  INSERT INTO reconciliation_run (financial_year, trigger, status, finished_at, error)
  VALUES ($1, 'manual', 'failed', now(), 'bench baseline: not a run') RETURNING id`;
