/** Reminder policy rules, pure (issue: background jobs, item 2). */
export interface ReminderStep {
  /** Stable name, part of the notification's unique key: `before-10`, `due`, `overdue-3`. */
  key: string;
  /** Working days from the due date: negative before, 0 on the day, positive after. */
  offsetWorkingDays: number;
  /** Copy the lead officer, else the commissioning organisation's commissioners (overdue steps; escalation.rules.ts). */
  escalate: boolean;
}

/** The default: 10 working days before, on the day, 3 and 10 working days overdue (with escalation). */
export const DEFAULT_REMINDER_STEPS: readonly ReminderStep[] = [
  { key: 'before-10', offsetWorkingDays: -10, escalate: false },
  { key: 'due', offsetWorkingDays: 0, escalate: false },
  { key: 'overdue-3', offsetWorkingDays: 3, escalate: true },
  { key: 'overdue-10', offsetWorkingDays: 10, escalate: true },
];

/** Problems with a policy, each naming its field; empty when it is fine. */
export function checkSteps(steps: readonly ReminderStep[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (steps.length < 1 || steps.length > 10) problems.push({ field: 'steps', message: 'must have 1 to 10 steps' });
  const keys = new Set<string>();
  const offsets = new Set<number>();
  steps.forEach((s, i) => {
    if (!/^[a-z0-9][a-z0-9-]{0,29}$/.test(s.key)) problems.push({ field: `steps[${i}].key`, message: 'must be 1-30 lower-case letters, digits or -' });
    if (keys.has(s.key)) problems.push({ field: `steps[${i}].key`, message: `${s.key} is used twice` });
    if (!Number.isInteger(s.offsetWorkingDays) || s.offsetWorkingDays < -60 || s.offsetWorkingDays > 60) {
      problems.push({ field: `steps[${i}].offsetWorkingDays`, message: 'must be a whole number from -60 to 60' });
    }
    if (offsets.has(s.offsetWorkingDays)) problems.push({ field: `steps[${i}].offsetWorkingDays`, message: 'two steps on the same day' });
    keys.add(s.key);
    offsets.add(s.offsetWorkingDays);
  });
  return problems;
}

export interface StepDecision {
  step: ReminderStep;
  stepDate: string;
  /** `pending` to send now; `skipped` for earlier steps that were missed (sending them late helps nobody). */
  status: 'pending' | 'skipped';
}

/**
 * Which steps are due today for a period still owed: every step whose date has come and that has
 * no notification yet. Only the latest of them is sent; the earlier ones are recorded as skipped,
 * so a period that is found late (or a worker that was down for a week) gets one reminder, not a burst.
 */
export function dueSteps(stepDates: readonly { step: ReminderStep; stepDate: string }[], today: string, alreadyNotified: ReadonlySet<string>): StepDecision[] {
  const due = stepDates.filter((s) => s.stepDate <= today && !alreadyNotified.has(s.step.key)).sort((a, b) => a.stepDate.localeCompare(b.stepDate));
  return due.map((s, i) => ({ ...s, status: i === due.length - 1 ? 'pending' : 'skipped' }));
}
