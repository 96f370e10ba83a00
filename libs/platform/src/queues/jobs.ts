/**
 * The typed job catalogue: every queue, job name and payload in one place, shared by the API
 * (which only enqueues) and the worker (which only processes). Payloads carry ids; the worker
 * reloads rows, so a job never acts on stale data.
 */
export enum QueueName {
  System = 'system',
}

export enum JobName {
  /** Proves the worker is alive and processing: records the time of the last beat in Redis. */
  SystemHeartbeat = 'system-heartbeat',
}

export interface JobPayloads {
  [JobName.SystemHeartbeat]: { scheduledAt?: string };
}

export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];
export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>;

/** Which queue carries each job. Adding a JobName without a queue is a compile error. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SystemHeartbeat]: QueueName.System,
};

/** Deterministic job ids collapse repeats: enqueueing the same work twice runs it once. */
export function jobIdOf(item: JobItem): string | undefined {
  switch (item.name) {
    case JobName.SystemHeartbeat:
      return undefined;
  }
}

export const HEARTBEAT_KEY = 'worker:heartbeat';
