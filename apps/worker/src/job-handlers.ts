import type { PanelPackService, RemindersService, ReconciliationService } from '#domain/index.js';
import { JobName, type JobPayloads } from '#platform/index.js';
import type { WorkerHeartbeat } from './system/worker-heartbeat.js';

/**
 * One handler per JobName: the mapped type makes a missing handler a compile error and an object
 * literal cannot name one twice; the runner refuses to boot should one still be missing.
 */
export type JobHandlers = { [N in JobName]: (data: JobPayloads[N], job: { id?: string; attemptsMade: number }) => Promise<unknown> };

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** The typed job catalogue bound straight to the domain methods that do the work. */
export function bindJobHandlers(reminders: RemindersService, reconciliation: ReconciliationService, heartbeat: WorkerHeartbeat, panelPacks: PanelPackService): JobHandlers {
  return {
    [JobName.SystemHeartbeat]: () => heartbeat.beat(),
    [JobName.ReminderScan]: ({ asOf }) => reminders.scan(asOf),
    [JobName.ReminderSend]: ({ notificationId }) => reminders.send(notificationId),
    [JobName.ReminderSendPending]: () => reminders.enqueuePending(),
    [JobName.ReconciliationRun]: ({ runId }) => reconciliation.execute(runId),
    [JobName.ReconciliationNightly]: () => reconciliation.queueNightly(),
    [JobName.ReconciliationRecover]: () => reconciliation.recoverStale(),
    [JobName.PanelPackRender]: ({ packId }) => panelPacks.render(packId),
  };
}
