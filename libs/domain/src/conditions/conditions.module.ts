import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module.js';
import { ConditionsService } from './conditions.service.js';

/** Award conditions and stream templates. AwardsModule imports this one (never the reverse). */
@Module({ imports: [FundingModule], providers: [ConditionsService], exports: [ConditionsService] })
export class ConditionsModule {}
