import { Module } from '@nestjs/common';
import { AwardsModule } from '../awards/awards.module.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [AwardsModule], providers: [ReportsService], exports: [ReportsService] })
export class ReportsModule {}
