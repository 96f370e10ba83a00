import { Module } from '@nestjs/common';
import { AwardLedgerModule } from '../award-ledger/award-ledger.module.js';
import { FundingModule } from '../funding/funding.module.js';
import { ConditionsService } from './conditions.service.js';

/** Award conditions and stream templates. AwardsModule imports this one (never the reverse); both stand on the award ledger. */
@Module({ imports: [FundingModule, AwardLedgerModule], providers: [ConditionsService], exports: [ConditionsService] })
export class ConditionsModule {}
