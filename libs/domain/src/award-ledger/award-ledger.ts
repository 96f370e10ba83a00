import type { EntityManager } from 'typeorm';
import { NotFoundError } from '#platform/index.js';
import { Award } from './award.entity.js';

/**
 * The one way any area locks award rows (FOR UPDATE), so that one order holds everywhere and no
 * two transactions wait for each other in a circle. The lock order is:
 *
 *   1. the funding stream: `FundingService.lockStreamForCommitment` (approvals, variations,
 *      a year-end close, a carry-forward into a target stream);
 *   2. the award: `lockAward`, or every award of a stream in id order with `lockAwardsOfStream`;
 *   3. the award's children: its conditions, payments, reporting periods and returns, outcome
 *      framework link and targets, budget lines; after them, funding sources (FOR SHARE at a
 *      year-end close).
 *
 * A transaction may skip a level but never goes back up: nothing locks a stream while it holds an
 * award, or an award while it holds one of the award's children. The budget trigger locks the
 * stream only when a commitment grows (approval, a larger amount), where the services already
 * hold it; suspend, resume, close and a breach take no stream lock. The triggers that read the
 * award (payments, conditions) lock it themselves before they read, so a raw SQL write still
 * waits for a breach or suspension in flight; through the services the award is already held, so
 * the trigger's lock costs nothing. docs/award-ledger.md says the same for readers.
 */

/** Locks one award row for the rest of `tx` and returns it. NOT_FOUND when there is none. */
export async function lockAward(tx: EntityManager, awardId: string): Promise<Award> {
  const award = await tx.findOne(Award, { where: { id: awardId }, lock: { mode: 'pessimistic_write' } });
  if (!award) throw new NotFoundError('award', awardId);
  return award;
}

/** Locks every award of a stream (drafts too) in id order, for work over the whole stream (year-end). */
export async function lockAwardsOfStream(tx: EntityManager, fundingStreamId: string): Promise<void> {
  await tx.query(`SELECT id FROM award WHERE funding_stream_id = $1 ORDER BY id FOR UPDATE`, [fundingStreamId]);
}
