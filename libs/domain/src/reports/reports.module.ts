import { Module } from '@nestjs/common';
import { AwardsModule } from '../awards/awards.module.js';
import { ConditionsModule } from '../conditions/conditions.module.js';
import { FundingModule } from '../funding/funding.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [AwardsModule, ConditionsModule, FundingModule, PaymentsModule], providers: [ReportsService], exports: [ReportsService] })
export class ReportsModule {}
