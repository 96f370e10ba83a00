/**
 * The reports as tables for download: rows, never CSV text. apps/api writes them with the one
 * CSV writer (libs/platform csv-writer), which neutralises formulas in every cell. Pure.
 */
import { penceToPounds, type CsvTable } from '#platform/index.js';
import type { ReturnsStatusReport } from '../returns/returns.types.js';
import type { FinanceReport, GrantsTable, OutcomeLine, OutcomesReport } from './reports.types.js';

/** The plan's grants table, amounts in exact pounds and pence, with a total line. */
export function grantsTableRows(table: GrantsTable): CsvTable {
  return {
    columns: ['Organisation', 'Grant type', 'Amount (£)', 'Amount (pence)', 'Note', 'Award reference', 'Purpose', 'Conditions'],
    rows: [
      ...table.rows.map((r) => [r.organisation, r.grantType, penceToPounds(r.amountPence), r.amountPence, r.note ?? '', r.reference, r.purpose, r.conditions.map((c) => c.title).join('; ')]),
      ['Total', '', penceToPounds(table.totalPence), table.totalPence, '', '', '', ''],
    ],
  };
}

/** The finance report per stream, in pounds, with a total line. */
export function financeRows(report: FinanceReport): CsvTable {
  const money = (r: FinanceReport['totals']) =>
    [r.budgetPence, r.committedPence, r.draftPence, r.approvedPaymentsPence, r.paidPence, r.recoveredPence, r.netPaidPence, r.reportedSpendPence, r.remainingPence, r.committedUnpaidPence].map(penceToPounds);
  return {
    columns: ['Funding stream', 'Purpose', 'Budget (£)', 'Committed (£)', 'Draft (£)', 'Approved payments (£)', 'Paid (£)', 'Recovered (£)', 'Net paid (£)', 'Reported spend (£)', 'Remaining (£)', 'Committed unpaid (£)'],
    rows: [...report.rows.map((r) => [r.name, r.purpose, ...money(r)]), ['Total', '', ...money(report.totals)]],
  };
}

/** The overdue list, then (after a blank line) the periods per status. */
export function returnsStatusRows(report: ReturnsStatusReport): CsvTable {
  return {
    columns: ['Award reference', 'Organisation', 'Period', 'Due date', 'Working days overdue'],
    rows: [
      ...report.overdue.map((o) => [o.awardReference, o.organisation, o.key, o.dueDate, o.workingDaysOverdue]),
      [],
      ['Status', 'Periods'],
      ...Object.entries(report.counts).map(([status, n]) => [status, n]),
    ],
  };
}

/** Every line of the outcomes report, award by award, then streams, objectives and the year. */
export function outcomesRows(report: OutcomesReport): CsvTable {
  const rows: CsvTable['rows'] = [];
  const add = (scope: string, name: string, lines: OutcomeLine[]) => {
    for (const l of lines) rows.push([scope, name, l.framework, `${l.indicatorCode} ${l.title}`, l.unit, l.baseline ?? '', l.target ?? '', l.actual ?? '', l.periodsReported, l.onTarget === null ? '' : l.onTarget ? 'yes' : 'no']);
  };
  for (const a of report.awards) add('award', `${a.reference} ${a.recipient}`, a.indicators);
  for (const s of report.streams) add('stream', s.name, s.indicators);
  for (const o of report.objectives) add('objective', `${o.code} ${o.title}`, o.indicators);
  add('year', report.financialYear, report.year.indicators);
  return { columns: ['Scope', 'Name', 'Framework', 'Indicator', 'Unit', 'Baseline', 'Target', 'Actual', 'Periods', 'On target'], rows };
}
