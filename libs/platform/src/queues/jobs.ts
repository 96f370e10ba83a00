/**
 * The typed job catalogue: every queue, job name and payload in one place, shared by the API
 * (which only enqueues) and the worker (which only processes). Payloads carry ids; the worker
 * reloads rows, so a job never acts on stale data. The durable row (notification,
 * reconciliation run) is written first; a job only nudges, and schedulers re-enqueue what waits.
 */
export enum QueueName {
  System = 'system',
  Notifications = 'notifications',
  Reconciliation = 'reconciliation',
  Documents = 'documents',
}

export enum JobName {
  /** Proves the worker is alive and processing: records the time of the last beat in Redis. */
  SystemHeartbeat = 'system-heartbeat',
  /** Decides which reminder steps are due and writes one notification row per (period, step). */
  ReminderScan = 'reminder-scan',
  /** Delivers one notification row by SMTP and marks it sent. */
  ReminderSend = 'reminder-send',
  /** Re-enqueues notifications still pending (after a crash, a Redis restart or an SMTP outage). */
  ReminderSendPending = 'reminder-send-pending',
  /** Runs one queued reconciliation run to completion. */
  ReconciliationRun = 'reconciliation-run',
  /** Nightly: queues a reconciliation run for the current financial year. */
  ReconciliationNightly = 'reconciliation-nightly',
  /** Marks runs whose worker died as failed, or requeues them. */
  ReconciliationRecover = 'reconciliation-recover',
  /** Renders one queued panel pack to PDF, with progress. */
  PanelPackRender = 'panel-pack-render',
}

export interface JobPayloads {
  [JobName.SystemHeartbeat]: { scheduledAt?: string };
  [JobName.ReminderScan]: { asOf?: string };
  /** `attempt` counts re-enqueues, so a job id that already failed can be tried again. */
  [JobName.ReminderSend]: { notificationId: string; attempt: number };
  [JobName.ReminderSendPending]: Record<string, never>;
  [JobName.ReconciliationRun]: { runId: string };
  [JobName.ReconciliationNightly]: Record<string, never>;
  [JobName.ReconciliationRecover]: Record<string, never>;
  [JobName.PanelPackRender]: { packId: string };
}

export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>;

/** Which queue carries each job. Adding a JobName without a queue is a compile error. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SystemHeartbeat]: QueueName.System,
  [JobName.ReminderScan]: QueueName.Notifications,
  [JobName.ReminderSend]: QueueName.Notifications,
  [JobName.ReminderSendPending]: QueueName.Notifications,
  [JobName.ReconciliationRun]: QueueName.Reconciliation,
  [JobName.ReconciliationNightly]: QueueName.Reconciliation,
  [JobName.ReconciliationRecover]: QueueName.Reconciliation,
  [JobName.PanelPackRender]: QueueName.Documents,
};

/** Deterministic job ids collapse repeats: enqueueing the same work twice runs it once (no ":" in BullMQ custom ids). */
export function jobIdOf(item: JobItem): string | undefined {
  switch (item.name) {
    case JobName.ReminderSend:
      return `reminder-send-${item.data.notificationId}-${item.data.attempt}`;
    case JobName.ReconciliationRun:
      return `reconciliation-run-${item.data.runId}`;
    case JobName.PanelPackRender:
      return `panel-pack-render-${item.data.packId}`;
    default:
      return undefined;
  }
}

export const HEARTBEAT_KEY = 'worker:heartbeat';
