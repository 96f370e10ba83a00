import type { GrantsTable, ReportsService } from '#domain/index.js';

/**
 * Rows a page of the grants table (the officers' report and the panel's page). A year's whole
 * table was 2,469 rows and 935 KB of HTML at bench scale, neither readable nor quick (issue 15);
 * the CSV and the panel's pack (a paper document) stay whole.
 */
export const GRANTS_PAGE_SIZE = 100;

/** One page of the year's grants table, paged in SQL; a page past the end shows the last one. */
export async function grantsTablePage(reports: ReportsService, financialYear: string, page: number): Promise<GrantsTable> {
  const table = await reports.grantsTable(financialYear, { page, pageSize: GRANTS_PAGE_SIZE });
  const last = Math.max(1, Math.ceil((table.total ?? 0) / GRANTS_PAGE_SIZE));
  return page > last ? reports.grantsTable(financialYear, { page: last, pageSize: GRANTS_PAGE_SIZE }) : table;
}
