import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { FundingService } from './funding.service.js';

@Module({ imports: [OrganisationsModule], providers: [FundingService], exports: [FundingService] })
export class FundingModule {}
