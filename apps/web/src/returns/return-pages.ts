import { Injectable } from '@nestjs/common';
import {
  AwardsService,
  DocumentParentKind,
  DocumentsService,
  MonitoringReturnsService,
  OutcomesService,
  PaymentsService,
  type Actor,
  type DocumentView,
  type IndicatorView,
  type MonitoringReturnView,
  type SaveDraftInput,
} from '#domain/index.js';
import { NotFoundError, penceToPounds } from '#platform/index.js';
import { answerText, fieldName, questionGroups, type QuestionGroup } from './return-questions.js';

export type TaskStatus = 'completed' | 'inProgress' | 'notStarted' | 'optional';

/** One question of a page: the indicator, the field, its target for this period and what the draft says. */
export interface Question {
  indicator: IndicatorView;
  field: string;
  target: number | null;
  baseline: number | null;
  answer: string;
  /** The stored value (money in pence), for reading back. */
  value: number | string | null;
}

/** Everything the return's pages show, read once per request. */
export interface ReturnContext {
  periodId: string;
  ret: MonitoringReturnView;
  award: { id: string; title: string; reference: string };
  groups: (QuestionGroup & { questions: Question[]; status: TaskStatus })[];
  spend: { pence: number | null; text: string; status: TaskStatus };
  narrative: { text: string; status: TaskStatus };
  attachments: DocumentView[];
  /** While the draft is the partner's to change: not while a version waits for review, nor once accepted. */
  editable: boolean;
  /** The officer's comment when the return was sent back, shown at the top of every page. */
  revisionComment: string | null;
  paidPence: number;
  /** Titles of targeted indicators still without an answer: submission refuses them (as it does a missing spend). */
  missing: string[];
}

/**
 * Reads and writes a period's return for the partner's pages through the same services as the
 * API (`MonitoringReturnsService` for the draft and the submission, `DocumentsService` for the
 * attachments). The draft is saved whole (PUT semantics, as the API's), so a page's answers are
 * merged into the draft it read: what other pages said is kept.
 */
@Injectable()
export class ReturnPages {
  constructor(
    private readonly returns: MonitoringReturnsService,
    private readonly awards: AwardsService,
    private readonly outcomes: OutcomesService,
    private readonly payments: PaymentsService,
    private readonly documents: DocumentsService,
  ) {}

  async context(actor: Actor, periodId: string): Promise<ReturnContext> {
    const ret = await this.returns.get(actor, periodId);
    const [award, framework, targets, schedule, attachments] = await Promise.all([
      this.awards.get(actor, ret.awardId),
      this.outcomes.frameworkForAward(null, ret.awardId),
      this.outcomes.targetsForAward(ret.awardId),
      this.payments.listForAward(actor, ret.awardId),
      this.documents.list(actor, { kind: DocumentParentKind.Return, reportingPeriodId: periodId }),
    ]);
    const draftValues = new Map((ret.draft?.values ?? []).map((v) => [v.indicatorCode, v.value]));
    const targetFor = (code: string) => targets.find((t) => t.indicatorCode === code && t.periodKey === ret.key) ?? targets.find((t) => t.indicatorCode === code && t.periodKey === null);
    const groups = questionGroups(framework?.indicators ?? []).map((g) => {
      const questions = g.indicators.map((indicator) => {
        const target = targetFor(indicator.code);
        return { indicator, field: fieldName(indicator.code), target: target?.target ?? null, baseline: target?.baseline ?? null, answer: answerText(indicator.unit, draftValues.get(indicator.code)), value: draftValues.get(indicator.code) ?? null };
      });
      const answered = questions.filter((q) => q.answer !== '').length;
      return { ...g, questions, status: (answered === questions.length ? 'completed' : answered ? 'inProgress' : 'notStarted') as TaskStatus };
    });
    const missing = groups.flatMap((g) => g.questions.filter((q) => q.target !== null && q.answer === '').map((q) => q.indicator.title));
    const spendPence = ret.draft?.spendPence ?? null;
    const narrative = ret.draft?.narrative ?? '';
    const lastReview = ret.reviews[ret.reviews.length - 1];
    return {
      periodId,
      ret,
      award: { id: award.id, title: award.title, reference: award.reference },
      groups,
      spend: { pence: spendPence, text: spendPence === null ? '' : penceToPounds(spendPence), status: spendPence === null ? 'notStarted' : 'completed' },
      narrative: { text: narrative, status: narrative.trim() ? 'completed' : 'notStarted' },
      attachments: attachments.filter((d) => d.returnVersionNumber === null),
      editable: ret.status === null || ret.status === 'draft' || ret.status === 'revision_requested',
      revisionComment: ret.status === 'revision_requested' && lastReview?.decision !== 'accepted' ? (lastReview?.comment ?? null) : null,
      paidPence: schedule.paidPence - schedule.recoveredPence,
      missing,
    };
  }

  /** One question page's group, or the 404 page for a level the framework does not have. */
  group(context: ReturnContext, key: string): ReturnContext['groups'][number] {
    const group = context.groups.find((g) => g.key === key);
    if (!group) throw new NotFoundError('question page', key);
    return group;
  }

  /** The draft with some of it replaced; the rest as the partner last saved it. */
  async saveDraft(actor: Actor, periodId: string, change: { values?: { codes: string[]; values: SaveDraftInput['values'] }; spendPence?: number; narrative?: string }): Promise<MonitoringReturnView> {
    const ret = await this.returns.get(actor, periodId);
    const draft = ret.draft ?? { values: [], spendPence: null, narrative: null };
    const kept = (draft.values ?? []).filter((v) => !change.values?.codes.includes(v.indicatorCode));
    return this.returns.saveDraft(actor, periodId, {
      values: [...kept, ...(change.values?.values ?? [])],
      spendPence: change.spendPence !== undefined ? change.spendPence : draft.spendPence,
      narrative: change.narrative !== undefined ? change.narrative : draft.narrative,
    });
  }

  /** A submitted version, read-only; the 404 page for one that does not exist. */
  async version(actor: Actor, periodId: string, versionNumber: number) {
    const context = await this.context(actor, periodId);
    const version = context.ret.versions.find((v) => v.versionNumber === versionNumber);
    if (!version) throw new NotFoundError('return version', String(versionNumber));
    const all = await this.documents.list(actor, { kind: DocumentParentKind.Return, reportingPeriodId: periodId });
    const values = new Map(version.values.map((v) => [v.indicatorCode, v.value]));
    const review = context.ret.reviews.filter((r) => r.versionNumber === versionNumber);
    return {
      ...context,
      version,
      review,
      versionGroups: context.groups.map((g) => ({ ...g, questions: g.questions.map((q) => ({ ...q, answer: answerText(q.indicator.unit, values.get(q.indicator.code)), value: values.get(q.indicator.code) ?? null })) })),
      versionAttachments: all.filter((d) => d.returnVersionNumber === versionNumber),
    };
  }
}
