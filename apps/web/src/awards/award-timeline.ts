import type { AwardTimelineEntry } from '#domain/index.js';

/** How a field's values are shown: money, a date, a status's or a document purpose's words, or text as typed. */
export type ChangeKind = 'money' | 'date' | 'status' | 'purpose' | 'text';

/**
 * The fields a timeline shows, in this order, and how. Others (ids, versions, timestamps) are
 * bookkeeping: a change that touched only those shows no field list.
 */
const FIELDS: Record<string, ChangeKind> = {
  status: 'status',
  title: 'text',
  grantType: 'text',
  description: 'text',
  amountPence: 'money',
  startDate: 'date',
  endDate: 'date',
  decisionReference: 'text',
  decisionDate: 'date',
  agreementSignedOn: 'date',
  statusReason: 'text',
  reason: 'text',
  label: 'text',
  note: 'text',
  originalName: 'text',
  purpose: 'purpose',
  plannedDate: 'date',
};

export interface TimelineChange {
  field: string;
  kind: ChangeKind;
  before: unknown;
  after: unknown;
}

export interface TimelineItem {
  id: string;
  at: Date;
  action: string;
  actorName: string | null;
  actorRole: string;
  changes: TimelineChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What changed in one audit row, field by field: before and after where both exist, only the new
 * values for something created, only the old for something removed. Budget lines are compared as
 * their own list (a line added shows its label and amount).
 */
export function changesOf(entry: Pick<AwardTimelineEntry, 'before' | 'after'>): TimelineChange[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const changes: TimelineChange[] = [];
  for (const [field, kind] of Object.entries(FIELDS)) {
    if (!(field in before) && !(field in after)) continue;
    if (entry.before && entry.after && same(before[field], after[field])) continue;
    if (!entry.before && (after[field] === null || after[field] === undefined || after[field] === '')) continue;
    changes.push({ field, kind, before: entry.before ? before[field] ?? null : undefined, after: entry.after ? after[field] ?? null : undefined });
  }
  return changes;
}

export function timelineItems(entries: AwardTimelineEntry[]): TimelineItem[] {
  return entries.map((e) => ({ id: e.id, at: e.at, action: e.action, actorName: e.actorName, actorRole: e.actorRole, changes: changesOf(e) }));
}
