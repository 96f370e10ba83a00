import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { APP_CONFIG, NotFoundError, pgConstraint, translatePgError, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { lockAward } from '../award-ledger/award-ledger.js';
import { ENDED_STATUSES } from '../award-ledger/award.rules.js';
import { FundingService } from '../funding/funding.service.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { AwardOutcomeFramework, AwardTarget } from './award-target.entity.js';
import { disclosureFor, showCount } from './disclosure.js';
import { OutcomeFramework, OutcomeIndicator } from './outcome-framework.entity.js';
import {
  AwardClosedToOutcomesError,
  IndicatorCodeTakenError,
  NoOutcomeFrameworkError,
  OutcomeConstraint,
  OutcomeFrameworkInUseError,
  OutcomeValidationError,
} from './outcomes.errors.js';
import { checkFrameworkScope, checkIndicatorDefinitions, checkTargets, defaultIsVictimCount, sameTargets, type AwardTargetInput } from './outcomes.rules.js';
import type { AwardTargetView, AwardTargetsView, CreateIndicatorInput, CreateOutcomeFrameworkInput, IndicatorView, OutcomeFrameworkQuery, OutcomeFrameworkView } from './outcomes.types.js';

/**
 * Outcome frameworks, their indicators, which framework each award is measured against, and the
 * award's targets (docs/design.md#outcome-frameworks).
 *
 * Frameworks grow but never change meaning: indicators can be added, never deleted, and an
 * indicator's code, unit, aggregation and victim-count flag are fixed (the migration's trigger
 * holds this), because targets and monitoring returns name indicators by code.
 *
 * The award row is read here by SQL on `award` (status, stream, dates, owner), as the conditions
 * area does: AwardsService has no lookup that joins a caller's transaction or takes a row lock,
 * and the awards area does not depend on outcomes.
 */
@Injectable()
export class OutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly funding: FundingService,
    private readonly objectives: ObjectivesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- frameworks ------------------------------------------------------------------------

  /**
   * Commissioner creates a framework with its indicators (positions in the order given). A
   * stream's framework takes the stream's financial year when none is given; a year that is not
   * the stream's is refused. Writes the framework, its indicators and one audit row. VALIDATION
   * (naming `indicators[i].field`) for no scope, a bad or repeated code, text summed or averaged,
   * a victim count that is not a count; NOT_FOUND for an unknown stream or objective.
   */
  async createFramework(actor: Actor, input: CreateOutcomeFrameworkInput): Promise<OutcomeFrameworkView> {
    const scopeProblem = checkFrameworkScope(input);
    const problems = [...(scopeProblem ? [scopeProblem] : []), ...checkIndicatorDefinitions(input.indicators)];
    if (problems.length) throw new OutcomeValidationError(problems);
    return this.dataSource.transaction(async (tx) => {
      let financialYear = input.financialYear ?? null;
      if (input.fundingStreamId) {
        const stream = await this.funding.requireStream(tx, input.fundingStreamId);
        if (financialYear && financialYear !== stream.financialYear) {
          throw new OutcomeValidationError([{ field: 'financialYear', message: `must be the funding stream's year (${stream.financialYear}) or left out` }]);
        }
        financialYear = stream.financialYear;
      }
      if (input.planObjectiveId) await this.objectives.requireAll(tx, [input.planObjectiveId]);
      const framework = tx.create(OutcomeFramework, {
        name: input.name,
        description: input.description ?? null,
        financialYear,
        fundingStreamId: input.fundingStreamId ?? null,
        planObjectiveId: input.planObjectiveId ?? null,
        createdByUserId: actor.userId,
      });
      await tx.save(framework).catch((e) => Promise.reject(translatePgError(e)));
      if (input.indicators.length) {
        await tx.insert(OutcomeIndicator, input.indicators.map((d, position) => indicatorRow(framework.id, d, position, actor)));
      }
      const view = await this.frameworkView(tx, framework.id);
      await this.audit.record(tx, actor, { action: 'outcome-framework.create', entityType: 'outcome_framework', entityId: framework.id, after: view });
      return view;
    });
  }

  /** Staff list frameworks, newest year first then by name, with their indicators. */
  async listFrameworks(query: OutcomeFrameworkQuery): Promise<{ items: OutcomeFrameworkView[]; total: number }> {
    const qb = this.dataSource.getRepository(OutcomeFramework).createQueryBuilder('f');
    if (query.financialYear) qb.andWhere('f.financial_year = :fy', { fy: query.financialYear });
    if (query.fundingStreamId) qb.andWhere('f.funding_stream_id = :streamId', { streamId: query.fundingStreamId });
    if (query.planObjectiveId) qb.andWhere('f.plan_objective_id = :objectiveId', { objectiveId: query.planObjectiveId });
    if (query.name) qb.andWhere('f.name = :name', { name: query.name });
    qb.orderBy('f.financial_year', 'DESC', 'NULLS LAST').addOrderBy('f.name').addOrderBy('f.id').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [frameworks, total] = await qb.getManyAndCount();
    return { items: await this.frameworkViews(this.dataSource.manager, frameworks), total };
  }

  /** Staff read one framework with its indicators. NOT_FOUND for an unknown id. */
  async getFramework(id: string): Promise<OutcomeFrameworkView> {
    return this.frameworkView(this.dataSource.manager, id);
  }

  /**
   * Commissioner adds an indicator to an existing framework, after the others. Awards already
   * measured against the framework gain it (with no target until one is set). Writes the
   * indicator and an audit row on the framework. NOT_FOUND for an unknown framework; CONFLICT
   * (field `code`) for a code the framework has; VALIDATION for a bad definition.
   */
  async addIndicator(actor: Actor, frameworkId: string, input: CreateIndicatorInput): Promise<OutcomeFrameworkView> {
    const problems = checkIndicatorDefinitions([input], [], '');
    if (problems.length) throw new OutcomeValidationError(problems);
    return this.dataSource.transaction(async (tx) => {
      // Lock the framework: concurrent additions queue up and take consecutive positions.
      const framework = await tx.findOne(OutcomeFramework, { where: { id: frameworkId }, lock: { mode: 'pessimistic_write' } });
      if (!framework) throw new NotFoundError('outcome framework', frameworkId);
      const existing = await tx.find(OutcomeIndicator, { where: { frameworkId }, select: { code: true, position: true } });
      if (existing.some((x) => x.code === input.code)) throw new IndicatorCodeTakenError(frameworkId, input.code);
      const position = existing.reduce((max, x) => Math.max(max, x.position + 1), 0);
      const indicator = tx.create(OutcomeIndicator, indicatorRow(frameworkId, input, position, actor));
      await tx.save(indicator).catch((e: unknown) => {
        if (pgConstraint(e) === OutcomeConstraint.IndicatorCodeUnique) throw new IndicatorCodeTakenError(frameworkId, input.code);
        throw translatePgError(e);
      });
      await tx.update(OutcomeFramework, { id: frameworkId }, { updatedAt: new Date() });
      await this.audit.record(tx, actor, { action: 'outcome-framework.add-indicator', entityType: 'outcome_framework', entityId: frameworkId, after: toIndicatorView(indicator) });
      return this.frameworkView(tx, frameworkId);
    });
  }

  // ---- an award's framework --------------------------------------------------------------

  /**
   * Commissioner chooses the framework an award is measured against (PUT
   * /api/awards/:id/outcome-framework); see setAwardFramework. Returns the award's targets view.
   */
  async assignFramework(actor: Actor, awardId: string, frameworkId: string): Promise<AwardTargetsView> {
    return this.dataSource.transaction(async (tx) => {
      await this.setAwardFramework(tx, actor, awardId, frameworkId);
      return this.targetsView(tx, awardId);
    });
  }

  /**
   * For the reporting area too, INSIDE the caller's transaction `tx`: sets the award's outcome
   * framework. Locks the award row (then this area's row for the award), so it queues behind or
   * ahead of target changes. Setting the framework it already has writes nothing; otherwise one
   * audit row (entityType `award_targets`, entityId the award). Throws NOT_FOUND for an unknown
   * award or framework; VALIDATION (field `outcomeFrameworkId`) for a framework of another
   * funding stream; 409 INVALID_TRANSITION for a closed or cancelled award; 409
   * OUTCOME_FRAMEWORK_IN_USE when the award has targets against another framework (replace them
   * with an empty list first). A failure aborts the caller's transaction.
   */
  async setAwardFramework(tx: EntityManager, actor: Actor, awardId: string, frameworkId: string): Promise<void> {
    // Ended awards keep the targets and framework they have.
    const award = await lockAward(tx, awardId);
    if (ENDED_STATUSES.includes(award.status)) throw new AwardClosedToOutcomesError(awardId, award.status, 'set outcome framework');
    const framework = await tx.findOneBy(OutcomeFramework, { id: frameworkId });
    if (!framework) throw new NotFoundError('outcome framework', frameworkId);
    if (framework.fundingStreamId && framework.fundingStreamId !== award.fundingStreamId) {
      throw new OutcomeValidationError([
        { field: 'outcomeFrameworkId', message: `is the framework of another funding stream (${framework.fundingStreamId}); the award is from ${award.fundingStreamId}` },
      ]);
    }
    const current = await tx.findOne(AwardOutcomeFramework, { where: { awardId }, lock: { mode: 'pessimistic_write' } });
    if (current?.outcomeFrameworkId === frameworkId) return;
    if (current) {
      const targetCount = await tx.countBy(AwardTarget, { awardId });
      if (targetCount > 0) throw new OutcomeFrameworkInUseError(awardId, current.outcomeFrameworkId, targetCount);
      await tx.update(AwardOutcomeFramework, { awardId }, { outcomeFrameworkId: frameworkId, setByUserId: actor.userId, updatedAt: new Date() });
    } else {
      await tx.insert(AwardOutcomeFramework, { awardId, outcomeFrameworkId: frameworkId, setByUserId: actor.userId });
    }
    await this.audit.record(tx, actor, {
      action: 'award-outcome-framework.set',
      entityType: 'award_targets',
      entityId: awardId,
      before: current ? { outcomeFrameworkId: current.outcomeFrameworkId } : null,
      after: { outcomeFrameworkId: frameworkId, frameworkName: framework.name },
    });
  }

  // ---- targets ---------------------------------------------------------------------------

  /**
   * Commissioner replaces an award's targets as a whole (PUT /api/awards/:id/targets): after it
   * the award has exactly these, in one transaction with one audit row (entityType
   * `award_targets`, before and after). An unchanged set writes nothing. NOT_FOUND for an unknown
   * award; 409 INVALID_TRANSITION when closed or cancelled; 409 NO_OUTCOME_FRAMEWORK without a
   * framework; VALIDATION naming every bad field (`targets[2].indicatorCode`): an indicator not in
   * the framework or a text one, a period key that is not real or outside the award's dates, a
   * value that does not fit the unit, the same (indicator, period) twice.
   */
  async replaceTargets(actor: Actor, awardId: string, targets: AwardTargetInput[]): Promise<AwardTargetsView> {
    return this.dataSource.transaction(async (tx) => {
      // Lock the award, then its framework row: concurrent replacements, framework changes and
      // the reporting area's schedule changes queue up; the last replacement wins whole.
      const award = await lockAward(tx, awardId);
      if (ENDED_STATUSES.includes(award.status)) throw new AwardClosedToOutcomesError(awardId, award.status, 'set targets');
      const link = await tx.findOne(AwardOutcomeFramework, { where: { awardId }, lock: { mode: 'pessimistic_write' } });
      if (!link) throw new NoOutcomeFrameworkError(awardId);
      const indicators = await tx.find(OutcomeIndicator, { where: { frameworkId: link.outcomeFrameworkId }, order: { position: 'ASC' } });
      const problems = checkTargets(indicators, targets, award);
      if (problems.length) throw new OutcomeValidationError(problems);

      const before = await this.targetViews(tx, awardId, indicators);
      const after = sortTargets(
        targets.map((t) => ({ indicatorCode: t.indicatorCode, periodKey: t.periodKey ?? null, baseline: t.baseline ?? null, target: t.target })),
        indicators,
      );
      if (!sameTargets(before, after)) {
        await tx.delete(AwardTarget, { awardId });
        const byCode = new Map(indicators.map((x) => [x.code, x]));
        if (after.length) {
          await tx
            .insert(
              AwardTarget,
              after.map((t) => ({
                awardId,
                outcomeFrameworkId: link.outcomeFrameworkId,
                indicatorId: byCode.get(t.indicatorCode)!.id,
                periodKey: t.periodKey,
                baseline: t.baseline,
                target: t.target,
                createdByUserId: actor.userId,
              })),
            )
            .catch((e) => Promise.reject(translatePgError(e)));
        }
        await this.audit.record(tx, actor, {
          action: 'award-targets.replace',
          entityType: 'award_targets',
          entityId: awardId,
          before: { outcomeFrameworkId: link.outcomeFrameworkId, targets: before },
          after: { outcomeFrameworkId: link.outcomeFrameworkId, targets: after },
        });
      }
      return this.targetsView(tx, awardId);
    });
  }

  /**
   * An award's framework (null until one is set), its indicators and the award's targets. Every
   * role with access: staff any award; a partner its own organisation's only, another's award
   * being NOT_FOUND exactly like an unknown id (docs/design.md#invariant-8). Baselines of victim counts
   * are past figures about people: a viewer sees the small ones as `<5` (disclosure.ts).
   */
  async awardTargets(actor: Actor, awardId: string): Promise<AwardTargetsView> {
    const qb = this.dataSource.createQueryBuilder().select('a.id', 'id').addSelect('a.recipient_organisation_id', 'recipient').from('award', 'a').where('a.id = :awardId', { awardId });
    const found = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawOne<{ id: string; recipient: string }>();
    if (!found) throw new NotFoundError('award', awardId);
    const view = await this.targetsView(this.dataSource.manager, awardId);
    const figures = disclosureFor(actor, { recipientOrganisationId: found.recipient }, 'view');
    if (figures === 'actual') return view;
    const victimCounts = new Set((view.framework?.indicators ?? []).filter((i) => i.isVictimCount).map((i) => i.code));
    const threshold = this.config.smallNumberThreshold;
    return { ...view, figures, targets: view.targets.map((t) => ({ ...t, baseline: typeof t.baseline === 'number' ? showCount(t.baseline, victimCounts.has(t.indicatorCode), threshold, figures) : t.baseline })) };
  }

  // ---- for other areas (reporting, reports, seed) ----------------------------------------

  /**
   * For the reporting and reports areas: the award's framework and its indicators (position
   * order), or null when the award has none (or does not exist). Reads in `tx` when given (so a
   * framework set earlier in the same transaction is seen), else outside any transaction. No
   * partner scoping: callers scope their own queries.
   */
  async frameworkForAward(tx: EntityManager | null, awardId: string): Promise<{ framework: OutcomeFrameworkView; indicators: IndicatorView[] } | null> {
    const m = tx ?? this.dataSource.manager;
    const link = await m.findOneBy(AwardOutcomeFramework, { awardId });
    if (!link) return null;
    const framework = await this.frameworkView(m, link.outcomeFrameworkId);
    return { framework, indicators: framework.indicators };
  }

  /** For the reporting and reports areas: the award's targets (none without a framework). No partner scoping. */
  async targetsForAward(awardId: string, tx?: EntityManager): Promise<AwardTargetView[]> {
    return (await this.targetsForAwards([awardId], tx)).get(awardId) ?? [];
  }

  /** For reports: the targets of many awards in two queries, by award (awards without targets are absent). */
  async targetsForAwards(awardIds: readonly string[], tx?: EntityManager): Promise<Map<string, AwardTargetView[]>> {
    const m = tx ?? this.dataSource.manager;
    const map = new Map<string, AwardTargetView[]>();
    if (awardIds.length === 0) return map;
    const targets = await m.find(AwardTarget, { where: { awardId: In([...awardIds]) } });
    if (targets.length === 0) return map;
    const indicators = await m.find(OutcomeIndicator, { where: { id: In([...new Set(targets.map((t) => t.indicatorId))]) } });
    const byId = new Map(indicators.map((x) => [x.id, x]));
    for (const t of targets) map.set(t.awardId, [...(map.get(t.awardId) ?? []), toTargetView(t, byId.get(t.indicatorId)!)]);
    for (const [awardId, list] of map) map.set(awardId, sortTargets(list, indicators));
    return map;
  }

  /** For idempotent seeding: a framework by its exact name (and scope, when given), or null. */
  async findFramework(filter: { name: string; financialYear?: string; fundingStreamId?: string; planObjectiveId?: string }): Promise<OutcomeFrameworkView | null> {
    const { items } = await this.listFrameworks({ ...filter, page: 1, pageSize: 1 });
    return items[0] ?? null;
  }

  // ---- internals -------------------------------------------------------------------------

  private async targetsView(m: EntityManager, awardId: string): Promise<AwardTargetsView> {
    const found = await this.frameworkForAward(m, awardId);
    if (!found) return { awardId, framework: null, figures: 'actual', targets: [] };
    return { awardId, framework: found.framework, figures: 'actual', targets: await this.targetViews(m, awardId, found.indicators) };
  }

  private async targetViews(m: EntityManager, awardId: string, indicators: readonly { id: string; code: string; position: number }[]): Promise<AwardTargetView[]> {
    const byId = new Map(indicators.map((x) => [x.id, x]));
    const targets = await m.find(AwardTarget, { where: { awardId } });
    return sortTargets(
      targets.map((t) => toTargetView(t, byId.get(t.indicatorId)!)),
      indicators,
    );
  }

  private async frameworkView(m: EntityManager, id: string): Promise<OutcomeFrameworkView> {
    const framework = await m.findOneBy(OutcomeFramework, { id });
    if (!framework) throw new NotFoundError('outcome framework', id);
    return (await this.frameworkViews(m, [framework]))[0]!;
  }

  private async frameworkViews(m: EntityManager, frameworks: OutcomeFramework[]): Promise<OutcomeFrameworkView[]> {
    if (frameworks.length === 0) return [];
    const indicators = await m.find(OutcomeIndicator, { where: { frameworkId: In(frameworks.map((f) => f.id)) }, order: { position: 'ASC' } });
    return frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      financialYear: f.financialYear,
      fundingStreamId: f.fundingStreamId,
      planObjectiveId: f.planObjectiveId,
      createdByUserId: f.createdByUserId,
      createdAt: f.createdAt,
      updatedAt: f.updatedAt,
      indicators: indicators.filter((x) => x.frameworkId === f.id).map(toIndicatorView),
    }));
  }
}

function indicatorRow(frameworkId: string, d: CreateIndicatorInput, position: number, actor: Actor) {
  return {
    frameworkId,
    code: d.code,
    title: d.title,
    level: d.level,
    unit: d.unit,
    direction: d.direction,
    aggregation: d.aggregation,
    isVictimCount: d.isVictimCount ?? defaultIsVictimCount(d.unit),
    position,
    createdByUserId: actor.userId,
  };
}

export function toIndicatorView(x: OutcomeIndicator): IndicatorView {
  return {
    id: x.id,
    frameworkId: x.frameworkId,
    code: x.code,
    title: x.title,
    level: x.level,
    unit: x.unit,
    direction: x.direction,
    aggregation: x.aggregation,
    isVictimCount: x.isVictimCount,
    position: x.position,
    createdAt: x.createdAt,
  };
}

function toTargetView(t: AwardTarget, indicator: { code: string }): AwardTargetView {
  return { indicatorCode: indicator.code, periodKey: t.periodKey, baseline: t.baseline, target: t.target };
}

/** Indicator position order, then the whole-award target, then period key. */
function sortTargets(targets: AwardTargetView[], indicators: readonly { code: string; position: number }[]): AwardTargetView[] {
  const position = new Map(indicators.map((x) => [x.code, x.position]));
  return [...targets].sort(
    (a, b) =>
      (position.get(a.indicatorCode) ?? 0) - (position.get(b.indicatorCode) ?? 0) ||
      (a.periodKey === null ? -1 : 0) - (b.periodKey === null ? -1 : 0) ||
      (a.periodKey ?? '').localeCompare(b.periodKey ?? ''),
  );
}
