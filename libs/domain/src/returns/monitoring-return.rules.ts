/** The monitoring-return workflow (docs/design.md#lifecycles), pure. */
export type ReturnStatus = 'draft' | 'submitted' | 'revision_requested' | 'accepted';
export type ReviewAction = 'accept' | 'request-revision' | 'reopen';

/** What a reporting period shows: its return's status, or where it stands by date. */
export type PeriodStatus = 'upcoming' | 'open' | 'due' | 'overdue' | 'submitted' | 'revision_requested' | 'accepted';

const REVIEW: Record<ReviewAction, { from: ReturnStatus; to: ReturnStatus }> = {
  accept: { from: 'submitted', to: 'accepted' },
  'request-revision': { from: 'submitted', to: 'revision_requested' },
  reopen: { from: 'accepted', to: 'revision_requested' },
};

export function afterReview(status: ReturnStatus, action: ReviewAction): ReturnStatus | null {
  return REVIEW[action].from === status ? REVIEW[action].to : null;
}

/** A partner edits the draft at any time except while the return stands accepted. */
export function draftEditable(status: ReturnStatus | undefined): boolean {
  return status !== 'accepted';
}

/**
 * A period's status for people: a return's own status once submitted; before that, by date in
 * Europe/London: upcoming before it starts, open while it runs, due until the due date, overdue after.
 */
export function periodStatus(period: { periodStart: string; periodEnd: string; dueDate: string }, returnStatus: ReturnStatus | undefined, latestVersion: number, today: string): PeriodStatus {
  if (returnStatus && returnStatus !== 'draft' && latestVersion > 0) return returnStatus;
  if (today < period.periodStart) return 'upcoming';
  if (today <= period.periodEnd) return 'open';
  if (today <= period.dueDate) return 'due';
  return 'overdue';
}

export interface DraftContent {
  values: { indicatorCode: string; value: number | string }[];
  spendPence: number | null;
  narrative: string | null;
}

/** Two drafts are the same submission when values (in any order), spend and narrative match. */
export function sameContent(a: DraftContent, b: DraftContent): boolean {
  const norm = (d: DraftContent) =>
    JSON.stringify([[...d.values].sort((x, y) => x.indicatorCode.localeCompare(y.indicatorCode)).map((v) => [v.indicatorCode, v.value]), d.spendPence ?? null, (d.narrative ?? '').trim()]);
  return norm(a) === norm(b);
}
