/**
 * The plan's grants table in SQL: every committed award in the year's streams, in the order made
 * (then reference and id, so pages never overlap), with its "included within" budget lines as one
 * note. $1 the financial year, $2 the committed statuses; the paged form adds $3 LIMIT, $4 OFFSET.
 */
const GRANTS_TABLE_FROM = `FROM award a
         JOIN funding_stream s ON s.id = a.funding_stream_id
         JOIN organisation o ON o.id = a.recipient_organisation_id
        WHERE s.financial_year = $1 AND a.status = ANY($2::text[])`;

export function grantsTableSql(paged: boolean): string {
  return `SELECT a.id, a.reference, o.name AS organisation, a.grant_type, a.amount_pence, a.title, a.description,
              (SELECT string_agg(l.label || coalesce(' (' || l.note || ')', ''), '; ' ORDER BY l.position)
                 FROM award_line l WHERE l.award_id = a.id AND l.amount_pence IS NULL) AS included
         ${GRANTS_TABLE_FROM}
        ORDER BY a.created_at, a.reference, a.id${paged ? ' LIMIT $3 OFFSET $4' : ''}`;
}

/** The whole year's count and sum (a page of the table still shows the year's total). */
export const GRANTS_TABLE_TOTALS_SQL = `SELECT count(*)::int AS grants, coalesce(sum(a.amount_pence), 0)::text AS total_pence
         ${GRANTS_TABLE_FROM}`;

export interface GrantsTableSqlRow {
  id: string;
  reference: string;
  organisation: string;
  grant_type: string;
  amount_pence: string;
  title: string;
  description: string | null;
  included: string | null;
}
