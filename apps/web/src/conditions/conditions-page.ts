import { Injectable } from '@nestjs/common';
import { NotFoundError } from '#platform/index.js';
import { AwardsService, ConditionsService, DocumentParentKind, DocumentsService, Role, type Actor, type ConditionAction, type ConditionView, type DocumentView } from '#domain/index.js';

/**
 * The award hub's conditions section: the award, its conditions with their evidence documents,
 * and (for commissioners) the stream's templates to start a new one from.
 */
@Injectable()
export class ConditionsPage {
  constructor(
    private readonly awards: AwardsService,
    private readonly conditions: ConditionsService,
    private readonly documents: DocumentsService,
  ) {}

  async model(actor: Actor, awardId: string) {
    const [award, conditions, documents] = await Promise.all([
      this.awards.get(actor, awardId),
      this.conditions.list(actor, awardId),
      this.documents.list(actor, { kind: DocumentParentKind.Award, awardId }, { parentKind: DocumentParentKind.Condition }),
    ]);
    const evidence = new Map<string, DocumentView[]>();
    for (const d of documents) if (d.conditionId) evidence.set(d.conditionId, [...(evidence.get(d.conditionId) ?? []), d]);
    return { award, conditions: conditions.map((c) => ({ ...c, evidence: evidence.get(c.id) ?? [] })), hubBackLink: actor.role === Role.Partner ? '/' : undefined };
  }

  async newModel(actor: Actor, awardId: string) {
    const award = await this.awards.get(actor, awardId);
    return { award, templates: await this.conditions.listTemplates(award.fundingStreamId) };
  }

  /** One condition of the award (NOT_FOUND when it is another award's), for the resolve and evidence pages. */
  async condition(actor: Actor, awardId: string, conditionId: string): Promise<{ award: Awaited<ReturnType<AwardsService['get']>>; condition: ConditionView & { evidence: DocumentView[] } }> {
    const { award, conditions } = await this.model(actor, awardId);
    const condition = conditions.find((c) => c.id === conditionId);
    if (!condition) throw new NotFoundError('condition', conditionId);
    return { award, condition };
  }

  async add(actor: Actor, awardId: string, form: { template: string | null; title: string; description: string | null; category: ConditionView['category']; holdsPayments: boolean; dueDate: string | null }) {
    if (form.template) {
      const award = await this.awards.get(actor, awardId);
      const t = await this.conditions.getTemplate(award.fundingStreamId, form.template);
      return this.conditions.create(actor, awardId, { title: t.title, description: t.description, category: t.category, holdsPayments: t.holdsPayments, dueDate: form.dueDate });
    }
    return this.conditions.create(actor, awardId, { title: form.title, description: form.description, category: form.category, holdsPayments: form.holdsPayments, dueDate: form.dueDate });
  }

  async resolve(actor: Actor, awardId: string, conditionId: string, action: ConditionAction, note: string) {
    await this.condition(actor, awardId, conditionId);
    return this.conditions.resolve(actor, conditionId, action, { note });
  }
}
