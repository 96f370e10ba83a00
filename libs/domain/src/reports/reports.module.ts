import { Module } from '@nestjs/common';
import { AwardsModule } from '../awards/awards.module.js';
import { ConditionsModule } from '../conditions/conditions.module.js';
import { FundingModule } from '../funding/funding.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ReturnsModule } from '../returns/returns.module.js';
import { ObjectivesModule } from '../objectives/objectives.module.js';
import { OutcomesModule } from '../outcomes/outcomes.module.js';
import { GrantsPublicationService } from './grants-publication.service.js';
import { OfficerWorkService } from './officer-work.service.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [AwardsModule, ConditionsModule, FundingModule, PaymentsModule, ReturnsModule, ObjectivesModule, OutcomesModule], providers: [ReportsService, GrantsPublicationService, OfficerWorkService], exports: [ReportsService, GrantsPublicationService, OfficerWorkService] })
export class ReportsModule {}
