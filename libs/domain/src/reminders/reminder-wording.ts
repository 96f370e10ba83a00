import type { ReminderStep } from './reminder.rules.js';

/** What a reminder says about the return it chases; plain values, no rows. */
export interface OwedReturn {
  organisationName: string;
  awardTitle: string;
  awardReference: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  /** The monitoring return's status, or null when none was started. */
  returnStatus: string | null;
  /** The reviewer's comment when a revision was requested. */
  revisionComment: string | null;
}

export interface ReminderWording {
  subject: string;
  text: string;
}

// One formatter for the process: building an Intl.DateTimeFormat per date was a third of the scan's time.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2026-01-15` as `15 January 2026`. */
export const longDate = (iso: string): string => LONG_DATE.format(new Date(`${iso}T00:00:00Z`));

/**
 * The reminder for one step, sent on `sentOn`: which award, period and due date, and what is
 * missing. Pure, so the front end and later kinds of notification word things the same way.
 */
export function reminderWording(owed: OwedReturn, step: ReminderStep, sentOn: string): ReminderWording {
  const due = longDate(owed.dueDate);
  const overdue = step.offsetWorkingDays > 0;
  const when = step.offsetWorkingDays < 0 ? `is due on ${due}` : step.offsetWorkingDays === 0 ? `is due today (${due})` : `was due on ${due} and is overdue`;
  const missing =
    owed.returnStatus === 'revision_requested'
      ? `A revision was requested${owed.revisionComment ? `: "${owed.revisionComment}"` : ''}. Please update the return and submit it again.`
      : owed.returnStatus === 'draft'
        ? 'A draft has been saved but not submitted: please complete it and submit it with your certification.'
        : 'No return has been started yet.';
  return {
    subject: `${overdue ? 'Overdue' : 'Reminder'}: monitoring return ${owed.periodKey} for ${owed.awardReference} ${overdue ? `(due ${due})` : `due ${due}`}`,
    text: [
      `Dear ${owed.organisationName},`,
      '',
      `Your monitoring return for ${owed.awardTitle} (award ${owed.awardReference}), period ${owed.periodKey} (${longDate(owed.periodStart)} to ${longDate(owed.periodEnd)}), ${when}.`,
      '',
      missing,
      '',
      `This reminder was sent on ${longDate(sentOn)} under the funding stream's reminder policy (step "${step.key}").`,
    ].join('\n'),
  };
}
