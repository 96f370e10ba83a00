import { Global, Module } from '@nestjs/common';
import { MailService } from './mail/mail.service.js';
import { JobQueue } from './queues/job-queue.service.js';
import { CalendarService } from './calendar/calendar.service.js';

/**
 * Shared infrastructure services for the API, the worker and the CLIs. CalendarService injects the
 * DataSource of the global TypeORM module; DomainModule.forRoot imports both, and Nest resolves
 * globals whatever the import order.
 */
@Global()
@Module({ providers: [MailService, JobQueue, CalendarService], exports: [MailService, JobQueue, CalendarService] })
export class PlatformModule {}
