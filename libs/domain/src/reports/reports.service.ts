import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { penceToPounds } from '#platform/index.js';
import { AwardsService } from '../awards/awards.service.js';
import type { GrantsTableRow } from '../awards/award.types.js';

export interface GrantsTable {
  financialYear: string;
  rows: GrantsTableRow[];
  totalPence: number;
}

/** Read-only reports; each area supplies its rows through its service. */
@Injectable()
export class ReportsService {
  constructor(private readonly awards: AwardsService) {}

  /**
   * The plan's grants table (the PCC's duty to set out the grants it makes): recipient, grant
   * type and amount of every committed award in the year, with "included within" lines as notes.
   */
  async grantsTable(financialYear: string): Promise<GrantsTable> {
    const rows = await this.awards.grantsTable(financialYear);
    return { financialYear, rows, totalPence: rows.reduce((sum, r) => sum + r.amountPence, 0) };
  }

  /** The same table as CSV, amounts in exact pounds and pence, with a total line. */
  grantsTableCsv(table: GrantsTable): string {
    return stringify([
      ['Organisation', 'Grant type', 'Amount (£)', 'Amount (pence)', 'Note', 'Award reference'],
      ...table.rows.map((r) => [r.organisation, r.grantType, penceToPounds(r.amountPence), r.amountPence, r.note ?? '', r.reference]),
      ['Total', '', penceToPounds(table.totalPence), table.totalPence, '', ''],
    ]);
  }
}
