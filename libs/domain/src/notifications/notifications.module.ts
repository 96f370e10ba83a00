import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module.js';
import { NotificationsService } from './notifications.service.js';
import { ReminderSendQueue } from './reminder-send.queue.js';

@Module({ imports: [FundingModule], providers: [NotificationsService, ReminderSendQueue], exports: [NotificationsService] })
export class NotificationsModule {}
