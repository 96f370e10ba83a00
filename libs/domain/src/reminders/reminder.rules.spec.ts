import { describe, expect, it } from '@jest/globals';
import { checkSteps, DEFAULT_REMINDER_STEPS, dueSteps } from './reminder.rules.js';

const dates = [
  { step: DEFAULT_REMINDER_STEPS[0]!, stepDate: '2026-06-24' },
  { step: DEFAULT_REMINDER_STEPS[1]!, stepDate: '2026-07-08' },
  { step: DEFAULT_REMINDER_STEPS[2]!, stepDate: '2026-07-13' },
  { step: DEFAULT_REMINDER_STEPS[3]!, stepDate: '2026-07-22' },
];

describe('reminder rules', () => {
  it('accepts the default policy and names the field of a bad step', () => {
    expect(checkSteps(DEFAULT_REMINDER_STEPS)).toEqual([]);
    expect(checkSteps([{ key: 'Due!', offsetWorkingDays: 0, escalate: false }])[0]!.field).toBe('steps[0].key');
    expect(checkSteps([{ key: 'a', offsetWorkingDays: 61, escalate: false }])[0]!.field).toBe('steps[0].offsetWorkingDays');
    expect(checkSteps([{ key: 'a', offsetWorkingDays: 1, escalate: false }, { key: 'a', offsetWorkingDays: 2, escalate: false }])[0]!.field).toBe('steps[1].key');
    expect(checkSteps([])[0]!.field).toBe('steps');
  });

  it('sends nothing before the first step', () => expect(dueSteps(dates, '2026-06-23', new Set())).toEqual([]));

  it('sends the step whose day has come', () => {
    expect(dueSteps(dates, '2026-06-24', new Set()).map((d) => [d.step.key, d.status])).toEqual([['before-10', 'pending']]);
    expect(dueSteps(dates, '2026-07-08', new Set(['before-10'])).map((d) => [d.step.key, d.status])).toEqual([['due', 'pending']]);
  });

  it('never sends a step twice', () => expect(dueSteps(dates, '2026-07-08', new Set(['before-10', 'due']))).toEqual([]));

  it('sends only the latest of several missed steps and records the rest as skipped', () => {
    expect(dueSteps(dates, '2026-08-01', new Set()).map((d) => [d.step.key, d.status])).toEqual([
      ['before-10', 'skipped'],
      ['due', 'skipped'],
      ['overdue-3', 'skipped'],
      ['overdue-10', 'pending'],
    ]);
  });
});
