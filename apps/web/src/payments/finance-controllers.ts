import type { Type } from '@nestjs/common';
import { PaymentQueueController } from './payment-queue.controller.js';
import { PaymentsController } from './payments.controller.js';
import { FinanceReportController } from '../finance-report/finance-report.controller.js';
import { ReconciliationController } from '../reconciliation/reconciliation.controller.js';
import { YearEndController } from '../year-end/year-end.controller.js';

/** Finance's pages (issue 16, items 1-5), registered in web.module.ts by one line. */
export const FINANCE_CONTROLLERS: Type<unknown>[] = [PaymentsController, PaymentQueueController, ReconciliationController, YearEndController, FinanceReportController];
