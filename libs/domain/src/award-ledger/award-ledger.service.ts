import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { translatePgError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { Award } from './award.entity.js';
import { nextStatus } from './award.rules.js';

/**
 * Status changes that another area must make inside its own transaction. The awards area owns the
 * award's use cases; this is the primitive below it, so that conditions (which awards depends on)
 * can suspend an award without depending back on awards.
 */
@Injectable()
export class AwardLedger {
  constructor(private readonly audit: AuditService) {}

  /**
   * Suspends an active award INSIDE the caller's transaction `tx`, with `reason` as its status
   * reason, audited as `award.suspend` (the row before and after, and `cause` in the after, e.g.
   * the breached condition). `award` must have been locked by `lockAward` in `tx`. Writes nothing
   * and returns false unless the award is active. A refusal by the database (the year is closed)
   * aborts the caller's transaction.
   */
  async suspendWithin(tx: EntityManager, actor: Actor, award: Award, reason: string, cause: Record<string, unknown>): Promise<boolean> {
    const to = nextStatus(award.status, 'suspend');
    if (!to) return false;
    const before = { ...award };
    Object.assign(award, { status: to, statusReason: reason });
    await tx.save(award).catch((e: unknown) => Promise.reject(translatePgError(e)));
    await this.audit.record(tx, actor, { action: 'award.suspend', entityType: 'award', entityId: award.id, before, after: { ...award, ...cause } });
    return true;
  }
}
