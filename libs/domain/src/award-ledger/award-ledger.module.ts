import { Module } from '@nestjs/common';
import { AwardLedger } from './award-ledger.service.js';

/** The award row, its status rules and locks: below awards, conditions, payments, returns, outcomes and year-end. */
@Module({ providers: [AwardLedger], exports: [AwardLedger] })
export class AwardLedgerModule {}
