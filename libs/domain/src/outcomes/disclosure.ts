/**
 * Small numbers (docs/design.md#small-numbers): counts about victims below a threshold can
 * identify people. Who sees actual figures, and how the others see them. Pure, no I/O.
 *
 * - Primary suppression: a victim count from 1 to threshold-1 is shown as `<threshold` (`<5`);
 *   zero is shown (it identifies nobody).
 * - Secondary suppression: where a table shows a total and its parts, one hidden cell could be
 *   worked out as the total less the others. Whenever exactly one member of such a group is
 *   hidden, the next smallest non-zero part is hidden too (shown as `[c]`, the Government
 *   Statistical Service's shorthand for "confidential"), repeating until no group has a single
 *   hidden member.
 */
import type { Actor } from '../access/actor.js';
import { Role } from '../access/role.js';

/** How a reader sees victim counts: as they are, or with small numbers suppressed. */
export type Disclosure = 'actual' | 'suppressed';

/** Where figures go: a reader's own view (JSON), or a file that leaves the system (CSV, 360Giving). */
export type Output = 'view' | 'export';

/** A secondary-suppressed figure: not small itself, hidden so that a small one cannot be worked out. */
export const SECONDARY_SUPPRESSION = '[c]';

/** What a small count is shown as: `<5` for the default threshold. */
export function smallNumberLabel(threshold: number): string {
  return `<${threshold}`;
}

/**
 * Who sees actual victim counts: the partner that reported them (the award's recipient), and the
 * commissioning staff who manage the grant (commissioner, finance, admin). Viewers (panel members,
 * auditors), anyone without a login, and any other role see small numbers suppressed.
 */
export function seesActualFigures(actor: Pick<Actor, 'role' | 'organisationId'> | null | undefined, award: { recipientOrganisationId: string } | null): boolean {
  if (!actor) return false;
  if (actor.role === Role.Commissioner || actor.role === Role.Finance || actor.role === Role.Admin) return true;
  if (actor.role === Role.Partner) return award !== null && actor.organisationId !== null && actor.organisationId === award.recipientOrganisationId;
  return false;
}

/**
 * The disclosure of one output: every export is suppressed, whoever asks (a file is passed on
 * beyond the person who downloaded it); a view follows seesActualFigures. For outputs covering
 * many awards (reports), `award` is null: staff roles decide alone.
 */
export function disclosureFor(actor: Pick<Actor, 'role' | 'organisationId'> | null | undefined, award: { recipientOrganisationId: string } | null, output: Output): Disclosure {
  if (output === 'export') return 'suppressed';
  return seesActualFigures(actor, award) ? 'actual' : 'suppressed';
}

/** 1..threshold-1: small enough to identify someone. */
export function isSmallNumber(value: number | null | undefined, threshold: number): boolean {
  return typeof value === 'number' && value > 0 && value < threshold;
}

/** Primary suppression of one figure, for outputs with no totals (a single return). */
export function showCount(value: number | null, isVictimCount: boolean, threshold: number, disclosure: Disclosure): number | string | null {
  if (disclosure === 'actual' || !isVictimCount || !isSmallNumber(value, threshold)) return value;
  return smallNumberLabel(threshold);
}

/** One figure of a table, keyed by the caller. */
export interface DisclosureCell {
  /** null: no figure (nothing reported); it is shown as empty and is no part of any sum. */
  value: number | null;
  /**
   * Shown in another output (a period's value in its own return), so this output cannot hide it:
   * it counts as hidden when small there, and is never picked for secondary suppression here.
   */
  external?: boolean;
}

/** A total and the parts it is made of (a sum or a mean of them: either way one unknown is recoverable). */
export interface DisclosureGroup {
  total: string;
  parts: string[];
}

export type Suppression = 'primary' | 'secondary';

/**
 * The cells to hide: primary (small) and secondary (so that no total, shown or hidden, lets one
 * hidden cell be worked out). A group is safe when none or at least two of its members (total and
 * parts with a figure) are hidden. When exactly one is, the smallest non-zero part still shown is
 * hidden (the first of equals, in the order given); when no part can be, the total is. Repeats
 * until every group is safe, so a cell hidden for one group protects the others it belongs to.
 */
export function suppressCells(cells: ReadonlyMap<string, DisclosureCell>, groups: readonly DisclosureGroup[], threshold: number): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  for (const [key, cell] of cells) if (isSmallNumber(cell.value, threshold)) hidden.set(key, 'primary');
  const valueOf = (key: string) => cells.get(key)?.value ?? null;
  const canHide = (key: string) => !hidden.has(key) && cells.has(key) && !cells.get(key)!.external;
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groups) {
      if (valueOf(group.total) === null) continue;
      const members = [group.total, ...group.parts].filter((key) => valueOf(key) !== null);
      if (members.filter((key) => hidden.has(key)).length !== 1) continue;
      let pick: string | undefined;
      for (const part of group.parts) {
        const value = valueOf(part);
        if (value === null || value === 0 || !canHide(part)) continue;
        if (pick === undefined || value < valueOf(pick)!) pick = part;
      }
      pick ??= canHide(group.total) ? group.total : undefined;
      if (pick === undefined) continue;
      hidden.set(pick, 'secondary');
      changed = true;
    }
  }
  return hidden;
}

/** A figure as a suppressed output shows it. */
export function shownAs(value: number | null, suppression: Suppression | undefined, threshold: number): number | string | null {
  if (suppression === 'primary') return smallNumberLabel(threshold);
  if (suppression === 'secondary') return SECONDARY_SUPPRESSION;
  return value;
}
