import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { createFileStore } from './files/file-store.factory.js';
import { FILE_STORE } from './files/file-store.js';
import { MailService } from './mail/mail.service.js';
import { JobQueue } from './queues/job-queue.service.js';
import { CalendarService } from './calendar/calendar.service.js';

/**
 * Shared infrastructure services for the API, the worker and the CLIs. CalendarService injects the
 * DataSource of the global TypeORM module; DomainModule.forRoot imports both, and Nest resolves
 * globals whatever the import order.
 */
const fileStore = { provide: FILE_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createFileStore(config.files.store) };

@Global()
@Module({ providers: [MailService, JobQueue, CalendarService, fileStore], exports: [MailService, JobQueue, CalendarService, FILE_STORE] })
export class PlatformModule {}
