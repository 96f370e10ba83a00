import type { JobName, JobPayloads } from '#platform/index.js';

/** One handler per JobName; the type makes a missing handler a compile error. */
export type JobHandlers = { [N in JobName]: (data: JobPayloads[N], job: { id?: string; attemptsMade: number }) => Promise<void> };

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
