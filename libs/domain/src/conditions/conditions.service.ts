import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError, ValidationError, pgConstraint, translatePgError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { lockAward } from '../award-ledger/award-ledger.js';
import { AwardLedger } from '../award-ledger/award-ledger.service.js';
import { FundingService } from '../funding/funding.service.js';
import { ConditionTemplate } from './condition-template.entity.js';
import { Condition } from './condition.entity.js';
import { AwardClosedToConditionsError, ConditionConstraint, ConditionTransitionError } from './condition.errors.js';
import { ConditionStatus, awardTakesConditions, breachSuspendsAward, isUsableNote, nextConditionStatus, templateDueDate, type ConditionAction } from './condition.rules.js';
import type {
  ConditionQuery,
  ConditionTemplateView,
  ConditionView,
  CreateConditionInput,
  CreateConditionTemplateInput,
  HoldingCondition,
  ResolveConditionInput,
} from './condition.types.js';

/**
 * Award conditions and the stream templates they start from.
 *
 * The award is locked and suspended through the award ledger, not AwardsService: AwardsService
 * calls `copyTemplatesToAward` when it creates an award, so depending back on it would be a cycle.
 * Reads of the award here are its owner (for partner scoping) only.
 */
@Injectable()
export class ConditionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly funding: FundingService,
    private readonly ledger: AwardLedger,
  ) {}

  /**
   * An award's conditions, oldest first. Staff see any award's; a partner only its own
   * organisation's: another organisation's award is NOT_FOUND, exactly like an unknown id.
   */
  async list(actor: Actor, awardId: string, query: ConditionQuery = {}): Promise<ConditionView[]> {
    await this.requireVisibleAward(actor, awardId);
    const qb = this.dataSource
      .getRepository(Condition)
      .createQueryBuilder('c')
      .innerJoin('award', 'a', 'a.id = c.award_id')
      .where('c.award_id = :awardId', { awardId });
    // docs/design.md#invariant-8: the owner is the award's recipient; scoped in the query itself too.
    scopeToActor(qb, actor, 'a.recipient_organisation_id');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    const conditions = await qb.orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC').getMany();
    return conditions.map(toConditionView);
  }

  /**
   * Commissioner attaches a condition to an award. Writes the condition and its audit row.
   * NOT_FOUND for an unknown award; 409 INVALID_TRANSITION when the award is closed or cancelled.
   */
  async create(actor: Actor, awardId: string, input: CreateConditionInput): Promise<ConditionView> {
    return this.dataSource.transaction(async (tx) => {
      // Lock the award: a cancel or close and a new condition queue up, and so does a payment
      // approval that checks the award's holding conditions (docs/design.md#invariant-5).
      const award = await lockAward(tx, awardId);
      if (!awardTakesConditions(award.status)) throw new AwardClosedToConditionsError(awardId, award.status);
      const condition = tx.create(Condition, {
        awardId,
        title: input.title,
        description: input.description ?? null,
        category: input.category,
        holdsPayments: input.holdsPayments,
        dueDate: input.dueDate ?? null,
        status: ConditionStatus.Open,
        templateId: null,
        createdByUserId: actor.userId,
      });
      await this.save(tx, condition, awardId);
      const view = toConditionView(condition);
      await this.audit.record(tx, actor, { action: 'condition.create', entityType: 'condition', entityId: condition.id, after: view });
      return view;
    });
  }

  /**
   * Commissioner resolves an open condition: `met` (note = evidence), `waive` (note = reason) or
   * `breach` (note = explanation). Records who and when, and an audit row. A breach of a condition
   * that holds payments suspends its active award first, in the same transaction, with the note
   * as the status reason (audited as award.suspend); the breached condition then holds the
   * award's payments for good (docs/design.md#invariant-5). NOT_FOUND for an unknown condition; VALIDATION
   * for a blank note; 409 INVALID_TRANSITION unless it is open; 409 YEAR_CLOSED when the breach
   * would suspend an award of a closed year.
   */
  async resolve(actor: Actor, conditionId: string, action: ConditionAction, input: ResolveConditionInput): Promise<ConditionView> {
    if (!isUsableNote(input.note)) throw new ValidationError('note', `is required to ${action} a condition (evidence for met, reason for waive, explanation for breach)`);
    if (!actor.userId) throw new DomainError('FORBIDDEN', 'a condition is resolved by a named user');
    return this.dataSource.transaction(async (tx) => {
      const found = await tx.findOne(Condition, { where: { id: conditionId }, select: { id: true, awardId: true } });
      if (!found) throw new NotFoundError('condition', conditionId);
      // Award before its conditions (docs/award-ledger.md): payment approvals hold the award while
      // they read its holding conditions, so they see this resolution whole or not at all.
      const award = await lockAward(tx, found.awardId);
      const condition = await tx.findOne(Condition, { where: { id: conditionId }, lock: { mode: 'pessimistic_write' } });
      if (!condition) throw new NotFoundError('condition', conditionId);
      const to = nextConditionStatus(condition.status, action);
      if (!to) throw new ConditionTransitionError(conditionId, condition.status, action);
      if (breachSuspendsAward(action, condition, award.status)) {
        await this.ledger.suspendWithin(tx, actor, award, input.note, { breachedConditionId: conditionId });
      }
      const before = toConditionView(condition);
      Object.assign(condition, { status: to, note: input.note, resolvedByUserId: actor.userId, resolvedAt: new Date() });
      await this.save(tx, condition, condition.awardId);
      const after = toConditionView(condition);
      await this.audit.record(tx, actor, { action: `condition.${action}`, entityType: 'condition', entityId: conditionId, before, after });
      return after;
    });
  }

  /** Staff read a stream's condition templates, oldest first. NOT_FOUND for an unknown stream. */
  async listTemplates(fundingStreamId: string): Promise<ConditionTemplateView[]> {
    await this.funding.requireStream(this.dataSource.manager, fundingStreamId);
    const templates = await this.dataSource.getRepository(ConditionTemplate).find({ where: { fundingStreamId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return templates.map(toTemplateView);
  }

  /**
   * Commissioner adds a condition template to a stream: every award created from the stream
   * afterwards starts with a copy. Writes the template and its audit row. NOT_FOUND for an
   * unknown stream. Existing awards are not changed.
   */
  async createTemplate(actor: Actor, fundingStreamId: string, input: CreateConditionTemplateInput): Promise<ConditionTemplateView> {
    return this.dataSource.transaction(async (tx) => {
      await this.funding.requireStream(tx, fundingStreamId);
      const template = tx.create(ConditionTemplate, {
        fundingStreamId,
        title: input.title,
        description: input.description ?? null,
        category: input.category,
        holdsPayments: input.holdsPayments,
        dueDaysAfterStart: input.dueDaysAfterStart ?? null,
        createdByUserId: actor.userId,
      });
      await tx.save(template).catch((e) => Promise.reject(translatePgError(e)));
      const view = toTemplateView(template);
      await this.audit.record(tx, actor, { action: 'condition-template.create', entityType: 'condition_template', entityId: template.id, after: view });
      return view;
    });
  }

  /** Staff read one template of a stream. NOT_FOUND for an unknown template or one of another stream. */
  async getTemplate(fundingStreamId: string, templateId: string): Promise<ConditionTemplateView> {
    const template = await this.dataSource.getRepository(ConditionTemplate).findOneBy({ id: templateId, fundingStreamId });
    if (!template) throw new NotFoundError('condition template', templateId);
    return toTemplateView(template);
  }

  /**
   * Commissioner changes a stream's template: awards created afterwards get the new wording;
   * conditions already copied onto awards keep theirs. Audited with before and after.
   */
  async updateTemplate(actor: Actor, fundingStreamId: string, templateId: string, input: CreateConditionTemplateInput): Promise<ConditionTemplateView> {
    return this.dataSource.transaction(async (tx) => {
      const template = await tx.findOne(ConditionTemplate, { where: { id: templateId, fundingStreamId }, lock: { mode: 'pessimistic_write' } });
      if (!template) throw new NotFoundError('condition template', templateId);
      const before = toTemplateView(template);
      Object.assign(template, {
        title: input.title,
        description: input.description ?? null,
        category: input.category,
        holdsPayments: input.holdsPayments,
        dueDaysAfterStart: input.dueDaysAfterStart ?? null,
      });
      await tx.save(template).catch((e) => Promise.reject(translatePgError(e)));
      const after = toTemplateView(template);
      await this.audit.record(tx, actor, { action: 'condition-template.update', entityType: 'condition_template', entityId: templateId, before, after });
      return after;
    });
  }

  /**
   * Commissioner removes a template from a stream: later awards no longer start with it; the
   * conditions copied from it stay on their awards, their template_id cleared by the foreign key
   * (ON DELETE SET NULL). Audited with what was removed.
   */
  async removeTemplate(actor: Actor, fundingStreamId: string, templateId: string): Promise<ConditionTemplateView> {
    return this.dataSource.transaction(async (tx) => {
      const template = await tx.findOne(ConditionTemplate, { where: { id: templateId, fundingStreamId }, lock: { mode: 'pessimistic_write' } });
      if (!template) throw new NotFoundError('condition template', templateId);
      const before = toTemplateView(template);
      await tx.delete(ConditionTemplate, { id: templateId }).catch((e: unknown) => Promise.reject(translatePgError(e)));
      await this.audit.record(tx, actor, { action: 'condition-template.remove', entityType: 'condition_template', entityId: templateId, before });
      return before;
    });
  }

  /**
   * For the awards area, INSIDE its transaction `tx` when it creates an award: copies the
   * stream's templates into open conditions on the award (due = start + dueDaysAfterStart
   * calendar days, when set), one audit row each. Returns how many were copied.
   */
  async copyTemplatesToAward(tx: EntityManager, actor: Actor, fundingStreamId: string, awardId: string, startDate: string): Promise<number> {
    const templates = await tx.find(ConditionTemplate, { where: { fundingStreamId }, order: { createdAt: 'ASC', id: 'ASC' } });
    for (const template of templates) {
      const condition = tx.create(Condition, {
        awardId,
        title: template.title,
        description: template.description,
        category: template.category,
        holdsPayments: template.holdsPayments,
        dueDate: templateDueDate(startDate, template.dueDaysAfterStart),
        status: ConditionStatus.Open,
        templateId: template.id,
        createdByUserId: actor.userId,
      });
      await this.save(tx, condition, awardId);
      await this.audit.record(tx, actor, { action: 'condition.create', entityType: 'condition', entityId: condition.id, after: toConditionView(condition) });
    }
    return templates.length;
  }

  /**
   * For the payments area, inside its transaction: the award's open and breached conditions that
   * hold payments (docs/design.md#invariant-5), soonest due first, with their status. Read through the
   * database function `award_holding_conditions(award)`, the one definition the payment trigger
   * refuses by.
   */
  async holdingConditions(tx: EntityManager, awardId: string): Promise<HoldingCondition[]> {
    const [{ holding }] = (await tx.query(`SELECT award_holding_conditions($1) AS holding`, [awardId])) as [{ holding: HoldingCondition[] }];
    return holding;
  }

  /** For reports: the conditions of many awards in one query, grouped by award, oldest first. */
  async forAwards(awardIds: string[]): Promise<Map<string, ConditionView[]>> {
    const map = new Map<string, ConditionView[]>();
    if (awardIds.length === 0) return map;
    const conditions = await this.dataSource
      .getRepository(Condition)
      .createQueryBuilder('c')
      .where('c.award_id = ANY(:ids)', { ids: awardIds })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    for (const c of conditions) map.set(c.awardId, [...(map.get(c.awardId) ?? []), toConditionView(c)]);
    return map;
  }

  // ---- internals -------------------------------------------------------------------------

  private async requireVisibleAward(actor: Actor, awardId: string): Promise<void> {
    const qb = this.dataSource.createQueryBuilder().select('a.id', 'id').from('award', 'a').where('a.id = :awardId', { awardId });
    const found = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawOne<{ id: string }>();
    if (!found) throw new NotFoundError('award', awardId);
  }

  /**
   * Saves, turning the migration's trigger refusals into the codes the API publishes. (A failed
   * statement aborts the transaction, so nothing more is read here.)
   */
  private async save(tx: EntityManager, condition: Condition, awardId: string): Promise<void> {
    await tx.save(condition).catch((e: unknown) => {
      if (pgConstraint(e) === ConditionConstraint.AwardOpen) throw new AwardClosedToConditionsError(awardId);
      if (pgConstraint(e) === ConditionConstraint.ResolutionFinal) throw new ConditionTransitionError(condition.id, condition.status, 'resolve');
      throw translatePgError(e);
    });
  }
}

export function toConditionView(c: Condition): ConditionView {
  return {
    id: c.id,
    awardId: c.awardId,
    title: c.title,
    description: c.description,
    category: c.category,
    holdsPayments: c.holdsPayments,
    dueDate: c.dueDate,
    status: c.status,
    note: c.note ?? null,
    resolvedByUserId: c.resolvedByUserId ?? null,
    resolvedAt: c.resolvedAt ?? null,
    templateId: c.templateId ?? null,
    createdByUserId: c.createdByUserId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function toTemplateView(t: ConditionTemplate): ConditionTemplateView {
  return {
    id: t.id,
    fundingStreamId: t.fundingStreamId,
    title: t.title,
    description: t.description,
    category: t.category,
    holdsPayments: t.holdsPayments,
    dueDaysAfterStart: t.dueDaysAfterStart,
    createdByUserId: t.createdByUserId,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}
