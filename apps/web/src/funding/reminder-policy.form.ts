import { DomainError } from '#platform/index.js';
import type { ReminderStep } from '#domain/index.js';
import type { FieldProblem } from '../common/web-errors.js';

/** The domain takes 1 to 10 steps (reminder.rules.ts checkSteps). */
export const MAX_STEPS = 10;
/** Empty rows the form offers beyond the steps the stream has, for adding one without JavaScript. */
const SPARE_ROWS = 2;
export const WHEN = ['before', 'due', 'after'] as const;
type When = (typeof WHEN)[number];

/** A row's input names: `step-<i>-when`, `step-<i>-days`, `step-<i>-escalate` (the body parser is flat). */
export const stepField = (i: number, part: 'when' | 'days' | 'escalate') => `step-${i}-${part}`;

/** How many rows the form shows: the steps, two spare, at most MAX_STEPS; a posted form keeps its own count. */
export function rowCount(stepCount: number, body?: Record<string, unknown>): number {
  const posted = Number(body?.['rows']);
  if (Number.isInteger(posted) && posted >= 1) return Math.min(posted, MAX_STEPS);
  return Math.min(Math.max(stepCount + SPARE_ROWS, 1), MAX_STEPS);
}

/** The stream's steps as the form's typed values, so the page shows what is saved. */
export function stepValues(steps: readonly ReminderStep[]): Record<string, string> {
  const values: Record<string, string> = {};
  steps.forEach((s, i) => {
    values[stepField(i, 'when')] = s.offsetWorkingDays < 0 ? 'before' : s.offsetWorkingDays === 0 ? 'due' : 'after';
    values[stepField(i, 'days')] = s.offsetWorkingDays === 0 ? '' : String(Math.abs(s.offsetWorkingDays));
    if (s.escalate) values[stepField(i, 'escalate')] = 'yes';
  });
  return values;
}

/**
 * The key of a step at an offset. The key is part of each notification's unique key, so a step
 * kept at the same day keeps its key and a period already reminded at that step is not reminded
 * again; the names match the default policy's (`before-10`, `due`, `overdue-3`).
 */
export function stepKey(offsetWorkingDays: number): string {
  if (offsetWorkingDays === 0) return 'due';
  return offsetWorkingDays < 0 ? `before-${-offsetWorkingDays}` : `overdue-${offsetWorkingDays}`;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The typed rows as the domain's steps (rows left empty are skipped) and what is wrong with
 * them, each problem naming its input; `fields[i]` is the input that made step i, so a refusal
 * by the domain can be put on it.
 */
export function parseSteps(body: Record<string, unknown>, rows: number): { steps: ReminderStep[]; problems: FieldProblem[]; fields: string[] } {
  const steps: ReminderStep[] = [];
  const problems: FieldProblem[] = [];
  const fields: string[] = [];
  const dayOf = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const when = text(body[stepField(i, 'when')]);
    const days = text(body[stepField(i, 'days')]);
    if (!when && !days) continue;
    const number = { number: i + 1 };
    if (!(WHEN as readonly string[]).includes(when)) {
      problems.push({ field: stepField(i, 'when'), key: 'funding.reminderForm.when.missing', params: number });
      continue;
    }
    let offset = 0;
    if ((when as When) !== 'due') {
      if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 60) {
        problems.push({ field: stepField(i, 'days'), key: 'funding.reminderForm.days.format', params: number });
        continue;
      }
      offset = when === 'before' ? -Number(days) : Number(days);
    }
    const field = stepField(i, offset === 0 ? 'when' : 'days');
    const earlier = dayOf.get(offset);
    if (earlier !== undefined) {
      problems.push({ field, key: 'funding.reminderForm.days.twice', params: { number: i + 1, earlier: earlier + 1 } });
      continue;
    }
    dayOf.set(offset, i);
    steps.push({ key: stepKey(offset), offsetWorkingDays: offset, escalate: body[stepField(i, 'escalate')] === 'yes' });
    fields.push(field);
  }
  if (steps.length === 0 && problems.length === 0) problems.push({ field: stepField(0, 'when'), key: 'funding.reminderForm.none' });
  // The domain keeps steps in the order given; the page lists them by day.
  const order = steps.map((s, i) => ({ s, f: fields[i]! })).sort((a, b) => a.s.offsetWorkingDays - b.s.offsetWorkingDays);
  return { steps: order.map((o) => o.s), problems, fields: order.map((o) => o.f) };
}

/**
 * The domain's refusal of a step (`steps[2].offsetWorkingDays`, ...) as a problem on the input
 * that made it, in the catalogue's words; any other error is not the form's and is rethrown.
 */
export function refusalProblem(error: unknown, fields: readonly string[]): FieldProblem {
  if (!(error instanceof DomainError) || error.code !== 'VALIDATION') throw error;
  const at = /^steps\[(\d+)\]/.exec(String(error.details['field'] ?? ''));
  const field = at ? fields[Number(at[1])] : undefined;
  return { field: field ?? stepField(0, 'when'), key: 'funding.reminderForm.refused' };
}
