import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import {
  APP_CONFIG,
  bullConnection,
  JOB_QUEUE,
  JOB_SCHEDULES,
  JobName,
  QueueName,
  SCHEDULE_REFRESH_MS,
  SCHEDULE_TIME_ZONE,
  SCHEDULED_JOB_OPTIONS,
  type AppConfig,
} from '#platform/index.js';
import { JOB_HANDLERS, type JobHandlers } from './job-handlers.js';

/**
 * Starts one BullMQ worker per queue, dispatching each job to its handler, and registers the
 * schedulers. Refuses to boot when a JobName has no handler. Closing waits for running jobs.
 */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  private readonly queues = new Map<QueueName, Queue>();
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_HANDLERS) private readonly handlers: JobHandlers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const missing = Object.values(JobName).filter((name) => typeof this.handlers[name] !== 'function');
    if (missing.length) throw new Error(`worker refuses to boot: no handler for ${missing.join(', ')}`);

    const connection = bullConnection(this.config.redisUrl);
    for (const queueName of new Set(Object.values(JOB_QUEUE))) {
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const handler = this.handlers[job.name as JobName] as ((data: unknown, job: Job) => Promise<void>) | undefined;
          if (!handler) throw new Error(`no handler for job ${job.name}`);
          await handler(job.data, job);
        },
        { connection, prefix: this.config.queuePrefix, concurrency: 4 },
      );
      worker.on('failed', (job, err) => this.logger.warn({ job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
      worker.on('error', (err) => this.logger.warn({ err: err.message }, 'worker connection error; retrying'));
      this.workers.push(worker);
    }
    for (const queueName of new Set(JOB_SCHEDULES.map((s) => JOB_QUEUE[s.item.name]))) {
      const queue = new Queue(queueName, { connection, prefix: this.config.queuePrefix });
      queue.on('error', (err) => this.logger.warn({ err: err.message }, 'queue connection error; retrying'));
      this.queues.set(queueName, queue);
    }
    await this.registerSchedulers();
    this.timer = setInterval(() => void this.registerSchedulers().catch(() => undefined), SCHEDULE_REFRESH_MS);
    this.timer.unref();
    this.logger.log({ queues: this.workers.map((w) => w.name), schedulers: JOB_SCHEDULES.map((s) => s.id) }, 'worker started');
  }

  private async registerSchedulers(): Promise<void> {
    for (const s of JOB_SCHEDULES) {
      await this.queues.get(JOB_QUEUE[s.item.name])!.upsertJobScheduler(s.id, s.every ? { every: s.every } : { pattern: s.pattern!, tz: SCHEDULE_TIME_ZONE }, {
        name: s.item.name,
        data: s.item.data,
        opts: { ...SCHEDULED_JOB_OPTIONS },
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.logger.log('worker stopped');
  }
}
