import type { DiscrepancyView, RunView } from '../reconciliation/reconciliation.types.js';
import type { FinanceReport, GrantsTable, OutcomesReport } from '../reports/reports.types.js';
import type { ReturnsStatusReport } from '../returns/returns.types.js';

/** A financial year's reconciliation as a panel reads it: the latest finished whole-year run and what it left open. */
export interface ReconciliationSummary {
  financialYear: string;
  /** The latest succeeded run of the whole year, or null before the first. */
  latest: RunView | null;
  /** Its discrepancies (errors first): what is still open for the year. */
  open: DiscrepancyView[];
  openTotal: number;
  /** What it resolved since the run before it. */
  resolvedTotal: number;
  /** Earlier runs of the year, newest first (any scope). */
  runs: RunView[];
}

/**
 * Everything a panel scrutinises for one financial year in one document (issue 16 item 7):
 * grants with their conditions, spend against budget per stream, outcomes against targets (small
 * victim numbers suppressed as for every viewer), returns compliance and open discrepancies,
 * dated and with its data source.
 */
export interface PanelPackContents {
  financialYear: string;
  /** When the figures were read (ISO timestamp). */
  generatedAt: string;
  /** Where the figures come from, in words for the reader. */
  dataSource: string;
  published: boolean;
  grants: GrantsTable;
  finance: FinanceReport;
  outcomes: OutcomesReport;
  returns: ReturnsStatusReport;
  reconciliation: ReconciliationSummary;
}

export type PanelPackStatus = 'queued' | 'running' | 'ready' | 'failed';

/** One request for a pack's PDF, as the pages show it (never the bytes). */
export interface PanelPackView {
  id: string;
  financialYear: string;
  status: PanelPackStatus;
  /** Percent done, 0 to 100. */
  progress: number;
  byteSize: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
