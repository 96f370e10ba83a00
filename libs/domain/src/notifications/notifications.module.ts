import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module.js';
import { NotificationsService } from './notifications.service.js';

@Module({ imports: [FundingModule], providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
