import type { JobsOptions } from 'bullmq';
import { JobName, type JobItem } from './jobs.js';

/**
 * How jobs run, in one place beside the catalogue: what is retried, how long finished jobs stay
 * in Redis (the queues dashboard shows them), and the recurring schedules.
 */

/**
 * Work enqueued for a durable row (a notification to send, a run to execute): retried with
 * backoff, since the row still waits for it; many kept, since each is a different piece of work.
 */
export const ENQUEUED_JOB_OPTIONS: Readonly<JobsOptions> = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/**
 * Recurring work is not retried: its next tick is the retry. Fewer kept, since the same job
 * repeats every minute or hour and the last hundred say all there is to say.
 */
export const SCHEDULED_JOB_OPTIONS: Readonly<JobsOptions> = {
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 1000 },
};

/** Cron patterns are read in this zone, so "02:30" stays 02:30 across the clock changes. */
export const SCHEDULE_TIME_ZONE = 'Europe/London';

/**
 * A Redis restart without persistence forgets the schedulers: the worker registers them again
 * this often (upsert is idempotent), so recurring work resumes without restarting it.
 */
export const SCHEDULE_REFRESH_MS = 60_000;

export interface JobSchedule {
  /** The scheduler's id in BullMQ: registering it again replaces it. */
  id: string;
  item: JobItem;
  /** Either an interval in milliseconds or a cron pattern (in SCHEDULE_TIME_ZONE). */
  every?: number;
  pattern?: string;
}

/** Recurring work (job schedulers replace BullMQ's removed `repeat`); each job's queue is JOB_QUEUE's. */
export const JOB_SCHEDULES: readonly JobSchedule[] = [
  { id: 'system-heartbeat', every: 30_000, item: { name: JobName.SystemHeartbeat, data: {} } },
  // Hourly, so a step whose day has come goes out the same morning; the rows make reruns no-ops.
  { id: 'reminder-scan', pattern: '5 * * * *', item: { name: JobName.ReminderScan, data: {} } },
  { id: 'reminder-send-pending', every: 60_000, item: { name: JobName.ReminderSendPending, data: {} } },
  // Nightly at 02:30 London time, after the day's payments and returns are in.
  { id: 'reconciliation-nightly', pattern: '30 2 * * *', item: { name: JobName.ReconciliationNightly, data: {} } },
  // Runs whose worker died are queued again or failed; queued runs whose job was lost are enqueued again.
  { id: 'reconciliation-recover', every: 60_000, item: { name: JobName.ReconciliationRecover, data: {} } },
];
