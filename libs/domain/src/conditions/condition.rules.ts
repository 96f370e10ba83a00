import { AwardStatus, ENDED_STATUSES, isIn } from '../award-ledger/award.rules.js';

/** Award conditions (docs/design.md#lifecycles): pure rules, no I/O. */
export enum ConditionStatus {
  Open = 'open',
  Met = 'met',
  Waived = 'waived',
  Breached = 'breached',
}

/**
 * What a condition is about. The usual conditions a PCC or council attaches to a community-safety
 * or victims' services grant:
 * - `grant_agreement`: sign and return the grant agreement or its terms before money moves.
 * - `monitoring`: monitoring returns, performance and outcome data, attendance at reviews.
 * - `financial`: accounts, spend statements, bank details, returning underspend, VAT status.
 * - `safeguarding`: safeguarding policy, DBS checks, a named safeguarding lead.
 * - `data_protection`: data-sharing or processing agreement, UK GDPR, retention of victims' data.
 * - `insurance`: public and employers' liability, professional indemnity.
 * - `equality`: equality, diversity and accessibility policy (public sector equality duty).
 * - `governance`: constitution, trustees or board, complaints and whistleblowing policies.
 * - `publicity`: acknowledging the commissioner's funding, logo use, press coordination.
 * - `other`: anything else, described in the title and description.
 * Held by a CHECK in migrations/1764000100000-conditions.ts; a new category needs a migration.
 */
export enum ConditionCategory {
  GrantAgreement = 'grant_agreement',
  Monitoring = 'monitoring',
  Financial = 'financial',
  Safeguarding = 'safeguarding',
  DataProtection = 'data_protection',
  Insurance = 'insurance',
  Equality = 'equality',
  Governance = 'governance',
  Publicity = 'publicity',
  Other = 'other',
}

/** `met` records evidence, `waive` a reason, `breach` an explanation: every one needs a note. */
export type ConditionAction = 'met' | 'waive' | 'breach';

export const CONDITION_ACTIONS: readonly ConditionAction[] = ['met', 'waive', 'breach'];

const TRANSITIONS: Record<ConditionAction, { from: readonly ConditionStatus[]; to: ConditionStatus }> = {
  met: { from: [ConditionStatus.Open], to: ConditionStatus.Met },
  waive: { from: [ConditionStatus.Open], to: ConditionStatus.Waived },
  breach: { from: [ConditionStatus.Open], to: ConditionStatus.Breached },
};

/** The status an action leads to, or null when the action is not allowed from `status`. */
export function nextConditionStatus(status: ConditionStatus, action: ConditionAction): ConditionStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** A resolution note must say something: empty or whitespace-only notes are refused. */
export function isUsableNote(note: unknown): note is string {
  return typeof note === 'string' && note.trim().length > 0;
}

/**
 * A condition that holds payments holds them while open and, once breached, for good
 * (docs/design.md#invariant-5): a resolution is final, so only met or waived, recorded while it
 * is open, lifts a hold. The award of a breach is closed or paid through a new award (docs/award-ledger.md).
 */
export const HOLDING_CONDITION_STATUSES: readonly ConditionStatus[] = [ConditionStatus.Open, ConditionStatus.Breached];

/** Whether a condition stops payments on its award now (docs/design.md#invariant-5). */
export function holdsPaymentsNow(condition: { status: ConditionStatus; holdsPayments: boolean }): boolean {
  return condition.holdsPayments && HOLDING_CONDITION_STATUSES.includes(condition.status);
}

/**
 * Whether resolving a condition this way suspends its award (docs/design.md#invariant-5): a breach of a
 * condition that holds payments, when the award is active. An award that is not active yet (or
 * already suspended) keeps its status; the breached condition holds its payments all the same.
 */
export function breachSuspendsAward(action: ConditionAction, condition: { holdsPayments: boolean }, awardStatus: string): boolean {
  return action === 'breach' && condition.holdsPayments && awardStatus === AwardStatus.Active;
}

/** Ended awards (closed, cancelled) take no new conditions. */
export function awardTakesConditions(awardStatus: string): boolean {
  return !isIn(ENDED_STATUSES, awardStatus);
}

/** `YYYY-MM-DD` plus `days` calendar days (not working days), computed in UTC so no DST shifts. */
export function addCalendarDays(date: string, days: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  if (!Number.isSafeInteger(days)) throw new Error(`not a whole number of days: ${days}`);
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A template's due date on an award: start + dueDaysAfterStart calendar days, or none. */
export function templateDueDate(awardStartDate: string, dueDaysAfterStart: number | null | undefined): string | null {
  return dueDaysAfterStart === null || dueDaysAfterStart === undefined ? null : addCalendarDays(awardStartDate, dueDaysAfterStart);
}
