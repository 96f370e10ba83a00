import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { penceToPounds } from '#platform/index.js';
import { AwardsService } from '../awards/awards.service.js';
import type { GrantsTableRow } from '../awards/award.types.js';
import { ConditionsService } from '../conditions/conditions.service.js';
import { FundingService } from '../funding/funding.service.js';
import { PaymentsService } from '../payments/payments.service.js';

/** One funding stream's money for a year, as finance reconciles it. */
export interface FinanceReportRow {
  fundingStreamId: string;
  name: string;
  purpose: string;
  budgetPence: number;
  committedPence: number;
  draftPence: number;
  /** Payments approved but not yet paid. */
  approvedPaymentsPence: number;
  paidPence: number;
  recoveredPence: number;
  /** Paid less recovered. */
  netPaidPence: number;
  /** Spend partners reported in their latest accepted monitoring returns (0 until returns exist). */
  reportedSpendPence: number;
  /** Budget not yet committed to awards. */
  remainingPence: number;
  /** Committed to awards but not yet paid out (net). */
  committedUnpaidPence: number;
}

export interface FinanceReport {
  financialYear: string;
  rows: FinanceReportRow[];
  totals: Omit<FinanceReportRow, 'fundingStreamId' | 'name' | 'purpose'>;
}

/** A grant as the PCC must publish it: recipient, purpose, amount and its conditions. */
export interface GrantsTableEntry extends GrantsTableRow {
  conditions: { title: string; category: string; status: string; holdsPayments: boolean }[];
}

export interface GrantsTable {
  financialYear: string;
  rows: GrantsTableEntry[];
  totalPence: number;
}

/** Read-only reports; each area supplies its rows through its service. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
    private readonly payments: PaymentsService,
    private readonly conditions: ConditionsService,
  ) {}

  /** The finance report per stream for a year: budget, committed, paid, reported spend, remaining. */
  async finance(financialYear: string): Promise<FinanceReport> {
    const streams = await this.funding.listStreams({ financialYear, page: 1, pageSize: 10_000 });
    const paid = await this.payments.totalsByStream(financialYear);
    const rows: FinanceReportRow[] = streams.items.map((s) => {
      const p = paid.get(s.id) ?? { paidPence: 0, recoveredPence: 0, approvedPence: 0 };
      const netPaidPence = p.paidPence - p.recoveredPence;
      return {
        fundingStreamId: s.id,
        name: s.name,
        purpose: s.purpose,
        budgetPence: s.budgetPence,
        committedPence: s.committedPence,
        draftPence: s.draftPence,
        approvedPaymentsPence: p.approvedPence,
        paidPence: p.paidPence,
        recoveredPence: p.recoveredPence,
        netPaidPence,
        reportedSpendPence: 0,
        remainingPence: s.remainingPence,
        committedUnpaidPence: s.committedPence - netPaidPence,
      };
    });
    const keys = ['budgetPence', 'committedPence', 'draftPence', 'approvedPaymentsPence', 'paidPence', 'recoveredPence', 'netPaidPence', 'reportedSpendPence', 'remainingPence', 'committedUnpaidPence'] as const;
    const totals = Object.fromEntries(keys.map((k) => [k, rows.reduce((sum, r) => sum + r[k], 0)])) as FinanceReport['totals'];
    return { financialYear, rows, totals };
  }

  financeCsv(report: FinanceReport): string {
    const header = ['Funding stream', 'Purpose', 'Budget (£)', 'Committed (£)', 'Draft (£)', 'Approved payments (£)', 'Paid (£)', 'Recovered (£)', 'Net paid (£)', 'Reported spend (£)', 'Remaining (£)', 'Committed unpaid (£)'];
    const money = (r: FinanceReport['totals']) =>
      [r.budgetPence, r.committedPence, r.draftPence, r.approvedPaymentsPence, r.paidPence, r.recoveredPence, r.netPaidPence, r.reportedSpendPence, r.remainingPence, r.committedUnpaidPence].map(penceToPounds);
    return stringify([header, ...report.rows.map((r) => [r.name, r.purpose, ...money(r)]), ['Total', '', ...money(report.totals)]]);
  }

  /**
   * The plan's grants table (the PCC's duty to set out the grants it makes): recipient, grant
   * type and amount of every committed award in the year, with "included within" lines as notes.
   */
  async grantsTable(financialYear: string): Promise<GrantsTable> {
    const grants = await this.awards.grantsTable(financialYear);
    const conditions = await this.conditions.forAwards(grants.map((g) => g.awardId));
    const rows = grants.map((g) => ({
      ...g,
      conditions: (conditions.get(g.awardId) ?? []).map((c) => ({ title: c.title, category: c.category, status: c.status, holdsPayments: c.holdsPayments })),
    }));
    return { financialYear, rows, totalPence: rows.reduce((sum, r) => sum + r.amountPence, 0) };
  }

  /** The same table as CSV, amounts in exact pounds and pence, with a total line. */
  grantsTableCsv(table: GrantsTable): string {
    return stringify([
      ['Organisation', 'Grant type', 'Amount (£)', 'Amount (pence)', 'Note', 'Award reference', 'Purpose', 'Conditions'],
      ...table.rows.map((r) => [r.organisation, r.grantType, penceToPounds(r.amountPence), r.amountPence, r.note ?? '', r.reference, r.purpose, r.conditions.map((c) => c.title).join('; ')]),
      ['Total', '', penceToPounds(table.totalPence), table.totalPence, '', '', '', ''],
    ]);
  }
}
