import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AuditEntry } from './audit-entry.entity.js';
import type { AuditQuery, AuditRecord, AwardTimelineEntry } from './audit.types.js';

/** Fields that never go into an audit snapshot. */
const SECRET_FIELDS = new Set(['passwordHash', 'password']);

function snapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const plain = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (const key of Object.keys(plain)) if (SECRET_FIELDS.has(key)) delete plain[key];
  return plain;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records one change inside the caller's transaction `tx`, so the change and its audit row
   * commit or roll back together. Every service that writes calls this.
   */
  async record(tx: EntityManager, actor: Actor, change: AuditRecord): Promise<void> {
    // No RETURNING: partners may append to the trail but not read it (row-level security).
    await tx.createQueryBuilder().insert().into(AuditEntry).updateEntity(false).values({
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      before: snapshot(change.before),
      after: snapshot(change.after),
      requestId: actor.requestId ?? null,
    } as object).execute();
  }

  /** Staff read the trail, newest first. */
  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('audit');
    if (query.entityType) qb.andWhere('audit.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('audit.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorUserId) qb.andWhere('audit.actor_user_id = :actorUserId', { actorUserId: query.actorUserId });
    qb.orderBy('audit.id', 'DESC').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /**
   * Every change to one award, newest first: the award's own rows and those of the records that
   * belong to it (lines, conditions, documents, payments...: their snapshots carry its `awardId`),
   * with the name of who made each. Staff only (row-level security hides the trail from partners).
   * The expression matches the index of migration 1764004100000.
   */
  async awardTimeline(awardId: string, page: number, pageSize: number): Promise<{ items: AwardTimelineEntry[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT e.id, e.at, e.action, e.entity_type, e.entity_id, e.actor_role, u.name AS actor_name, e.before, e.after, count(*) OVER () AS total
         FROM audit_entry e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE (e.entity_type = 'award' AND e.entity_id = $1) OR coalesce(e.after->>'awardId', e.before->>'awardId') = $1
        ORDER BY e.id DESC OFFSET $2 LIMIT $3`,
      [awardId, (page - 1) * pageSize, pageSize],
    )) as { id: string; at: Date; action: string; entity_type: string; entity_id: string; actor_role: string; actor_name: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null; total: string }[];
    return {
      total: rows.length ? Number(rows[0]!.total) : 0,
      items: rows.map((r) => ({ id: r.id, at: r.at, action: r.action, entityType: r.entity_type, entityId: r.entity_id, actorRole: r.actor_role, actorName: r.actor_name, before: r.before, after: r.after })),
    };
  }
}
