import { Module } from '@nestjs/common';
import { ReconciliationService } from './reconciliation.service.js';

/** Reconciliation runs: requested by the API and the nightly schedule, executed by the worker. */
@Module({ providers: [ReconciliationService], exports: [ReconciliationService] })
export class ReconciliationModule {}
