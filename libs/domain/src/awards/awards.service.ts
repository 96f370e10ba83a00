import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError, ValidationError, translatePgError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { BudgetExceededError } from '../funding/funding.errors.js';
import { FundingService } from '../funding/funding.service.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { Award, AwardCoFunder, AwardLine, AwardObjective } from './award.entity.js';
import { InvalidTransitionError } from './award.errors.js';
import { AwardStatus, COMMITTED_STATUSES, nextStatus, remainingAfter } from './award.rules.js';
import type { ApproveAwardInput, AwardLineInput, AwardQuery, AwardView, CreateAwardInput, GrantsTableRow } from './award.types.js';

@Injectable()
export class AwardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly funding: FundingService,
    private readonly organisations: OrganisationsService,
    private readonly objectives: ObjectivesService,
  ) {}

  /**
   * Commissioner creates a draft award (no budget check until approval). NOT_FOUND for an
   * unknown stream, recipient, co-funder or objective; CONFLICT for a reference in use.
   */
  async create(actor: Actor, input: CreateAwardInput): Promise<AwardView> {
    if (input.endDate < input.startDate) throw new ValidationError('endDate', 'must not be before startDate');
    return this.dataSource.transaction(async (tx) => {
      const stream = await this.funding.requireStream(tx, input.fundingStreamId);
      await this.organisations.requireExists(tx, input.recipientOrganisationId);
      const coFunders = input.coFunders ?? [];
      if (new Set(coFunders.map((c) => c.organisationId)).size !== coFunders.length) throw new ValidationError('coFunders', 'must name each organisation once');
      for (const c of coFunders) await this.organisations.requireExists(tx, c.organisationId);
      const objectiveIds = [...new Set(input.objectiveIds ?? [])];
      await this.objectives.requireAll(tx, objectiveIds);

      const reference = input.reference ?? (await this.nextReference(tx, stream.financialYear));
      if (await tx.existsBy(Award, { reference })) throw new DomainError('CONFLICT', `award reference ${reference} is already used`, { field: 'reference' });
      const award = tx.create(Award, {
        reference,
        fundingStreamId: stream.id,
        recipientOrganisationId: input.recipientOrganisationId,
        title: input.title,
        grantType: input.grantType,
        description: input.description ?? null,
        amountPence: input.amountPence,
        startDate: input.startDate,
        endDate: input.endDate,
        status: AwardStatus.Draft,
        createdByUserId: actor.userId,
      });
      await tx.save(award).catch((e) => Promise.reject(translatePgError(e)));
      if (coFunders.length) await tx.insert(AwardCoFunder, coFunders.map((c) => ({ awardId: award.id, ...c })));
      if (objectiveIds.length) await tx.insert(AwardObjective, objectiveIds.map((planObjectiveId) => ({ awardId: award.id, planObjectiveId })));
      const view = (await this.views(tx, [award]))[0]!;
      await this.audit.record(tx, actor, { action: 'award.create', entityType: 'award', entityId: award.id, after: view });
      return view;
    });
  }

  /** Staff see every award; a partner sees its own organisation's awards only. */
  async list(actor: Actor, query: AwardQuery): Promise<{ items: AwardView[]; total: number }> {
    const qb = scopeToActor(this.dataSource.getRepository(Award).createQueryBuilder('a'), actor, 'a.recipient_organisation_id');
    if (query.financialYear) {
      qb.innerJoin('funding_stream', 's', 's.id = a.funding_stream_id').andWhere('s.financial_year = :fy', { fy: query.financialYear });
    }
    if (query.fundingStreamId) qb.andWhere('a.funding_stream_id = :streamId', { streamId: query.fundingStreamId });
    if (query.recipientOrganisationId) qb.andWhere('a.recipient_organisation_id = :recipient', { recipient: query.recipientOrganisationId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    qb.orderBy('a.created_at', 'ASC').addOrderBy('a.id').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [awards, total] = await qb.getManyAndCount();
    return { items: await this.views(this.dataSource.manager, awards), total };
  }

  /** One award; another organisation's award is NOT_FOUND for a partner. */
  async get(actor: Actor, id: string): Promise<AwardView> {
    const award = await scopeToActor(this.dataSource.getRepository(Award).createQueryBuilder('a'), actor, 'a.recipient_organisation_id')
      .andWhere('a.id = :id', { id })
      .getOne();
    if (!award) throw new NotFoundError('award', id);
    return (await this.views(this.dataSource.manager, [award]))[0]!;
  }

  /**
   * Commissioner approves a draft: records the decision and commits the amount against the
   * stream. The stream row is locked first so concurrent approvals queue (DESIGN invariant 3);
   * 409 BUDGET_EXCEEDED with remainingPence when it does not fit, 409 INVALID_TRANSITION
   * unless the award is a draft.
   */
  async approve(actor: Actor, id: string, input: ApproveAwardInput): Promise<AwardView> {
    return this.dataSource.transaction(async (tx) => {
      const streamId = await this.streamOf(tx, id);
      const budget = await this.funding.lockStreamForCommitment(tx, streamId);
      const award = await tx.findOne(Award, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!award) throw new NotFoundError('award', id);
      const to = nextStatus(award.status, 'approve');
      if (!to) throw new InvalidTransitionError(id, award.status, 'approve');
      const remaining = remainingAfter(budget.budgetPence, budget.committedPence, award.amountPence);
      if (remaining < 0) throw new BudgetExceededError(streamId, award.amountPence, budget.budgetPence - budget.committedPence);
      const before = (await this.views(tx, [award]))[0]!;
      Object.assign(award, { status: to, decisionReference: input.decisionReference ?? null, approvedByUserId: actor.userId, approvedAt: new Date() });
      await tx.save(award).catch((e) => Promise.reject(translatePgError(e)));
      const after = (await this.views(tx, [award]))[0]!;
      await this.audit.record(tx, actor, { action: 'award.approve', entityType: 'award', entityId: id, before, after });
      return after;
    });
  }

  /** Commissioner adds a budget line; a null amount is an "included within" line. */
  async addLine(actor: Actor, awardId: string, input: AwardLineInput): Promise<AwardView> {
    return this.dataSource.transaction(async (tx) => {
      const award = await tx.findOne(Award, { where: { id: awardId }, lock: { mode: 'pessimistic_write' } });
      if (!award) throw new NotFoundError('award', awardId);
      const [{ next }] = (await tx.query(`SELECT coalesce(max(position) + 1, 0)::int AS next FROM award_line WHERE award_id = $1`, [awardId])) as [{ next: number }];
      const line = tx.create(AwardLine, { awardId, position: next, label: input.label, amountPence: input.amountPence ?? null, note: input.note ?? null });
      await tx.save(line);
      await this.audit.record(tx, actor, { action: 'award.line.create', entityType: 'award', entityId: awardId, after: line });
      return (await this.views(tx, [award]))[0]!;
    });
  }

  async lines(actor: Actor, awardId: string): Promise<AwardView['lines']> {
    return (await this.get(actor, awardId)).lines;
  }

  /** The plan's grants table: every committed award in the year's streams, in the order made. */
  async grantsTable(financialYear: string): Promise<GrantsTableRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.reference, o.name AS organisation, a.grant_type, a.amount_pence,
              (SELECT string_agg(l.label || coalesce(' (' || l.note || ')', ''), '; ' ORDER BY l.position)
                 FROM award_line l WHERE l.award_id = a.id AND l.amount_pence IS NULL) AS included
         FROM award a
         JOIN funding_stream s ON s.id = a.funding_stream_id
         JOIN organisation o ON o.id = a.recipient_organisation_id
        WHERE s.financial_year = $1 AND a.status = ANY($2::text[])
        ORDER BY a.created_at, a.reference`,
      [financialYear, COMMITTED_STATUSES],
    )) as { id: string; reference: string; organisation: string; grant_type: string; amount_pence: string; included: string | null }[];
    return rows.map((r) => ({
      awardId: r.id,
      reference: r.reference,
      organisation: r.organisation,
      grantType: r.grant_type,
      amountPence: Number(r.amount_pence),
      note: r.included ? `Includes ${r.included}` : null,
    }));
  }

  async findByReference(tx: EntityManager, reference: string): Promise<Award | null> {
    return tx.findOneBy(Award, { reference });
  }

  // ---- internals -------------------------------------------------------------------------

  private async streamOf(tx: EntityManager, awardId: string): Promise<string> {
    const award = await tx.findOne(Award, { where: { id: awardId }, select: { id: true, fundingStreamId: true } });
    if (!award) throw new NotFoundError('award', awardId);
    return award.fundingStreamId;
  }

  private async nextReference(tx: EntityManager, financialYear: string): Promise<string> {
    const [{ n }] = (await tx.query(`SELECT nextval('award_reference_seq')::bigint AS n`)) as [{ n: string }];
    return `AW-${financialYear.slice(0, 4)}-${n.padStart(5, '0')}`;
  }

  private async views(tx: EntityManager, awards: Award[]): Promise<AwardView[]> {
    if (awards.length === 0) return [];
    const ids = awards.map((a) => a.id);
    // Sequential on purpose: inside a transaction these share one connection.
    const streams = (await tx.query(`SELECT id, financial_year FROM funding_stream WHERE id = ANY($1::uuid[])`, [
      [...new Set(awards.map((a) => a.fundingStreamId))],
    ])) as { id: string; financial_year: string }[];
    const organisations = (await tx.query(`SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])`, [
      [...new Set(awards.map((a) => a.recipientOrganisationId))],
    ])) as { id: string; name: string }[];
    const lines = await tx.find(AwardLine, { where: { awardId: In(ids) }, order: { position: 'ASC' } });
    const coFunders = await tx.find(AwardCoFunder, { where: { awardId: In(ids) } });
    const objectives = await tx.find(AwardObjective, { where: { awardId: In(ids) } });
    return awards.map((a) => ({
      id: a.id,
      reference: a.reference,
      fundingStreamId: a.fundingStreamId,
      financialYear: streams.find((s) => s.id === a.fundingStreamId)?.financial_year ?? '',
      recipientOrganisationId: a.recipientOrganisationId,
      recipientName: organisations.find((o) => o.id === a.recipientOrganisationId)?.name ?? '',
      title: a.title,
      grantType: a.grantType,
      description: a.description,
      amountPence: a.amountPence,
      startDate: a.startDate,
      endDate: a.endDate,
      status: a.status,
      decisionReference: a.decisionReference,
      approvedByUserId: a.approvedByUserId,
      approvedAt: a.approvedAt,
      version: a.version,
      objectiveIds: objectives.filter((o) => o.awardId === a.id).map((o) => o.planObjectiveId),
      coFunders: coFunders.filter((c) => c.awardId === a.id).map((c) => ({ organisationId: c.organisationId, amountPence: c.amountPence })),
      lines: lines.filter((l) => l.awardId === a.id).map((l) => ({ id: l.id, label: l.label, amountPence: l.amountPence, note: l.note })),
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    }));
  }
}
