import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { OutcomesModule } from '../outcomes/outcomes.module.js';
import { MonitoringReturnsService } from './monitoring-returns.service.js';
import { ObligationsService } from './obligations.service.js';
import { ReportingService } from './reporting.service.js';

@Module({ imports: [OutcomesModule, DocumentsModule], providers: [ReportingService, MonitoringReturnsService, ObligationsService], exports: [ReportingService, MonitoringReturnsService, ObligationsService] })
export class ReturnsModule {}
