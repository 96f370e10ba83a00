import { describe, expect, it } from '@jest/globals';
import { changesOf } from './award-timeline.js';

describe('changesOf (the award timeline)', () => {
  it('lists only the fields that changed, with before and after, and skips bookkeeping', () => {
    const changes = changesOf({
      before: { status: 'approved', amountPence: 600000, title: 'Patrols', version: 2, updatedAt: 'x' },
      after: { status: 'approved', amountPence: 700000, title: 'Patrols', version: 3, updatedAt: 'y', reason: 'More patrols' },
    });
    expect(changes).toEqual([
      { field: 'amountPence', kind: 'money', before: 600000, after: 700000 },
      { field: 'reason', kind: 'text', before: null, after: 'More patrols' },
    ]);
  });

  it('shows the values of something created, leaving out the empty ones', () => {
    expect(changesOf({ before: null, after: { label: 'Staff', amountPence: null, originalName: 'a.pdf', purpose: 'grant_agreement', awardId: 'x' } })).toEqual([
      { field: 'label', kind: 'text', before: undefined, after: 'Staff' },
      { field: 'originalName', kind: 'text', before: undefined, after: 'a.pdf' },
      { field: 'purpose', kind: 'purpose', before: undefined, after: 'grant_agreement' },
    ]);
  });

  it('is empty when nothing people read changed', () => {
    expect(changesOf({ before: { version: 1 }, after: { version: 2 } })).toEqual([]);
  });
});
