import { Global, Module } from '@nestjs/common';
import { MailService } from './mail/mail.service.js';
import { JobQueue } from './queues/job-queue.service.js';
import { CalendarService } from './calendar/calendar.service.js';

/**
 * Shared infrastructure services for the API and the worker. CalendarService injects the
 * DataSource of the global TypeORM module that DomainModule imports; Nest resolves globals
 * whatever the import order, and every app importing this also imports DomainModule.
 */
@Global()
@Module({ providers: [MailService, JobQueue, CalendarService], exports: [MailService, JobQueue, CalendarService] })
export class PlatformModule {}
