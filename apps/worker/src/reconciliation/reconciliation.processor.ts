import { Injectable } from '@nestjs/common';
import { ReconciliationService } from '#domain/index.js';
import type { JobName, JobPayloads } from '#platform/index.js';

/** One domain call per reconciliation job. */
@Injectable()
export class ReconciliationProcessor {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** Runs a queued run to the end; a run already claimed or finished is left alone. */
  async run(data: JobPayloads[JobName.ReconciliationRun]): Promise<void> {
    await this.reconciliation.execute(data.runId);
  }

  /** Nightly: queues a run of the current financial year (or finds the one already queued). */
  async nightly(): Promise<void> {
    await this.reconciliation.queueNightly();
  }

  /** Every minute: runs whose worker fell silent are queued again or failed; waiting runs are enqueued again. */
  async recover(): Promise<void> {
    await this.reconciliation.recoverStale();
  }
}
