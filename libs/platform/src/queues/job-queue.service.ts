import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { bullConnection } from './redis-connection.js';
import { ENQUEUED_JOB_OPTIONS } from './job-options.js';
import { JOB_QUEUE, jobIdOf, QueueName, type JobItem } from './jobs.js';

/**
 * The only way to put work on a queue. Sets deterministic job ids, and retries and retention
 * from ENQUEUED_JOB_OPTIONS.
 * Callers enqueue after their transaction commits; the durable row is the source of truth.
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: bullConnection(this.config.redisUrl), prefix: this.config.queuePrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue(item: JobItem): Promise<void> {
    await this.queue(JOB_QUEUE[item.name]).add(item.name, item.data, { ...ENQUEUED_JOB_OPTIONS, jobId: jobIdOf(item) });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
