import { Module } from '@nestjs/common';
import { ReconciliationRunTransitions } from './reconciliation-run.transitions.js';
import { ReconciliationService } from './reconciliation.service.js';

/** Reconciliation runs: requested by the API and the nightly schedule, executed by the worker. */
@Module({ providers: [ReconciliationService, ReconciliationRunTransitions], exports: [ReconciliationService] })
export class ReconciliationModule {}
