import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { UsersModule } from '../users/users.module.js';
import { FundingService } from './funding.service.js';

@Module({ imports: [OrganisationsModule, UsersModule], providers: [FundingService], exports: [FundingService] })
export class FundingModule {}
