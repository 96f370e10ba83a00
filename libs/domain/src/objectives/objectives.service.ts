import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { PlanObjective, PlanObjectiveMeasure } from './plan-objective.entity.js';

export interface CreatePlanObjectiveInput {
  code: string;
  title: string;
  planName: string;
  measures: string[];
}

export interface PlanObjectiveView {
  id: string;
  code: string;
  title: string;
  planName: string;
  measures: { id: string; title: string }[];
}

@Injectable()
export class ObjectivesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Commissioner records a plan objective and its measures. CONFLICT for a repeated plan + code. */
  async create(actor: Actor, input: CreatePlanObjectiveInput): Promise<PlanObjectiveView> {
    return this.dataSource.transaction(async (tx) => {
      if (await tx.existsBy(PlanObjective, { planName: input.planName, code: input.code })) {
        throw new DomainError('CONFLICT', `objective ${input.code} already exists in ${input.planName}`, { field: 'code' });
      }
      const objective = tx.create(PlanObjective, { code: input.code, title: input.title, planName: input.planName });
      await tx.save(objective);
      await tx.insert(PlanObjectiveMeasure, input.measures.map((title, position) => ({ planObjectiveId: objective.id, position, title })));
      const view = (await this.views(tx, [objective]))[0]!;
      await this.audit.record(tx, actor, { action: 'plan-objective.create', entityType: 'plan_objective', entityId: objective.id, after: view });
      return view;
    });
  }

  async list(planName?: string): Promise<PlanObjectiveView[]> {
    const objectives = await this.dataSource.getRepository(PlanObjective).find({
      where: planName ? { planName } : {},
      order: { planName: 'ASC', code: 'ASC' },
    });
    return this.views(this.dataSource.manager, objectives);
  }

  /** For other areas: all ids must exist, else NOT_FOUND naming the first missing one. */
  async requireAll(tx: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await tx.findBy(PlanObjective, { id: In(ids) });
    const missing = ids.find((id) => !found.some((o) => o.id === id));
    if (missing) throw new NotFoundError('plan objective', missing);
  }

  async findByCode(tx: EntityManager, planName: string, code: string): Promise<PlanObjective | null> {
    return tx.findOneBy(PlanObjective, { planName, code });
  }

  private async views(tx: EntityManager, objectives: PlanObjective[]): Promise<PlanObjectiveView[]> {
    if (objectives.length === 0) return [];
    const measures = await tx.find(PlanObjectiveMeasure, { where: { planObjectiveId: In(objectives.map((o) => o.id)) }, order: { position: 'ASC' } });
    return objectives.map((o) => ({
      id: o.id,
      code: o.code,
      title: o.title,
      planName: o.planName,
      measures: measures.filter((m) => m.planObjectiveId === o.id).map((m) => ({ id: m.id, title: m.title })),
    }));
  }
}
