import type { QueryRunner } from 'typeorm';
import type { AwardFacts, SourceFacts, StreamFacts } from './reconciliation.rules.js';
import type { SourceTotals } from './reconciliation.types.js';

/**
 * What a reconciliation run reads, on the run's own connection inside its REPEATABLE READ
 * snapshot: the scope's streams and sources, and a cursor over its awards with their facts. It
 * reads the ledger tables of the funding, awards, payments and returns areas directly, on purpose:
 * it checks what those areas' code and triggers hold, so it must not reuse their arithmetic.
 */

/** One row of the award_facts cursor (bigint pence come as strings). */
export interface AwardFactsRow {
  id: string;
  reference: string;
  funding_stream_id: string;
  status: string;
  amount_pence: string;
  end_date: string;
  paid: string;
  recovered: string;
  approved_or_paid: string;
  approved_or_paid_count: number;
  spend_pence: string | null;
  final_period_id: string | null;
  final_period_key: string | null;
  final_due_date: string | null;
  return_status: string | null;
}

export function toAwardFacts(r: AwardFactsRow): AwardFacts {
  return {
    awardId: r.id,
    reference: r.reference,
    fundingStreamId: r.funding_stream_id,
    status: r.status,
    amountPence: Number(r.amount_pence),
    endDate: r.end_date,
    paidPence: Number(r.paid),
    recoveredPence: Number(r.recovered),
    approvedOrPaidPence: Number(r.approved_or_paid),
    approvedOrPaidCount: r.approved_or_paid_count,
    reportedSpendPence: r.spend_pence === null ? null : Number(r.spend_pence),
    finalPeriod: r.final_period_id ? { reportingPeriodId: r.final_period_id, key: r.final_period_key!, dueDate: r.final_due_date!, returnStatus: r.return_status } : null,
  };
}

/** The streams of the year, or the one stream, with what is assigned to each. */
export async function streamsInScope(reader: QueryRunner, financialYear: string, streamId: string | null): Promise<Omit<StreamFacts, 'committedPence'>[]> {
  const rows = (await reader.query(
    `SELECT s.id, s.name, s.budget_pence,
            coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_stream_id = s.id), 0)::bigint AS assigned
       FROM funding_stream s
      WHERE s.financial_year = $1 AND ($2::uuid IS NULL OR s.id = $2::uuid)
      ORDER BY s.id`,
    [financialYear, streamId],
  )) as { id: string; name: string; budget_pence: string; assigned: string }[];
  return rows.map((r) => ({ fundingStreamId: r.id, name: r.name, budgetPence: Number(r.budget_pence), assignedPence: Number(r.assigned) }));
}

/** The sources of the year (or, for one stream, the sources assigned to it), with what is assigned from them. */
export async function sourcesInScope(reader: QueryRunner, financialYear: string, streamId: string | null, streamIds: string[]): Promise<(SourceFacts & SourceTotals)[]> {
  const rows = (await reader.query(
    `SELECT fs.id, fs.name, fs.financial_year, fs.amount_pence,
            coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_source_id = fs.id), 0)::bigint AS assigned,
            coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_source_id = fs.id AND x.funding_stream_id = ANY($3::uuid[])), 0)::bigint AS assigned_in_scope,
            EXISTS (SELECT 1 FROM year_end_carry_forward c WHERE c.funding_source_id = fs.id) AS carried_forward
       FROM funding_source fs
      WHERE ($2::uuid IS NULL AND fs.financial_year = $1)
         OR fs.id IN (SELECT x.funding_source_id FROM funding_stream_source x WHERE x.funding_stream_id = ANY($3::uuid[]))
      ORDER BY fs.id`,
    [financialYear, streamId, streamIds],
  )) as { id: string; name: string; financial_year: string; amount_pence: string; assigned: string; assigned_in_scope: string; carried_forward: boolean }[];
  return rows.map((r) => ({
    fundingSourceId: r.id,
    name: r.name,
    financialYear: r.financial_year,
    amountPence: Number(r.amount_pence),
    assignedPence: Number(r.assigned),
    assignedInScopePence: Number(r.assigned_in_scope),
    carriedForward: r.carried_forward,
  }));
}

/** How many awards the scope's streams hold (the run's total, for progress). */
export async function countAwards(reader: QueryRunner, streamIds: string[]): Promise<number> {
  const [{ n }] = (await reader.query(`SELECT count(*)::int AS n FROM award WHERE funding_stream_id = ANY($1::uuid[])`, [streamIds])) as [{ n: number }];
  return n;
}

/**
 * Declares the run's cursor over the scope's awards (in the run's snapshot) with, per award,
 * set-based: payments by kind and status, the latest accepted spend, and the last period with
 * its return's status. Planned for the whole result (cursor_tuple_fraction 1: hash joins over
 * the scope, as one aggregate would, rather than a fast first row); rows come a page at a time.
 */
export async function openAwardFacts(reader: QueryRunner, streamIds: string[]): Promise<void> {
  await reader.query(`SET LOCAL cursor_tuple_fraction = 1`);
  await reader.query(
    `DECLARE award_facts NO SCROLL CURSOR FOR
     WITH aw AS (
       SELECT a.id, a.reference, a.funding_stream_id, a.status, a.amount_pence, a.end_date
         FROM award a
        WHERE a.funding_stream_id = ANY($1::uuid[])
     ), pay AS (
       SELECT p.award_id,
              coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0)::bigint AS paid,
              coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0)::bigint AS recovered,
              coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status IN ('approved','paid')), 0)::bigint AS approved_or_paid,
              (count(*) FILTER (WHERE p.kind = 'payment' AND p.status IN ('approved','paid')))::int AS approved_or_paid_count
         FROM payment p JOIN aw ON aw.id = p.award_id
        GROUP BY p.award_id
     ), spend AS (
       -- docs/design.md#invariant-7: reports count the latest accepted version; spend is to date, so the latest period's.
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
     )
     SELECT aw.id, aw.reference, aw.funding_stream_id, aw.status, aw.amount_pence, aw.end_date::text AS end_date,
            coalesce(pay.paid, 0)::bigint AS paid, coalesce(pay.recovered, 0)::bigint AS recovered,
            coalesce(pay.approved_or_paid, 0)::bigint AS approved_or_paid, coalesce(pay.approved_or_paid_count, 0)::int AS approved_or_paid_count,
            spend.spend_pence, fin.id AS final_period_id, fin.key AS final_period_key, fin.due_date::text AS final_due_date, fin.return_status
       FROM aw
       LEFT JOIN pay ON pay.award_id = aw.id
       LEFT JOIN spend ON spend.award_id = aw.id
       LEFT JOIN fin ON fin.award_id = aw.id`,
    [streamIds],
  );
}

/** The next page of the run's cursor (fewer than `limit` rows at the end). */
export async function fetchAwardFacts(reader: QueryRunner, limit: number): Promise<AwardFactsRow[]> {
  return (await reader.query(`FETCH FORWARD ${Math.trunc(limit)} FROM award_facts`)) as AwardFactsRow[];
}
