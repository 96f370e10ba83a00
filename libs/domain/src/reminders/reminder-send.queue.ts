import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, JobQueue } from '#platform/index.js';

/** Send jobs added to Redis at once (ioredis pipelines concurrent commands). */
const ENQUEUE_CONCURRENCY = 50;

/**
 * The one way a notification's send job is queued, after the row is committed: the rows are
 * marked (a queued count that is part of the job id, so a job that used up its retries can be
 * queued again, and the time, so the sweep leaves it alone for a while), then their jobs go to
 * Redis a few at a time. A row no longer pending is not queued.
 */
@Injectable()
export class ReminderSendQueue {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  /** Returns how many were queued; Redis being away is logged, not thrown: the sweep retries. */
  async enqueue(notificationIds: string[]): Promise<number> {
    if (notificationIds.length === 0) return 0;
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = (await this.dataSource.query(
      `UPDATE notification SET enqueued = enqueued + 1, last_enqueued_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending' RETURNING id, enqueued`,
      [notificationIds],
    )) as [{ id: string; enqueued: number }[], number];
    let queued = 0;
    for (let i = 0; i < rows.length; i += ENQUEUE_CONCURRENCY) {
      const added = await Promise.all(
        rows.slice(i, i + ENQUEUE_CONCURRENCY).map((r) =>
          this.jobs.enqueue({ name: JobName.ReminderSend, data: { notificationId: r.id, attempt: r.enqueued } }).then(
            () => true,
            (error: Error) => {
              // Redis is away: the row stays pending and the sweep queues it when Redis is back.
              this.logger.warn({ notificationId: r.id, err: error.message }, 'could not queue a reminder; the sweep will retry');
              return false;
            },
          ),
        ),
      );
      queued += added.filter(Boolean).length;
    }
    return queued;
  }
}
