import type { DataSource } from 'typeorm';
import { COMMITTED_STATUSES } from '../award-ledger/award.rules.js';
import type { FundingStreamView } from './funding.types.js';

export type StreamTotalsOfYear = Pick<FundingStreamView, 'id' | 'name' | 'purpose' | 'budgetPence' | 'committedPence' | 'draftPence' | 'remainingPence'>;

/**
 * A year's streams in listStreams' order with their budget, committed, draft and remaining
 * figures as funding_stream_totals gives them, for the finance report: one grouped join over
 * the year's awards. The view's per-stream subqueries (and its paid total, which the report
 * reads from payments itself) cost 0.4-2.9 s for the 129 streams at scale 10 against 0.13-0.26 s
 * this way (issue 17.4, round 6; test/bench/FINDINGS.md).
 */
export async function streamTotalsOfYear(dataSource: DataSource, financialYear: string): Promise<StreamTotalsOfYear[]> {
  const rows = (await dataSource.query(
    `SELECT s.id, s.name, s.purpose, s.budget_pence,
            coalesce(sum(a.amount_pence) FILTER (WHERE a.status = ANY($2::text[])), 0)::bigint AS committed_pence,
            coalesce(sum(a.amount_pence) FILTER (WHERE a.status = 'draft'), 0)::bigint AS draft_pence
       FROM funding_stream s LEFT JOIN award a ON a.funding_stream_id = s.id
      WHERE s.financial_year = $1
      GROUP BY s.id
      ORDER BY s.name`,
    [financialYear, COMMITTED_STATUSES],
  )) as { id: string; name: string; purpose: FundingStreamView['purpose']; budget_pence: string; committed_pence: string; draft_pence: string }[];
  return rows.map((r) => {
    const budgetPence = Number(r.budget_pence);
    const committedPence = Number(r.committed_pence);
    return { id: r.id, name: r.name, purpose: r.purpose, budgetPence, committedPence, draftPence: Number(r.draft_pence), remainingPence: budgetPence - committedPence };
  });
}
