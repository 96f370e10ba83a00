import type { EntityManager } from 'typeorm';
import { LIVE_STATUSES } from '../award-ledger/award.rules.js';
import type { OwedReturn } from './reminder-wording.js';

/** A reporting period whose return is still owed, with what its reminders need. */
export interface OwedPeriod extends OwedReturn {
  id: string;
  awardId: string;
  fundingStreamId: string;
  recipientOrganisationId: string;
  contactEmail: string | null;
}

/**
 * One keyset page (ids after `after`) of the periods still owed as of `today`: no return, or a
 * draft, or a revision requested, on live awards (LIVE_STATUSES), due within 120
 * days. Reads the awards, organisations, returns and users areas' tables in one statement: the
 * scan walks every owed period in the country, and a service call per period would be a round
 * trip each. Columns come named as the fields, so rows need no mapping.
 */
export async function owedPeriods(tx: EntityManager, after: string, today: string, limit: number): Promise<OwedPeriod[]> {
  return (await tx.query(
    `SELECT p.id, p.key AS "periodKey", p.period_start::text AS "periodStart", p.period_end::text AS "periodEnd", p.due_date::text AS "dueDate",
            a.id AS "awardId", a.reference AS "awardReference", a.title AS "awardTitle", a.funding_stream_id AS "fundingStreamId",
            a.recipient_organisation_id AS "recipientOrganisationId",
            o.name AS "organisationName", o.contact_email AS "contactEmail", r.status AS "returnStatus",
            (SELECT rv.comment FROM return_review rv WHERE rv.monitoring_return_id = r.id ORDER BY rv.reviewed_at DESC LIMIT 1) AS "revisionComment"
       FROM reporting_period p
       JOIN award a ON a.id = p.award_id AND a.status = ANY($4::text[])
       JOIN organisation o ON o.id = a.recipient_organisation_id
       -- The second condition says again what p.id > $1 implies: without it the merge join read
       -- the returns index from its start on every page, every return before the page (quadratic
       -- in the periods: 353 -> 42 ms a page at scale 10, test/bench/FINDINGS.md, reminders).
       LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id AND r.reporting_period_id > $1
      WHERE p.id > $1 AND (r.id IS NULL OR r.status IN ('draft','revision_requested'))
        AND p.due_date <= ($2::date + 120)
      ORDER BY p.id LIMIT $3`,
    [after, today, limit, LIVE_STATUSES],
  )) as OwedPeriod[];
}

/** The steps already decided for each period (any status): those are never decided again. */
export async function stepsAlreadyDecided(tx: EntityManager, periodIds: string[]): Promise<Map<string, Set<string>>> {
  const rows = (await tx.query(`SELECT reporting_period_id, step_key FROM notification WHERE reporting_period_id = ANY($1::uuid[])`, [periodIds])) as {
    reporting_period_id: string;
    step_key: string;
  }[];
  const decided = new Map<string, Set<string>>();
  for (const n of rows) {
    const steps = decided.get(n.reporting_period_id);
    if (steps) steps.add(n.step_key);
    else decided.set(n.reporting_period_id, new Set([n.step_key]));
  }
  return decided;
}

/** The active partner users of each organisation, who receive its reminders beside its contact email. */
export async function partnerEmails(tx: EntityManager, organisationIds: string[]): Promise<Map<string, string[]>> {
  const rows = (await tx.query(`SELECT organisation_id, email FROM app_user WHERE role = 'partner' AND NOT disabled AND organisation_id = ANY($1::uuid[]) ORDER BY email`, [
    organisationIds,
  ])) as { organisation_id: string; email: string }[];
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.organisation_id, [...(map.get(r.organisation_id) ?? []), r.email]);
  return map;
}
