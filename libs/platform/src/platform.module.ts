import { Global, Module } from '@nestjs/common';
import { MailService } from './mail/mail.service.js';
import { JobQueue } from './queues/job-queue.service.js';

/** Shared infrastructure services for the API and the worker. */
@Global()
@Module({ providers: [MailService, JobQueue], exports: [MailService, JobQueue] })
export class PlatformModule {}
