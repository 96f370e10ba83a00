import { Injectable } from '@nestjs/common';
import { PaymentQueueService, ReconciliationService, YearEndService, type Actor } from '#domain/index.js';
import type { WebRequest } from '../common/web-request.js';
import type { HomePage, HomeView } from './home-page.js';

/**
 * The finance home (issue 16, item 1): payments waiting for approval (and how many need another
 * approver), payments due this month, payments held with what holds them, the latest
 * reconciliation run with its new and resolved discrepancies, and each stream's year-end status.
 */
@Injectable()
export class FinanceHomePage implements HomePage {
  constructor(
    private readonly queue: PaymentQueueService,
    private readonly reconciliation: ReconciliationService,
    private readonly yearEnd: YearEndService,
  ) {}

  async render(actor: Actor, _req: WebRequest): Promise<HomeView> {
    const [overview, runs, streams] = await Promise.all([this.queue.overview(actor), this.reconciliation.list({ page: 1, pageSize: 1 }), this.yearEnd.streamsStatus()]);
    return { view: 'home/finance', model: { overview, latestRun: runs.items[0] ?? null, streams } };
  }
}
