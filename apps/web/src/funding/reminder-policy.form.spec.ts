import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#platform/index.js';
import { DEFAULT_REMINDER_STEPS } from '#domain/index.js';
import { parseSteps, refusalProblem, rowCount, stepValues } from './reminder-policy.form.js';

describe('the reminder policy form', () => {
  it("reads rows as the domain's steps, by day, keyed as the default policy is, empty rows skipped", () => {
    const parsed = parseSteps({ 'step-0-when': 'after', 'step-0-days': '3', 'step-0-escalate': 'yes', 'step-1-when': '', 'step-1-days': '', 'step-2-when': 'before', 'step-2-days': ' 5 ', 'step-3-when': 'due' }, 4);
    expect(parsed.problems).toEqual([]);
    expect(parsed.steps).toEqual([
      { key: 'before-5', offsetWorkingDays: -5, escalate: false },
      { key: 'due', offsetWorkingDays: 0, escalate: false },
      { key: 'overdue-3', offsetWorkingDays: 3, escalate: true },
    ]);
    expect(parsed.fields).toEqual(['step-2-days', 'step-3-when', 'step-0-days']);
  });

  it('shows the saved steps as typed values that read back to the same steps', () => {
    const values = stepValues(DEFAULT_REMINDER_STEPS);
    expect(values['step-0-when']).toBe('before');
    expect(parseSteps(values, rowCount(DEFAULT_REMINDER_STEPS.length)).steps).toEqual(DEFAULT_REMINDER_STEPS);
  });

  it('names the input of each problem: no day, days out of range or not a number, two reminders on one day, none at all', () => {
    const parsed = parseSteps({ 'step-0-days': '4', 'step-1-when': 'before', 'step-1-days': '61', 'step-2-when': 'after', 'step-2-days': 'two', 'step-3-when': 'after', 'step-3-days': '2', 'step-4-when': 'after', 'step-4-days': '2' }, 5);
    expect(parsed.problems.map((p) => [p.field, p.key])).toEqual([
      ['step-0-when', 'funding.reminderForm.when.missing'],
      ['step-1-days', 'funding.reminderForm.days.format'],
      ['step-2-days', 'funding.reminderForm.days.format'],
      ['step-4-days', 'funding.reminderForm.days.twice'],
    ]);
    expect(parseSteps({}, 3).problems).toEqual([{ field: 'step-0-when', key: 'funding.reminderForm.none' }]);
  });

  it("puts the domain's refusal on the input that made the step, and rethrows what is not a refusal", () => {
    const refusal = new DomainError('VALIDATION', 'steps[1].offsetWorkingDays must be a whole number from -60 to 60', { field: 'steps[1].offsetWorkingDays' });
    expect(refusalProblem(refusal, ['step-0-when', 'step-3-days'])).toEqual({ field: 'step-3-days', key: 'funding.reminderForm.refused' });
    const other = new DomainError('NOT_FOUND', 'no such stream');
    expect(() => refusalProblem(other, [])).toThrow(other);
  });

  it('offers two spare rows, never more than ten, and keeps a posted count', () => {
    expect([rowCount(4), rowCount(9), rowCount(0), rowCount(4, { rows: '7' })]).toEqual([6, 10, 2, 7]);
  });
});
