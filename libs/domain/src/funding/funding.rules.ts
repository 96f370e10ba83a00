/** Funding arithmetic (docs/design.md#invariant-2 and docs/design.md#invariant-3): pure, no I/O. */

/** Pence still free in a stream after `extraPence` more is committed; negative means it does not fit. */
export function remainingAfter(budgetPence: number, committedPence: number, extraPence: number): number {
  return budgetPence - committedPence - extraPence;
}
