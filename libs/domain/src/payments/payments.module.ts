import { Module } from '@nestjs/common';
import { ConditionsModule } from '../conditions/conditions.module.js';
import { PaymentsService } from './payments.service.js';

@Module({ imports: [ConditionsModule], providers: [PaymentsService], exports: [PaymentsService] })
export class PaymentsModule {}
