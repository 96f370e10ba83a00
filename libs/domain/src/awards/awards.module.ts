import { Module } from '@nestjs/common';
import { ConditionsModule } from '../conditions/conditions.module.js';
import { FundingModule } from '../funding/funding.module.js';
import { ObjectivesModule } from '../objectives/objectives.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { AwardsService } from './awards.service.js';

@Module({ imports: [ConditionsModule, FundingModule, OrganisationsModule, ObjectivesModule, UsersModule], providers: [AwardsService], exports: [AwardsService] })
export class AwardsModule {}
