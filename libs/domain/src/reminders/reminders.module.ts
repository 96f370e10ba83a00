import { Module } from '@nestjs/common';
import { FundingModule } from '../funding/funding.module.js';
import { RemindersService } from './reminders.service.js';
import { ReminderSendQueue } from './reminder-send.queue.js';

@Module({ imports: [FundingModule], providers: [RemindersService, ReminderSendQueue], exports: [RemindersService] })
export class RemindersModule {}
