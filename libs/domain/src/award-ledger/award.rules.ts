/**
 * Award lifecycle (docs/design.md#lifecycles) and the named sets of award statuses every area uses:
 * pure rules, no I/O. A set has one meaning; when an area needs a new meaning it gets a new name
 * here, never a literal list in its own code.
 */
export enum AwardStatus {
  Draft = 'draft',
  Approved = 'approved',
  Active = 'active',
  Suspended = 'suspended',
  Closed = 'closed',
  Cancelled = 'cancelled',
}

export type AwardAction = 'approve' | 'activate' | 'suspend' | 'resume' | 'close' | 'cancel';

/** Count against the stream's budget (docs/design.md#invariant-3): decided and not cancelled. */
export const COMMITTED_STATUSES: readonly AwardStatus[] = [AwardStatus.Approved, AwardStatus.Active, AwardStatus.Suspended, AwardStatus.Closed];

/** Decided and not over: the recipient owes its conditions and returns, and hears about them. */
export const LIVE_STATUSES: readonly AwardStatus[] = [AwardStatus.Approved, AwardStatus.Active, AwardStatus.Suspended];

/** A payment may be scheduled: live awards; planning goes on while payments are held. */
export const SCHEDULABLE_STATUSES: readonly AwardStatus[] = LIVE_STATUSES;

/** The amount may be varied (docs/design.md#lifecycles): live awards, each change checked against the budget. */
export const VARIABLE_STATUSES: readonly AwardStatus[] = LIVE_STATUSES;

/**
 * A payment may be approved or marked paid (docs/design.md#invariant-5): only an active award, and then
 * only while no open or breached condition holds payments (held by the payment trigger too).
 */
export const PAYABLE_STATUSES: readonly AwardStatus[] = [AwardStatus.Active];

/**
 * The agreement was signed, so money may have moved: recoveries (clawbacks) may be scheduled,
 * approved and paid, and approved or paid payments may stand (reconciliation). Conditions never
 * hold a recovery.
 */
export const ACTIVATED_STATUSES: readonly AwardStatus[] = [AwardStatus.Active, AwardStatus.Suspended, AwardStatus.Closed];

/** Over: no new conditions, targets, outcome framework or reporting schedule, and no edits. */
export const ENDED_STATUSES: readonly AwardStatus[] = [AwardStatus.Closed, AwardStatus.Cancelled];

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

/** Whether `status` is in `set`; takes the plain strings raw SQL returns. */
export function isIn(set: readonly AwardStatus[], status: string): boolean {
  return (set as readonly string[]).includes(status);
}

export function isCommitted(status: AwardStatus): boolean {
  return COMMITTED_STATUSES.includes(status);
}

/**
 * Whether `action` can move an award into a committed status from one that is not, so the caller
 * must lock the stream (before the award: docs/award-ledger.md) and check the budget.
 */
export function entersCommitment(action: AwardAction): boolean {
  const t = TRANSITIONS[action];
  return isCommitted(t.to) && t.from.some((s) => !isCommitted(s));
}

/**
 * Whether the action can change the stream's committed total (into or out of a committed
 * status): the award trigger then writes funding_stream.committed_pence, so the service locks
 * the stream before the award, keeping the one lock order (stream, then award).
 */
export function movesCommitment(action: AwardAction): boolean {
  const t = TRANSITIONS[action];
  return t.from.some((s) => isCommitted(s) !== isCommitted(t.to));
}
