import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { APP_CONFIG, bullConnection, JOB_QUEUE, JobName, QueueName, type AppConfig, type JobItem } from '#platform/index.js';
import { JOB_HANDLERS, type JobHandlers } from './job-handlers.js';

const SCHEDULER_REFRESH_MS = 60_000;

/** Recurring work, times in Europe/London (job schedulers replace BullMQ's removed `repeat`). */
const SCHEDULES: { id: string; queue: QueueName; every?: number; pattern?: string; item: JobItem }[] = [
  { id: 'system-heartbeat', queue: QueueName.System, every: 30_000, item: { name: JobName.SystemHeartbeat, data: {} } },
  // Hourly, so a step whose day has come goes out the same morning; the rows make reruns no-ops.
  { id: 'reminder-scan', queue: QueueName.Notifications, pattern: '5 * * * *', item: { name: JobName.ReminderScan, data: {} } },
  { id: 'reminder-send-pending', queue: QueueName.Notifications, every: 60_000, item: { name: JobName.ReminderSendPending, data: {} } },
  // Nightly at 02:30 London time, after the day's payments and returns are in.
  { id: 'reconciliation-nightly', queue: QueueName.Reconciliation, pattern: '30 2 * * *', item: { name: JobName.ReconciliationNightly, data: {} } },
  // Runs whose worker died are queued again or failed; queued runs whose job was lost are enqueued again.
  { id: 'reconciliation-recover', queue: QueueName.Reconciliation, every: 60_000, item: { name: JobName.ReconciliationRecover, data: {} } },
];

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
    for (const queueName of new Set(SCHEDULES.map((s) => s.queue))) {
      const queue = new Queue(queueName, { connection, prefix: this.config.queuePrefix });
      queue.on('error', (err) => this.logger.warn({ err: err.message }, 'queue connection error; retrying'));
      this.queues.set(queueName, queue);
    }
    await this.registerSchedulers();
    // A Redis restart without persistence forgets the schedulers: register them again every
    // minute (upsert is idempotent), so recurring work resumes without restarting the worker.
    this.timer = setInterval(() => void this.registerSchedulers().catch(() => undefined), SCHEDULER_REFRESH_MS);
    this.timer.unref();
    this.logger.log({ queues: this.workers.map((w) => w.name), schedulers: SCHEDULES.map((s) => s.id) }, 'worker started');
  }

  private async registerSchedulers(): Promise<void> {
    for (const s of SCHEDULES) {
      await this.queues.get(s.queue)!.upsertJobScheduler(s.id, s.every ? { every: s.every } : { pattern: s.pattern!, tz: 'Europe/London' }, {
        name: s.item.name,
        data: s.item.data,
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
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
