import { describe, expect, it } from '@jest/globals';
import { longDate, reminderWording, type OwedReturn } from './reminder-wording.js';

const owed: OwedReturn = {
  organisationName: 'Remedi',
  awardTitle: 'Restorative justice 2025/26',
  awardReference: 'AW-2025-00042',
  periodKey: '2025/26-Q3',
  periodStart: '2025-10-01',
  periodEnd: '2025-12-31',
  dueDate: '2026-01-15',
  returnStatus: null,
  revisionComment: null,
};
const step = (key: string, offsetWorkingDays: number) => ({ key, offsetWorkingDays, escalate: offsetWorkingDays > 0 });

describe('reminder wording', () => {
  it('writes dates the British way', () => {
    expect(longDate('2026-01-15')).toBe('15 January 2026');
    expect(longDate('2025-10-01')).toBe('1 October 2025');
  });

  it('says a return is due, before and on the day', () => {
    const before = reminderWording(owed, step('before-10', -10), '2026-01-01');
    expect(before.subject).toBe('Reminder: monitoring return 2025/26-Q3 for AW-2025-00042 due 15 January 2026');
    expect(before.text).toContain('period 2025/26-Q3 (1 October 2025 to 31 December 2025), is due on 15 January 2026.');
    expect(before.text.split('\n')[0]).toBe('Dear Remedi,');
    expect(reminderWording(owed, step('due', 0), '2026-01-15').text).toContain('is due today (15 January 2026).');
  });

  it('says an overdue return is overdue, in the subject and the text', () => {
    const late = reminderWording(owed, step('overdue-3', 3), '2026-01-20');
    expect(late.subject).toBe('Overdue: monitoring return 2025/26-Q3 for AW-2025-00042 (due 15 January 2026)');
    expect(late.text).toContain('was due on 15 January 2026 and is overdue.');
    expect(late.text).toContain('This reminder was sent on 20 January 2026 under the funding stream\'s reminder policy (step "overdue-3").');
  });

  it('says what is missing: nothing started, a draft, or a requested revision with its comment', () => {
    expect(reminderWording(owed, step('due', 0), '2026-01-15').text).toContain('No return has been started yet.');
    expect(reminderWording({ ...owed, returnStatus: 'draft' }, step('due', 0), '2026-01-15').text).toContain('A draft has been saved but not submitted');
    expect(reminderWording({ ...owed, returnStatus: 'revision_requested', revisionComment: 'Spend is missing' }, step('due', 0), '2026-01-15').text).toContain(
      'A revision was requested: "Spend is missing". Please update the return and submit it again.',
    );
    expect(reminderWording({ ...owed, returnStatus: 'revision_requested' }, step('due', 0), '2026-01-15').text).toContain('A revision was requested. Please update');
  });
});
