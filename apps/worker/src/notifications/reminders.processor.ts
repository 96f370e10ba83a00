import { Injectable } from '@nestjs/common';
import { NotificationsService } from '#domain/index.js';
import type { JobPayloads } from '#platform/index.js';
import { JobName } from '#platform/index.js';

/** One domain call per reminder job. */
@Injectable()
export class RemindersProcessor {
  constructor(private readonly notifications: NotificationsService) {}

  async scan(data: JobPayloads[JobName.ReminderScan]): Promise<void> {
    await this.notifications.scan(data.asOf);
  }

  async send(data: JobPayloads[JobName.ReminderSend]): Promise<void> {
    await this.notifications.send(data.notificationId);
  }

  async sendPending(): Promise<void> {
    await this.notifications.enqueuePending();
  }
}
