import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, CalendarService, DomainError, ValidationError, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { Role } from '../access/role.js';
import { AuditService } from '../audit/audit.service.js';
import { disclosureFor, showCount, type Disclosure } from '../outcomes/disclosure.js';
import { checkIndicatorValue } from '../outcomes/outcomes.rules.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import { MonitoringReturn, ReturnReview, ReturnValue, ReturnVersion, type ReturnValueInput } from './monitoring-return.entity.js';
import { afterReview, draftEditable, periodStatus, sameContent, type ReviewAction } from './monitoring-return.rules.js';
import { ReportingService } from './reporting.service.js';
import { ReturnErrorCode, ReturnTransitionError } from './returns.errors.js';
import type { AcceptedValue, MonitoringReturnView, SaveDraftInput, SubmitInput } from './returns.types.js';

/** Each award of a year ($1) with an accepted return: its stream and the spend of its latest accepted period. */
const LATEST_SPEND_OF_YEAR = `
  SELECT DISTINCT ON (p.award_id) p.award_id, a.funding_stream_id, rv.spend_pence
    FROM funding_stream s
    JOIN award a ON a.funding_stream_id = s.id
    JOIN reporting_period p ON p.award_id = a.id
    JOIN monitoring_return r ON r.reporting_period_id = p.id AND r.accepted_version IS NOT NULL
    JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
   WHERE s.financial_year = $1
   ORDER BY p.award_id, p.period_end DESC, p.key DESC`;

/**
 * The monitoring-return workflow: a partner saves a draft, submits it with certification (each
 * submission freezes an immutable version), and a commissioner accepts, asks for a revision or
 * reopens. Commissioners may enter a return for a partner only with the recorded on-behalf flag.
 */
@Injectable()
export class MonitoringReturnsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly reporting: ReportingService,
    private readonly outcomes: OutcomesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The return of a period with its draft, versions and reviews; a partner reads only its own.
   * The partner that reported and the commissioning staff see actual figures; a viewer sees
   * victim counts from 1 to threshold-1 as `<5` (a return has no totals, so nothing more).
   */
  async get(actor: Actor, periodId: string): Promise<MonitoringReturnView> {
    const period = await this.reporting.requirePeriod(this.dataSource.manager, actor, periodId);
    return this.view(this.dataSource.manager, period, actor);
  }

  /**
   * The partner (or a commissioner, on behalf, flagged) saves the working draft. Values are
   * checked against the award's outcome framework: unknown codes and values that do not fit
   * their indicator are 400 naming the field. Targeted indicators may still be missing here;
   * submission requires them.
   */
  async saveDraft(actor: Actor, periodId: string, input: SaveDraftInput): Promise<MonitoringReturnView> {
    this.assertMayWrite(actor, input.onBehalf);
    return this.dataSource.transaction(async (tx) => {
      const period = await this.reporting.requirePeriod(tx, actor, periodId);
      await this.checkValues(tx, period.awardId, input.values);
      const current = await this.lockReturn(tx, periodId);
      if (!draftEditable(current?.status)) throw new ReturnTransitionError(periodId, current!.status, 'change (reopen it first)');
      const before = current ? this.draftOf(current) : null;
      const row = current ?? tx.create(MonitoringReturn, { reportingPeriodId: periodId, status: 'draft', latestVersion: 0 });
      Object.assign(row, {
        draftValues: input.values,
        draftSpendPence: input.spendPence ?? null,
        draftNarrative: input.narrative ?? null,
        draftUpdatedByUserId: actor.userId,
        draftUpdatedAt: new Date(),
      });
      await tx.save(row);
      await this.audit.record(tx, actor, {
        action: input.onBehalf ? 'return.draft.save-on-behalf' : 'return.draft.save',
        entityType: 'monitoring_return',
        entityId: row.id,
        before,
        after: { ...this.draftOf(row), periodId },
      });
      return this.view(tx, period, actor);
    });
  }

  /**
   * The partner certifies and submits the draft, freezing version N+1. 409 RETURN_INCOMPLETE
   * when a targeted indicator or the spend is missing, NO_CHANGES when the draft equals the last
   * submitted version, INVALID_TRANSITION when the return stands accepted. Late submissions
   * record how many working days late they are.
   */
  async submit(actor: Actor, periodId: string, input: SubmitInput): Promise<MonitoringReturnView> {
    this.assertMayWrite(actor, input.onBehalf);
    return this.dataSource.transaction(async (tx) => {
      const period = await this.reporting.requirePeriod(tx, actor, periodId);
      const ret = await this.lockReturn(tx, periodId);
      if (!ret) throw new DomainError(ReturnErrorCode.Incomplete, `period ${period.key} has no draft to submit; save one first`);
      if (ret.status === 'accepted') throw new ReturnTransitionError(periodId, ret.status, 'be submitted again (reopen it first)');
      const draft = this.draftOf(ret);
      await this.checkValues(tx, period.awardId, draft.values);
      const missing = await this.missingTargeted(tx, period.awardId, period.key, draft.values);
      if (missing.length) throw new DomainError(ReturnErrorCode.Incomplete, `values are missing for targeted indicators: ${missing.join(', ')}`, { missing });
      if (draft.spendPence === null) throw new DomainError(ReturnErrorCode.Incomplete, 'spendPence is required to submit', { missing: ['spendPence'] });
      if (ret.latestVersion > 0) {
        const last = await this.versionContent(tx, ret.id, ret.latestVersion);
        if (sameContent(last, draft)) throw new DomainError(ReturnErrorCode.NoChanges, `version ${ret.latestVersion} already says exactly this; change something before submitting again`);
      }
      const today = this.calendar.today();
      const late = today > period.dueDate;
      const version = tx.create(ReturnVersion, {
        monitoringReturnId: ret.id,
        versionNumber: ret.latestVersion + 1,
        spendPence: draft.spendPence,
        narrative: draft.narrative ?? '',
        certifiedByUserId: actor.userId!,
        certifiedAt: new Date(),
        submittedOnBehalf: actor.role !== Role.Partner,
        late,
        workingDaysLate: late ? await this.calendar.workingDaysBetween(period.dueDate, today) : 0,
      });
      await tx.save(version);
      if (draft.values.length) {
        await tx.insert(
          ReturnValue,
          draft.values.map((v) => ({
            returnVersionId: version.id,
            indicatorCode: v.indicatorCode,
            valueNumeric: typeof v.value === 'number' ? v.value : null,
            valueText: typeof v.value === 'string' ? v.value : null,
          })),
        );
      }
      const before = { status: ret.status, latestVersion: ret.latestVersion };
      Object.assign(ret, { status: 'submitted', latestVersion: version.versionNumber, firstSubmittedAt: ret.firstSubmittedAt ?? new Date() });
      await tx.save(ret);
      await this.audit.record(tx, actor, {
        action: 'return.submit',
        entityType: 'monitoring_return',
        entityId: ret.id,
        before,
        after: { status: ret.status, latestVersion: ret.latestVersion, late, workingDaysLate: version.workingDaysLate, submittedOnBehalf: version.submittedOnBehalf, periodId },
      });
      return this.view(tx, period, actor);
    });
  }

  /**
   * Commissioner reviews: accept a submitted version, request a revision (comment required), or
   * reopen an accepted return (reason required). Reviewing a draft is 409 INVALID_TRANSITION.
   * Reopening keeps the accepted version counting in reports until a new one is accepted.
   */
  async review(actor: Actor, periodId: string, action: ReviewAction, comment?: string | null): Promise<MonitoringReturnView> {
    if (action !== 'accept' && !comment?.trim()) throw new ValidationError('comment', 'is required to request a revision or reopen');
    return this.dataSource.transaction(async (tx) => {
      const period = await this.reporting.requirePeriod(tx, actor, periodId);
      const ret = await this.lockReturn(tx, periodId);
      const to = ret ? afterReview(ret.status, action) : null;
      if (!ret || !to) throw new ReturnTransitionError(periodId, ret?.status ?? 'not started', action);
      const before = { status: ret.status, acceptedVersion: ret.acceptedVersion };
      const decision = action === 'accept' ? 'accepted' : action === 'reopen' ? 'reopened' : 'revision_requested';
      await tx.insert(ReturnReview, { monitoringReturnId: ret.id, versionNumber: ret.latestVersion, decision, comment: comment?.trim() || null, reviewedByUserId: actor.userId });
      ret.status = to;
      if (action === 'accept') ret.acceptedVersion = ret.latestVersion;
      await tx.save(ret);
      await this.audit.record(tx, actor, {
        action: `return.${action}`,
        entityType: 'monitoring_return',
        entityId: ret.id,
        before,
        after: { status: ret.status, acceptedVersion: ret.acceptedVersion, comment: comment ?? null, periodId },
      });
      return this.view(tx, period, actor);
    });
  }

  /**
   * For reports (docs/design.md#invariant-7: reports count the latest accepted version): the values of
   * every return's accepted version for these awards, with the period each belongs to.
   */
  async acceptedValues(awardIds: string[]): Promise<AcceptedValue[]> {
    if (awardIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT p.award_id, p.key, p.period_end::text AS period_end, v.indicator_code, v.value_numeric, v.value_text
         FROM monitoring_return r
         JOIN reporting_period p ON p.id = r.reporting_period_id
         JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
         JOIN return_value v ON v.return_version_id = rv.id
        WHERE p.award_id = ANY($1::uuid[]) AND r.accepted_version IS NOT NULL
        ORDER BY p.award_id, p.period_end, v.indicator_code`,
      [awardIds],
    )) as { award_id: string; key: string; period_end: string; indicator_code: string; value_numeric: string | null; value_text: string | null }[];
    return rows.map((r) => ({
      awardId: r.award_id,
      periodKey: r.key,
      periodEnd: r.period_end,
      indicatorCode: r.indicator_code,
      value: r.value_numeric === null ? null : Number(r.value_numeric),
      valueText: r.value_text,
    }));
  }

  /**
   * Reported spend per award: spend to date in the accepted version of the award's latest
   * period that has one (spend is cumulative, so the latest accepted figure is the award's).
   */
  async reportedSpendByAward(awardIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (awardIds.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT DISTINCT ON (p.award_id) p.award_id, rv.spend_pence
         FROM monitoring_return r
         JOIN reporting_period p ON p.id = r.reporting_period_id
         JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
        WHERE p.award_id = ANY($1::uuid[]) AND r.accepted_version IS NOT NULL
        ORDER BY p.award_id, p.period_end DESC, p.key DESC`,
      [awardIds],
    )) as { award_id: string; spend_pence: string }[];
    return new Map(rows.map((r) => [r.award_id, Number(r.spend_pence)]));
  }

  /**
   * Reported spend per award of a financial year's streams (as reportedSpendByAward), every award
   * with an accepted return whatever its status. Only that year's awards are ranked: ranking every
   * award's returns and then keeping the year's was most of the finance report's time (issue 16).
   */
  async reportedSpendByAwardOfYear(financialYear: string): Promise<Map<string, { fundingStreamId: string; spendPence: number }>> {
    const rows = (await this.dataSource.query(LATEST_SPEND_OF_YEAR, [financialYear])) as { award_id: string; funding_stream_id: string; spend_pence: string }[];
    return new Map(rows.map((r) => [r.award_id, { fundingStreamId: r.funding_stream_id, spendPence: Number(r.spend_pence) }]));
  }

  /** Reported spend summed per stream of a financial year (each award's latest accepted figure). */
  async reportedSpendByStream(financialYear: string): Promise<Map<string, number>> {
    const rows = (await this.dataSource.query(`SELECT funding_stream_id, sum(spend_pence)::bigint AS spend FROM (${LATEST_SPEND_OF_YEAR}) latest GROUP BY funding_stream_id`, [financialYear])) as {
      funding_stream_id: string;
      spend: string;
    }[];
    return new Map(rows.map((r) => [r.funding_stream_id, Number(r.spend)]));
  }

  // ---- internals -------------------------------------------------------------------------

  /** Partners write their own; staff only commissioners, and only with the on-behalf flag. */
  private assertMayWrite(actor: Actor, onBehalf: boolean | undefined): void {
    if (actor.role === Role.Partner) {
      if (onBehalf) throw new ValidationError('onBehalf', 'is for commissioners entering a return for a partner');
      return;
    }
    if (actor.role !== Role.Commissioner || !onBehalf) {
      throw new DomainError(ReturnErrorCode.OnBehalfRequired, 'only the partner writes its return; a commissioner may do so on its behalf with onBehalf: true');
    }
  }

  private async lockReturn(tx: EntityManager, periodId: string): Promise<MonitoringReturn | null> {
    return tx.findOne(MonitoringReturn, { where: { reportingPeriodId: periodId }, lock: { mode: 'pessimistic_write' } });
  }

  private draftOf(r: MonitoringReturn): { values: ReturnValueInput[]; spendPence: number | null; narrative: string | null } {
    return { values: r.draftValues ?? [], spendPence: r.draftSpendPence, narrative: r.draftNarrative };
  }

  /** Every value names an indicator of the award's framework once, and fits it. */
  private async checkValues(tx: EntityManager, awardId: string, values: ReturnValueInput[]): Promise<void> {
    const framework = await this.outcomes.frameworkForAward(tx, awardId);
    const indicators = new Map((framework?.indicators ?? []).map((i) => [i.code, i]));
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const indicator = indicators.get(v.indicatorCode);
      if (!indicator) {
        throw new ValidationError(`values[${i}].indicatorCode`, framework ? `${v.indicatorCode} is not an indicator of ${framework.framework.name}` : 'cannot be used: the award has no outcome framework');
      }
      if (seen.has(v.indicatorCode)) throw new ValidationError(`values[${i}].indicatorCode`, `${v.indicatorCode} is given twice`);
      seen.add(v.indicatorCode);
      const problem = checkIndicatorValue(indicator, v.value);
      if (problem) throw new ValidationError(`values[${i}].value`, problem);
    });
  }

  /** Indicators with a target for this period (or the whole award) that have no value. */
  private async missingTargeted(tx: EntityManager, awardId: string, periodKey: string, values: ReturnValueInput[]): Promise<string[]> {
    const targets = await this.outcomes.targetsForAward(awardId, tx);
    const given = new Set(values.map((v) => v.indicatorCode));
    const targeted = new Set(targets.filter((t) => t.periodKey === null || t.periodKey === periodKey).map((t) => t.indicatorCode));
    return [...targeted].filter((code) => !given.has(code)).sort();
  }

  private async versionContent(tx: EntityManager, returnId: string, versionNumber: number) {
    const version = await tx.findOneByOrFail(ReturnVersion, { monitoringReturnId: returnId, versionNumber });
    const values = await tx.find(ReturnValue, { where: { returnVersionId: version.id } });
    return { values: values.map((v) => ({ indicatorCode: v.indicatorCode, value: (v.valueNumeric ?? v.valueText)! })), spendPence: version.spendPence, narrative: version.narrative };
  }

  /** Victim counts as this reader may see them (disclosure.ts): every value of the draft and each version. */
  private async shownValues(tx: EntityManager, awardId: string, disclosure: Disclosure): Promise<<V extends { indicatorCode: string; value: number | string }>(values: V[]) => V[]> {
    if (disclosure === 'actual') return (values) => values;
    const framework = await this.outcomes.frameworkForAward(tx, awardId);
    const victimCounts = new Set((framework?.indicators ?? []).filter((i) => i.isVictimCount).map((i) => i.code));
    const threshold = this.config.smallNumberThreshold;
    return (values) => values.map((v) => (typeof v.value === 'number' ? { ...v, value: showCount(v.value, victimCounts.has(v.indicatorCode), threshold, disclosure)! } : v));
  }

  private async view(
    tx: EntityManager,
    period: { id: string; awardId: string; recipientOrganisationId: string; key: string; periodStart: string; periodEnd: string; dueDate: string },
    actor: Actor,
  ): Promise<MonitoringReturnView> {
    const figures = disclosureFor(actor, period, 'view');
    const shown = await this.shownValues(tx, period.awardId, figures);
    const ret = await tx.findOneBy(MonitoringReturn, { reportingPeriodId: period.id });
    const versions = ret ? await tx.find(ReturnVersion, { where: { monitoringReturnId: ret.id }, order: { versionNumber: 'ASC' } }) : [];
    const values = versions.length
      ? await tx.getRepository(ReturnValue).createQueryBuilder('v').where('v.return_version_id = ANY(:ids)', { ids: versions.map((v) => v.id) }).orderBy('v.indicator_code').getMany()
      : [];
    const reviews = ret ? await tx.find(ReturnReview, { where: { monitoringReturnId: ret.id }, order: { reviewedAt: 'ASC' } }) : [];
    return {
      periodId: period.id,
      awardId: period.awardId,
      key: period.key,
      dueDate: period.dueDate,
      periodStatus: periodStatus(period, ret?.status, ret?.latestVersion ?? 0, this.calendar.today()),
      status: ret?.status ?? null,
      figures,
      draft: ret ? { values: ret.draftValues && shown(ret.draftValues), spendPence: ret.draftSpendPence, narrative: ret.draftNarrative, updatedAt: ret.draftUpdatedAt } : null,
      latestVersion: ret?.latestVersion ?? 0,
      acceptedVersion: ret?.acceptedVersion ?? null,
      versions: versions.map((v) => ({
        versionNumber: v.versionNumber,
        values: shown(values.filter((x) => x.returnVersionId === v.id).map((x) => ({ indicatorCode: x.indicatorCode, value: (x.valueNumeric ?? x.valueText)! }))),
        spendPence: v.spendPence,
        narrative: v.narrative,
        certifiedByUserId: v.certifiedByUserId,
        certifiedAt: v.certifiedAt,
        submittedOnBehalf: v.submittedOnBehalf,
        late: v.late,
        workingDaysLate: v.workingDaysLate,
      })),
      reviews: reviews.map((r) => ({ versionNumber: r.versionNumber, decision: r.decision, comment: r.comment, reviewedByUserId: r.reviewedByUserId, reviewedAt: r.reviewedAt })),
    };
  }
}
