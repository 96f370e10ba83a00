import { Module } from '@nestjs/common';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { PanelPackService } from './panel-pack.service.js';
import { ReconciliationSummaryService } from './reconciliation-summary.service.js';

/** What the Police and Crime Panel and auditors read: the panel pack and reconciliation summaries. */
@Module({ imports: [ReportsModule, ReconciliationModule], providers: [PanelPackService, ReconciliationSummaryService], exports: [PanelPackService, ReconciliationSummaryService] })
export class PanelModule {}
