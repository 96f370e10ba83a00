import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { StaleVersionError } from '../common-errors.js';
import { Organisation } from './organisation.entity.js';
import type { CreateOrganisationInput, OrganisationQuery, UpdateOrganisationInput } from './organisation.types.js';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Staff create an organisation. CONFLICT when the 360Giving identifier is taken. */
  async create(actor: Actor, input: CreateOrganisationInput): Promise<Organisation> {
    return this.dataSource.transaction(async (tx) => {
      await this.assertIdentifierFree(tx, input.identifier360);
      const organisation = tx.create(Organisation, { ...input });
      await tx.save(organisation);
      await this.audit.record(tx, actor, { action: 'organisation.create', entityType: 'organisation', entityId: organisation.id, after: organisation });
      return organisation;
    });
  }

  /** Partners see only their own organisation. */
  async list(actor: Actor, query: OrganisationQuery): Promise<{ items: Organisation[]; total: number }> {
    const qb = scopeToActor(this.dataSource.getRepository(Organisation).createQueryBuilder('o'), actor, 'o.id');
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.q) qb.andWhere(`o.name ILIKE :q ESCAPE '\\'`, { q: `%${query.q.replace(/[\\%_]/g, '\\$&')}%` });
    qb.orderBy('o.name').addOrderBy('o.id').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async get(actor: Actor, id: string): Promise<Organisation> {
    const organisation = await scopeToActor(this.dataSource.getRepository(Organisation).createQueryBuilder('o'), actor, 'o.id')
      .andWhere('o.id = :id', { id })
      .getOne();
    if (!organisation) throw new NotFoundError('organisation', id);
    return organisation;
  }

  /** Staff change an organisation; a stale `version` is 409 STALE_VERSION, never an overwrite. */
  async update(actor: Actor, id: string, patch: UpdateOrganisationInput): Promise<Organisation> {
    return this.dataSource.transaction(async (tx) => {
      const organisation = await tx.findOne(Organisation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!organisation) throw new NotFoundError('organisation', id);
      if (patch.version !== undefined && patch.version !== organisation.version) {
        throw new StaleVersionError('organisation', id, patch.version, organisation.version);
      }
      const before = { ...organisation };
      const { version: _version, ...changes } = patch;
      if (changes.identifier360 && changes.identifier360 !== organisation.identifier360) await this.assertIdentifierFree(tx, changes.identifier360);
      // A field the request left out arrives as undefined: it must not blank the answer or the audit row.
      Object.assign(organisation, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
      await tx.save(organisation);
      await this.audit.record(tx, actor, { action: 'organisation.update', entityType: 'organisation', entityId: id, before, after: organisation });
      return organisation;
    });
  }

  /** For other areas inside their transaction: NOT_FOUND naming the organisation. */
  async requireExists(tx: EntityManager, id: string): Promise<Organisation> {
    const organisation = await tx.findOneBy(Organisation, { id });
    if (!organisation) throw new NotFoundError('organisation', id);
    return organisation;
  }

  async findByIdentifierOrName(tx: EntityManager, identifier360: string | null, name: string): Promise<Organisation | null> {
    if (identifier360) return tx.findOneBy(Organisation, { identifier360 });
    return tx.findOneBy(Organisation, { name });
  }

  private async assertIdentifierFree(tx: EntityManager, identifier360: string | null | undefined): Promise<void> {
    if (identifier360 && (await tx.existsBy(Organisation, { identifier360 }))) {
      throw new DomainError('CONFLICT', `identifier360 ${identifier360} is already used by another organisation`, { field: 'identifier360' });
    }
  }
}
