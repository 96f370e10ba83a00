import { Module } from '@nestjs/common';
import { ConditionsModule } from '../conditions/conditions.module.js';
import { PaymentQueueService } from './payment-queue.service.js';
import { PaymentsService } from './payments.service.js';

@Module({ imports: [ConditionsModule], providers: [PaymentsService, PaymentQueueService], exports: [PaymentsService, PaymentQueueService] })
export class PaymentsModule {}
