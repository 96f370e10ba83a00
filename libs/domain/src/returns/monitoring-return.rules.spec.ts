import { describe, expect, it } from '@jest/globals';
import { afterReview, draftEditable, periodStatus, sameContent } from './monitoring-return.rules.js';

const q1 = { periodStart: '2026-04-01', periodEnd: '2026-06-30', dueDate: '2026-07-08' };

describe('monitoring return rules', () => {
  it.each([
    ['submitted', 'accept', 'accepted'],
    ['submitted', 'request-revision', 'revision_requested'],
    ['accepted', 'reopen', 'revision_requested'],
    ['draft', 'accept', null],
    ['draft', 'request-revision', null],
    ['revision_requested', 'accept', null],
    ['submitted', 'reopen', null],
    ['accepted', 'accept', null],
  ] as const)('%s --%s--> %s', (from, action, to) => expect(afterReview(from, action)).toBe(to));

  it('lets drafts change unless the return stands accepted', () => {
    expect(draftEditable(undefined)).toBe(true);
    expect(draftEditable('submitted')).toBe(true);
    expect(draftEditable('revision_requested')).toBe(true);
    expect(draftEditable('accepted')).toBe(false);
  });

  it.each([
    ['2026-03-31', undefined, 0, 'upcoming'],
    ['2026-04-01', undefined, 0, 'open'],
    ['2026-06-30', 'draft', 0, 'open'],
    ['2026-07-01', 'draft', 0, 'due'],
    ['2026-07-08', undefined, 0, 'due'],
    ['2026-07-09', undefined, 0, 'overdue'],
    ['2026-07-09', 'submitted', 1, 'submitted'],
    ['2026-09-01', 'revision_requested', 1, 'revision_requested'],
    ['2026-09-01', 'accepted', 2, 'accepted'],
  ] as const)('on %s with a %s return (v%i) the period is %s', (today, status, version, expected) => expect(periodStatus(q1, status, version, today)).toBe(expected));

  it('sees the same content whatever the order of values', () => {
    const a = { values: [{ indicatorCode: 'REF', value: 3 }, { indicatorCode: 'SUP', value: 2 }], spendPence: 100, narrative: 'x ' };
    expect(sameContent(a, { values: [{ indicatorCode: 'SUP', value: 2 }, { indicatorCode: 'REF', value: 3 }], spendPence: 100, narrative: 'x' })).toBe(true);
    expect(sameContent(a, { ...a, spendPence: 101 })).toBe(false);
    expect(sameContent(a, { ...a, values: [{ indicatorCode: 'REF', value: 4 }] })).toBe(false);
  });
});
