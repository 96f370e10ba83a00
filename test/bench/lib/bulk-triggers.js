// The per-award tables' row triggers, done in bulk for the generator's load (issue 17.5).
//
// Each trigger below does per row what one statement over the whole load does once: a lookup of
// the award, the indicator or the year's close, or a sum over the award's payments. At scale 1
// they cost ~12 s of the load's database time (payment_rules 4.2 s, return_value_same_transaction
// 4.0 s, award_payment_check 2.4 s, payment_year_open 1.2 s, measured with track_functions).
// The generator disables them for the load's one transaction only, runs every check below in that
// transaction, and throws (so nothing commits) when any row would have been refused. Foreign keys,
// CHECKs and unique indexes stay on. The award COPY's award_commitment is handled in generate.js.
//
// Each check counts the rows the trigger would have refused; any count above 0 is an error.

/** table -> the triggers whose work checkLoadInBulk() does instead. */
export const TRIGGERS_DONE_IN_BULK = {
  award_target: ['award_target_fits_indicator'],
  award_condition: ['award_condition_award_open'],
  payment: ['payment_rules', 'payment_year_open'],
  return_version: ['return_version_takes_draft_documents'],
  return_value: ['return_value_same_transaction'],
};

// A target or baseline that does not fit its indicator's unit (award_target_fits_indicator).
export const TARGET_MISFITS_SQL = `
  SELECT count(*) FROM award_target t JOIN outcome_indicator i ON i.id = t.indicator_id
   WHERE i.unit = 'text'
      OR EXISTS (SELECT 1 FROM unnest(ARRAY[t.target, t.baseline]) v
                  WHERE v IS NOT NULL
                    AND ((i.unit IN ('count','pence') AND (v <> trunc(v) OR v > 9007199254740991))
                      OR (i.unit = 'percentage' AND (v > 100 OR v <> round(v, 2)))))`;

const CHECKS = {
  award_target_fits_indicator: TARGET_MISFITS_SQL,
  // Conditions are added only to awards that are neither closed nor cancelled (their status at
  // load time: the final statuses are set after this transaction).
  award_condition_award_open: `
    SELECT count(*) FROM award_condition c JOIN award a ON a.id = c.award_id WHERE a.status IN ('closed','cancelled')`,
  // payment_rules: an approved or paid payment needs an active award; a recovery an award that ran.
  payment_rules_award_status: `
    SELECT count(*) FROM payment p JOIN award a ON a.id = p.award_id
     WHERE p.status IN ('approved','paid')
       AND ((p.kind = 'payment' AND a.status <> 'active') OR (p.kind <> 'payment' AND a.status NOT IN ('active','suspended','closed')))`,
  // payment_rules: no approved or paid payment while a condition holds payments (award_holding_conditions).
  payment_rules_holding_conditions: `
    SELECT count(*) FROM payment p
     WHERE p.kind = 'payment' AND p.status IN ('approved','paid')
       AND EXISTS (SELECT 1 FROM award_condition c WHERE c.award_id = p.award_id AND c.holds_payments AND c.status IN ('open','breached'))`,
  // award_payment_check ran after every row, so on every prefix of an award's payments: the
  // largest prefix is the payments without the (negative) recoveries; the last is all of them.
  award_payment_check: `
    SELECT count(*) FROM award a JOIN (
      SELECT award_id,
             coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status IN ('approved','paid')), 0) AS paid,
             coalesce(sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status = 'paid'), 0) AS recovered
        FROM payment GROUP BY award_id) x ON x.award_id = a.id
     WHERE x.paid > a.amount_pence OR x.paid + x.recovered > a.amount_pence`,
  // payment_year_open (and award_year_open, still on): no year of any stream is closed.
  payment_year_open: `SELECT count(*) FROM year_end_close`,
  // return_value_same_transaction: values join a version in the transaction that made it.
  return_value_same_transaction: `
    SELECT count(*) FROM return_value x JOIN return_version v ON v.id = x.return_version_id WHERE NOT (v.xmin = x.xmin)`,
  // return_version_takes_draft_documents moves a period's draft documents onto its new version;
  // the load makes no documents, so there is nothing it would have moved.
  return_version_takes_draft_documents: `SELECT count(*) FROM document WHERE return_version_id IS NULL AND reporting_period_id IS NOT NULL`,
};

/** Disables (enable = false) or re-enables the triggers of TRIGGERS_DONE_IN_BULK; call inside the load's transaction. */
export async function setBulkTriggers(client, enable) {
  for (const [table, triggers] of Object.entries(TRIGGERS_DONE_IN_BULK))
    for (const t of triggers) await client.query(`ALTER TABLE ${table} ${enable ? 'ENABLE' : 'DISABLE'} TRIGGER ${t}`);
}

/** Runs every check; throws naming the ones that found rows a trigger would have refused; returns the counts and seconds. */
export async function checkLoadInBulk(client) {
  const found = {};
  const started = Date.now();
  for (const [name, sql] of Object.entries(CHECKS)) found[name] = Number((await client.query(sql)).rows[0].count);
  const bad = Object.entries(found).filter(([, n]) => n > 0);
  if (bad.length) throw new Error(`the load has rows its triggers would have refused: ${JSON.stringify(Object.fromEntries(bad))}`);
  return { found, seconds: (Date.now() - started) / 1000 };
}
