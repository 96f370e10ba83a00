import type { SelectQueryBuilder } from 'typeorm';
import { todayInLondon } from '#platform/index.js';
import type { Award } from '../award-ledger/award.entity.js';
import type { AwardQuery, AwardView } from './award.types.js';

/** The columns an awards list may be sorted by (the web's list sorts on the server). */
export const AWARD_SORTS = ['reference', 'title', 'recipient', 'amount', 'status', 'startDate', 'endDate'] as const;
export type AwardSort = (typeof AWARD_SORTS)[number];

/**
 * Each sort as SQL on `a` (the award). Subqueries rather than joins: with a join TypeORM pages in
 * two statements (DISTINCT ids, then rows).
 */
const ORDER_BY: Record<AwardSort, string> = {
  reference: 'a.reference',
  title: 'lower(a.title)',
  recipient: '(SELECT lower(o.name) FROM organisation o WHERE o.id = a.recipient_organisation_id)',
  amount: 'a.amount_pence',
  status: 'a.status',
  startDate: 'a.start_date',
  endDate: 'a.end_date',
};

/**
 * "Returns behind": a reporting period whose due date has passed (in England, `today`) with no
 * return submitted for it, or with its return sent back for revision.
 */
const RETURNS_BEHIND_SQL = `EXISTS (
  SELECT 1 FROM reporting_period p
    LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
   WHERE p.award_id = a.id AND p.due_date < :today
     AND (r.id IS NULL OR r.latest_version = 0 OR r.status IN ('draft', 'revision_requested')))`;

/**
 * The query's filters and sort on `a`, for the list and its CSV alike (one meaning of "the filtered
 * list"). `today` (England's date) is asked for only by the returns-behind filter: formatting it is
 * ~2% of an unfiltered list page's CPU.
 */
export function filterAwards(qb: SelectQueryBuilder<Award>, query: Omit<AwardQuery, 'page' | 'pageSize'>, today: () => string = todayInLondon): SelectQueryBuilder<Award> {
  if (query.financialYear) qb.andWhere('a.funding_stream_id IN (SELECT s.id FROM funding_stream s WHERE s.financial_year = :fy)', { fy: query.financialYear });
  if (query.fundingStreamId) qb.andWhere('a.funding_stream_id = :streamId', { streamId: query.fundingStreamId });
  if (query.recipientOrganisationId) qb.andWhere('a.recipient_organisation_id = :recipient', { recipient: query.recipientOrganisationId });
  if (query.status) qb.andWhere('a.status = :status', { status: query.status });
  if (query.returnsBehind) qb.andWhere(RETURNS_BEHIND_SQL, { today: today() });
  return orderAwards(qb, query);
}

/** The list's order on `a`: without a sort, oldest first (the API's order); ties always by creation then id, so pages never overlap. */
function orderAwards<Q extends SelectQueryBuilder<Award>>(qb: Q, query: Pick<AwardQuery, 'sort' | 'direction'>): Q {
  const direction = query.direction === 'descending' ? 'DESC' : 'ASC';
  if (query.sort) qb.orderBy(ORDER_BY[query.sort], direction).addOrderBy('a.created_at', 'ASC');
  else qb.orderBy('a.created_at', 'ASC');
  return qb.addOrderBy('a.id', 'ASC');
}

/**
 * One page of a filtered list (`filtered`, from filterAwards) as a statement on `outer` (a fresh
 * builder on `a`): the page's ids are chosen first, from the index alone where one covers the
 * filters and order, and only those rows are read whole. Skipping whole rows read one table row
 * per row skipped: page 1,000 of a year's active awards at one million awards 1,377 ms, 41 ms
 * chosen by id (test/bench/FINDINGS.md, api, round 7). Still one statement.
 */
export function pageOfAwards(filtered: SelectQueryBuilder<Award>, outer: SelectQueryBuilder<Award>, query: Pick<AwardQuery, 'page' | 'pageSize' | 'sort' | 'direction'>): SelectQueryBuilder<Award> {
  const ids = filtered.clone().select('a.id').offset((query.page - 1) * query.pageSize).limit(query.pageSize);
  return orderAwards(outer.where(`a.id IN (${ids.getQuery()})`).setParameters(ids.getParameters()), query);
}

/** The awards list as a download: the columns people filter and sort by, money in pounds. */
export function awardsCsv(items: AwardView[]): { columns: string[]; rows: (string | number | null)[][] } {
  return {
    columns: ['Reference', 'Title', 'Recipient', 'Financial year', 'Amount (£)', 'Status', 'Start date', 'End date', 'Decision reference', 'Decision date', 'Agreement signed'],
    rows: items.map((a) => [
      a.reference,
      a.title,
      a.recipientName,
      a.financialYear,
      (a.amountPence / 100).toFixed(2),
      a.status,
      a.startDate,
      a.endDate,
      a.decisionReference,
      a.decisionDate,
      a.agreementSignedOn,
    ]),
  };
}
