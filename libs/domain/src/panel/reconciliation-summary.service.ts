import { Injectable } from '@nestjs/common';
import { ReconciliationService } from '../reconciliation/reconciliation.service.js';
import type { ReconciliationSummary } from './panel.types.js';

/** Reconciliation for readers who scrutinise it rather than run it (the panel and auditors). */
@Injectable()
export class ReconciliationSummaryService {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** The year's latest succeeded whole-year run with its open discrepancies, and the year's runs. */
  async forYear(financialYear: string, openLimit = 200): Promise<ReconciliationSummary> {
    // The page lists these runs but never their count: one statement, not the API list's two.
    const runs = await this.reconciliation.recent({ financialYear, page: 1, pageSize: 20 });
    const latest = runs.find((r) => r.status === 'succeeded' && r.fundingStreamId === null) ?? null;
    if (!latest) return { financialYear, latest: null, open: [], openTotal: 0, resolvedTotal: 0, runs };
    const detail = await this.reconciliation.get(latest.id, { page: 1, pageSize: openLimit });
    return { financialYear, latest, open: detail.discrepancies, openTotal: detail.discrepancyTotal, resolvedTotal: detail.resolvedTotal, runs };
  }
}
