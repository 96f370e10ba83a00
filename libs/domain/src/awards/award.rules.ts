/** Award lifecycle (DESIGN.md): pure rules, no I/O. */
export enum AwardStatus {
  Draft = 'draft',
  Approved = 'approved',
  Active = 'active',
  Suspended = 'suspended',
  Closed = 'closed',
  Cancelled = 'cancelled',
}

export type AwardAction = 'approve' | 'activate' | 'suspend' | 'resume' | 'close' | 'cancel';

/** Statuses whose amount counts against the stream budget (DESIGN invariant 3). */
export const COMMITTED_STATUSES: readonly AwardStatus[] = [AwardStatus.Approved, AwardStatus.Active, AwardStatus.Suspended, AwardStatus.Closed];

const TRANSITIONS: Record<AwardAction, { from: readonly AwardStatus[]; to: AwardStatus }> = {
  approve: { from: [AwardStatus.Draft], to: AwardStatus.Approved },
  activate: { from: [AwardStatus.Approved], to: AwardStatus.Active },
  suspend: { from: [AwardStatus.Active], to: AwardStatus.Suspended },
  resume: { from: [AwardStatus.Suspended], to: AwardStatus.Active },
  close: { from: [AwardStatus.Active, AwardStatus.Suspended], to: AwardStatus.Closed },
  cancel: { from: [AwardStatus.Draft, AwardStatus.Approved], to: AwardStatus.Cancelled },
};

/** The status an action leads to, or null when the action is not allowed from `status`. */
export function nextStatus(status: AwardStatus, action: AwardAction): AwardStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

export function isCommitted(status: AwardStatus): boolean {
  return COMMITTED_STATUSES.includes(status);
}

/** Pence still free in a stream after `extraPence` more is committed; negative means it does not fit. */
export function remainingAfter(budgetPence: number, committedPence: number, extraPence: number): number {
  return budgetPence - committedPence - extraPence;
}
