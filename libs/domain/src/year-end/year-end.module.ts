import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ReturnsModule } from '../returns/returns.module.js';
import { YearEndService } from './year-end.service.js';

@Module({ imports: [FundingModule, PaymentsModule, ReturnsModule], providers: [YearEndService], exports: [YearEndService] })
export class YearEndModule {}
