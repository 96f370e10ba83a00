import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module.js';
import { ObjectivesModule } from '../objectives/objectives.module.js';
import { OutcomesService } from './outcomes.service.js';

/** Outcome frameworks, indicators and award targets. The returns area imports this one (never the reverse). */
@Module({ imports: [FundingModule, ObjectivesModule], providers: [OutcomesService], exports: [OutcomesService] })
export class OutcomesModule {}
