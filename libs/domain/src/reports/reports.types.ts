import type { GrantsTableRow } from '../awards/award.types.js';
import type { Disclosure } from '../outcomes/disclosure.js';
import type { AwardTargetsView } from '../outcomes/outcomes.types.js';

/** One indicator's target against its actual, at some level (award, stream, objective, year). */
export interface OutcomeLine {
  indicatorCode: string;
  title: string;
  frameworkId: string;
  framework: string;
  unit: string;
  aggregation: string;
  direction: string;
  /** A count about victims: its small figures are suppressed beyond those who see actual figures. */
  isVictimCount: boolean;
  /** `<5` for a small victim count, `[c]` for one hidden so that a small one cannot be worked out. */
  baseline: number | string | null;
  target: number | null;
  /** `<5` for a small victim count, `[c]` for one hidden so that a small one cannot be worked out. */
  actual: number | string | null;
  periodsReported: number;
  /** Null when there is nothing to compare, or when the actual is suppressed (it would narrow it down). */
  onTarget: boolean | null;
}

export interface OutcomesReport {
  financialYear: string;
  fundingStreamId: string | null;
  smallNumberThreshold: number;
  /** `actual` for the staff who manage the grants; `suppressed` for viewers and every export. */
  figures: Disclosure;
  awards: { awardId: string; reference: string; recipient: string; fundingStreamId: string; framework: string | null; indicators: OutcomeLine[] }[];
  streams: { fundingStreamId: string; name: string; indicators: OutcomeLine[] }[];
  objectives: { objectiveId: string; code: string; title: string; planName: string; indicators: OutcomeLine[] }[];
  year: { indicators: OutcomeLine[] };
}

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
  /** The year's total over every row, paged or not. */
  totalPence: number;
  /** When paged only: the year's number of grants (every page), and which page `rows` is. */
  total?: number;
  page?: number;
  pageSize?: number;
}

/** One page of the grants table: `page` from 1, `pageSize` rows. */
export interface GrantsTablePaging {
  page: number;
  pageSize: number;
}

/** An award's framework, targets and the actuals of its accepted returns (one indicator and period each). */
export interface AwardOutcomes extends AwardTargetsView {
  actuals: { indicatorCode: string; periodKey: string; value: number | string | null }[];
}

/** One award in the finance report (ReportsService.financeWithAwards). */
export interface FinanceAwardRow {
  awardId: string;
  reference: string;
  title: string;
  recipientName: string;
  status: string;
  fundingStreamId: string;
  budgetPence: number;
  committedPence: number;
  netPaidPence: number;
  reportedSpendPence: number;
  remainingPence: number;
}
