import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CalendarService, DomainError, NotFoundError, ValidationError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { lockAward } from '../award-ledger/award-ledger.js';
import { AwardStatus, ENDED_STATUSES } from '../award-ledger/award.rules.js';
import { DocumentsService } from '../documents/documents.service.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import { periodStatus, type ReturnStatus } from './monitoring-return.rules.js';
import { ReportingPeriod, ReportingSchedule } from './reporting-period.entity.js';
import { extraPeriodKey, planPeriods } from './reporting-period.rules.js';
import type { ExtraPeriodInput, KeptBecause, ReportingPeriodView, ReturnsRound, ReturnsStatusReport, SchedulePreviewPeriod, ScheduleView, SetScheduleInput } from './returns.types.js';

/** Default for extra periods when neither a due date nor a schedule says otherwise. */
const DEFAULT_DUE_WORKING_DAYS = 10;

/**
 * Reporting schedules and the periods they make (issue: monitoring). Due dates are N working
 * days after a period ends on the England-and-Wales calendar.
 */
@Injectable()
export class ReportingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly calendar: CalendarService,
    private readonly outcomes: OutcomesService,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * Commissioner sets (or changes) an award's schedule and makes its periods inside the award's
   * dates. A change never deletes or alters a period that already has a return (even a draft),
   * attachments, or is an extra period (periodsToKeep): those are kept as they are (listed in
   * keptPeriods when the new schedule would not make them); the others are remade. Optionally sets
   * the award's outcome framework in the same transaction.
   */
  async setSchedule(actor: Actor, awardId: string, input: SetScheduleInput): Promise<ScheduleView> {
    return this.dataSource.transaction(async (tx) => {
      const award = await lockAward(tx, awardId);
      if (ENDED_STATUSES.includes(award.status)) {
        throw new DomainError('INVALID_TRANSITION', `award ${awardId} is ${award.status}: its reporting schedule cannot change`, { status: award.status, action: 'set schedule' });
      }
      const before = await this.scheduleView(tx, awardId).catch(() => null);
      if (input.outcomeFrameworkId) await this.outcomes.setAwardFramework(tx, actor, awardId, input.outcomeFrameworkId);
      await tx.upsert(ReportingSchedule, { awardId, frequency: input.frequency, dueWorkingDays: input.dueWorkingDays }, ['awardId']);

      const existing = await tx.find(ReportingPeriod, { where: { awardId } });
      const keptWhy = await this.periodsToKeep(tx, existing);
      const kept = existing.filter((p) => keptWhy.has(p.id));
      const removable = existing.filter((p) => !keptWhy.has(p.id));
      if (removable.length) await tx.delete(ReportingPeriod, { id: In(removable.map((p) => p.id)) });

      const keptKeys = new Set(kept.map((p) => p.key));
      const planned = planPeriods(input.frequency, award.startDate, award.endDate).filter((p) => !keptKeys.has(p.key));
      for (const p of planned) {
        const dueDate = await this.calendar.addWorkingDays(p.periodEnd, input.dueWorkingDays);
        await tx.insert(ReportingPeriod, { awardId, key: p.key, kind: 'scheduled', periodStart: p.periodStart, periodEnd: p.periodEnd, dueDate });
      }
      const after = await this.scheduleView(tx, awardId);
      const plannedKeys = new Set(planPeriods(input.frequency, award.startDate, award.endDate).map((p) => p.key));
      after.keptPeriods = kept.filter((p) => p.kind === 'scheduled' && !plannedKeys.has(p.key)).map((p) => p.key);
      await this.audit.record(tx, actor, { action: 'reporting-schedule.set', entityType: 'award', entityId: awardId, before, after });
      return after;
    });
  }

  /**
   * What setSchedule would make, without saving anything: the periods inside the award's dates
   * with their due dates, and the periods it keeps, each with why (the web's preview step). The
   * kept periods are decided by the same rule as setSchedule's (periodsToKeep), so the preview says
   * what saving will do. NOT_FOUND for an award the actor may not see.
   */
  async previewSchedule(actor: Actor, awardId: string, input: Omit<SetScheduleInput, 'outcomeFrameworkId'>): Promise<{ periods: SchedulePreviewPeriod[] }> {
    const tx = this.dataSource.manager;
    await this.requireVisibleAward(tx, actor, awardId);
    const [award] = (await tx.query(`SELECT start_date::text AS start, end_date::text AS end FROM award WHERE id = $1`, [awardId])) as [{ start: string; end: string }];
    const existing = await tx.find(ReportingPeriod, { where: { awardId } });
    const keptWhy = await this.periodsToKeep(tx, existing);
    const kept = existing.filter((p) => keptWhy.has(p.id));
    const keptKeys = new Set(kept.map((p) => p.key));
    const periods: SchedulePreviewPeriod[] = kept.map((p) => ({ key: p.key, periodStart: p.periodStart, periodEnd: p.periodEnd, dueDate: p.dueDate, kept: true, keptBecause: keptWhy.get(p.id)! }));
    for (const p of planPeriods(input.frequency, award.start, award.end).filter((x) => !keptKeys.has(x.key))) {
      periods.push({ ...p, dueDate: await this.calendar.addWorkingDays(p.periodEnd, input.dueWorkingDays), kept: false, keptBecause: null });
    }
    return { periods: periods.sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.key.localeCompare(b.key)) };
  }

  /**
   * The periods a schedule change keeps, and why: one with a return (even a draft: the partner's
   * work is never thrown away), one with attachments (the partner's files stay where they were
   * filed) and every extra period (no schedule makes them). The one rule for setSchedule and its preview.
   */
  private async periodsToKeep(tx: EntityManager, existing: readonly ReportingPeriod[]): Promise<Map<string, KeptBecause>> {
    const ids = existing.map((p) => p.id);
    const returns = (await tx.query(`SELECT reporting_period_id, status FROM monitoring_return WHERE reporting_period_id = ANY($1::uuid[])`, [ids])) as { reporting_period_id: string; status: ReturnStatus }[];
    const returnStatus = new Map(returns.map((r) => [r.reporting_period_id, r.status]));
    const withFiles = await this.documents.periodsWithDocuments(tx, ids);
    const why = new Map<string, KeptBecause>();
    for (const p of existing) {
      const status = returnStatus.get(p.id);
      if (status) why.set(p.id, status === 'draft' ? 'draft' : 'return');
      else if (withFiles.has(p.id)) why.set(p.id, 'files');
      else if (p.kind === 'extra') why.set(p.id, 'extra');
    }
    return why;
  }

  /** Commissioner adds an ad-hoc period (e.g. a one-off return for a review), keyed `<fy>-X<n>`. */
  async addExtraPeriod(actor: Actor, awardId: string, input: ExtraPeriodInput): Promise<ReportingPeriodView> {
    if (input.periodEnd < input.periodStart) throw new ValidationError('periodEnd', 'must not be before periodStart');
    if (input.dueDate && input.dueDate < input.periodEnd) throw new ValidationError('dueDate', 'must not be before periodEnd');
    if (input.dueDate && input.dueWorkingDays !== undefined && input.dueWorkingDays !== null) throw new ValidationError('dueDate', 'give dueDate or dueWorkingDays, not both');
    return this.dataSource.transaction(async (tx) => {
      // A closed award may still be asked for a return (a final one); a cancelled one owes nothing.
      const award = await lockAward(tx, awardId);
      if (award.status === AwardStatus.Cancelled) throw new DomainError('INVALID_TRANSITION', `award ${awardId} is cancelled`, { status: award.status, action: 'add period' });
      const schedule = await tx.findOneBy(ReportingSchedule, { awardId });
      const keys = (await tx.find(ReportingPeriod, { where: { awardId }, select: { key: true } })).map((p) => p.key);
      const key = extraPeriodKey(input.periodStart, keys);
      const dueDate = input.dueDate ?? (await this.calendar.addWorkingDays(input.periodEnd, input.dueWorkingDays ?? schedule?.dueWorkingDays ?? DEFAULT_DUE_WORKING_DAYS));
      const period = tx.create(ReportingPeriod, { awardId, key, kind: 'extra', periodStart: input.periodStart, periodEnd: input.periodEnd, dueDate });
      await tx.save(period);
      const view = toPeriodView(period, undefined, 0, this.calendar.today());
      await this.audit.record(tx, actor, { action: 'reporting-period.add', entityType: 'reporting_period', entityId: period.id, after: view });
      return view;
    });
  }

  /** An award's periods with their status; another organisation's award is NOT_FOUND for a partner. */
  async listPeriods(actor: Actor, awardId: string): Promise<ReportingPeriodView[]> {
    await this.requireVisibleAward(this.dataSource.manager, actor, awardId);
    return this.periodViews(this.dataSource.manager, awardId);
  }

  async getSchedule(actor: Actor, awardId: string): Promise<ScheduleView> {
    await this.requireVisibleAward(this.dataSource.manager, actor, awardId);
    return this.scheduleView(this.dataSource.manager, awardId);
  }

  /** One period, scoped to the actor; for the returns service. */
  async requirePeriod(tx: EntityManager, actor: Actor, periodId: string): Promise<ReportingPeriod & { recipientOrganisationId: string }> {
    const qb = tx
      .getRepository(ReportingPeriod)
      .createQueryBuilder('p')
      .innerJoin('award', 'a', 'a.id = p.award_id')
      .addSelect('a.recipient_organisation_id', 'recipient')
      .where('p.id = :periodId', { periodId });
    const raw = await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawAndEntities();
    const period = raw.entities[0];
    if (!period) throw new NotFoundError('reporting period', periodId);
    return Object.assign(period, { recipientOrganisationId: (raw.raw[0] as { recipient: string }).recipient });
  }

  /**
   * The returns status of a financial year (periods whose key is in that year, live awards):
   * counts by status and the overdue list with working days overdue, oldest first.
   */
  async returnsStatus(financialYear: string): Promise<ReturnsStatusReport> {
    const rows = (await this.dataSource.query(
      `SELECT a.id AS award_id, a.reference, o.name AS organisation, p.id, p.key, p.period_start::text AS period_start,
              p.period_end::text AS period_end, p.due_date::text AS due_date, r.status, coalesce(r.latest_version, 0) AS latest_version
         FROM reporting_period p JOIN award a ON a.id = p.award_id JOIN organisation o ON o.id = a.recipient_organisation_id
         LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
        WHERE (p.key = $1 OR p.key LIKE $1 || '-%') AND a.status <> 'cancelled'
        ORDER BY p.due_date, a.reference, p.key`,
      [financialYear],
    )) as { award_id: string; reference: string; organisation: string; id: string; key: string; period_start: string; period_end: string; due_date: string; status: ReturnStatus | null; latest_version: number }[];
    const today = this.calendar.today();
    const counts: Record<string, number> = { upcoming: 0, open: 0, due: 0, overdue: 0, submitted: 0, revision_requested: 0, accepted: 0 };
    const overdue: ReturnsStatusReport['overdue'] = [];
    for (const r of rows) {
      const status = periodStatus({ periodStart: r.period_start, periodEnd: r.period_end, dueDate: r.due_date }, r.status ?? undefined, r.latest_version, today);
      counts[status] = (counts[status] ?? 0) + 1;
      if (status === 'overdue') {
        overdue.push({
          awardId: r.award_id,
          awardReference: r.reference,
          organisation: r.organisation,
          periodId: r.id,
          key: r.key,
          dueDate: r.due_date,
          workingDaysOverdue: await this.calendar.workingDaysBetween(r.due_date, today),
        });
      }
    }
    return { financialYear, asOf: today, totalPeriods: rows.length, counts, overdue };
  }

  /**
   * A round of returns (staff): every live award's period of one financial year and period
   * (`Q1`, `H2`, `X1`, or `annual` for a yearly period) with its status, by award reference; and
   * the years and periods there are, to choose from. Without a year, the latest year with
   * periods; without a period, the first of that year.
   */
  async round(financialYear?: string, period?: string): Promise<ReturnsRound> {
    const years = ((await this.dataSource.query(`SELECT DISTINCT split_part(key, '-', 1) AS fy FROM reporting_period ORDER BY 1 DESC`)) as { fy: string }[]).map((r) => r.fy);
    const fy = financialYear && years.includes(financialYear) ? financialYear : years[0] ?? null;
    if (!fy) return { financialYear: null, period: null, years, periods: [], rows: [] };
    const periods = ((await this.dataSource.query(`SELECT DISTINCT coalesce(nullif(split_part(key, '-', 2), ''), 'annual') AS p FROM reporting_period WHERE split_part(key, '-', 1) = $1 ORDER BY 1`, [fy])) as { p: string }[]).map((r) => r.p);
    const chosen = period && periods.includes(period) ? period : periods[0]!;
    const rows = (await this.dataSource.query(
      `SELECT p.id, a.id AS award_id, a.reference, a.title, o.name AS organisation, p.key, p.period_start::text AS period_start, p.period_end::text AS period_end,
              p.due_date::text AS due_date, r.status, coalesce(r.latest_version, 0) AS latest_version
         FROM reporting_period p JOIN award a ON a.id = p.award_id JOIN organisation o ON o.id = a.recipient_organisation_id
         LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
        WHERE p.key = $1 AND a.status <> 'cancelled' ORDER BY a.reference`,
      [chosen === 'annual' ? fy : `${fy}-${chosen}`],
    )) as { id: string; award_id: string; reference: string; title: string; organisation: string; key: string; period_start: string; period_end: string; due_date: string; status: ReturnStatus | null; latest_version: number }[];
    const today = this.calendar.today();
    return {
      financialYear: fy,
      period: chosen,
      years,
      periods,
      rows: rows.map((r) => ({
        periodId: r.id,
        awardId: r.award_id,
        awardReference: r.reference,
        awardTitle: r.title,
        organisation: r.organisation,
        key: r.key,
        dueDate: r.due_date,
        latestVersion: r.latest_version,
        status: periodStatus({ periodStart: r.period_start, periodEnd: r.period_end, dueDate: r.due_date }, r.status ?? undefined, r.latest_version, today),
      })),
    };
  }

  // ---- internals -------------------------------------------------------------------------

  private async requireVisibleAward(tx: EntityManager, actor: Actor, awardId: string): Promise<void> {
    const qb = tx.createQueryBuilder().select('a.id', 'id').from('award', 'a').where('a.id = :awardId', { awardId });
    if (!(await scopeToActor(qb, actor, 'a.recipient_organisation_id').getRawOne())) throw new NotFoundError('award', awardId);
  }

  private async scheduleView(tx: EntityManager, awardId: string): Promise<ScheduleView> {
    const schedule = await tx.findOneBy(ReportingSchedule, { awardId });
    if (!schedule) throw new NotFoundError('reporting schedule of award', awardId);
    return { awardId, frequency: schedule.frequency, dueWorkingDays: schedule.dueWorkingDays, periods: await this.periodViews(tx, awardId), keptPeriods: [] };
  }

  private async periodViews(tx: EntityManager, awardId: string): Promise<ReportingPeriodView[]> {
    const rows = (await tx.query(
      `SELECT p.id, p.award_id, p.key, p.kind, p.period_start::text AS period_start, p.period_end::text AS period_end, p.due_date::text AS due_date,
              r.status, coalesce(r.latest_version, 0) AS latest_version
         FROM reporting_period p LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
        WHERE p.award_id = $1 ORDER BY p.period_start, p.key`,
      [awardId],
    )) as { id: string; award_id: string; key: string; kind: 'scheduled' | 'extra'; period_start: string; period_end: string; due_date: string; status: ReturnStatus | null; latest_version: number }[];
    const today = this.calendar.today();
    return rows.map((r) =>
      toPeriodView({ id: r.id, awardId: r.award_id, key: r.key, kind: r.kind, periodStart: r.period_start, periodEnd: r.period_end, dueDate: r.due_date }, r.status ?? undefined, r.latest_version, today),
    );
  }
}

export function toPeriodView(
  p: Pick<ReportingPeriod, 'id' | 'awardId' | 'key' | 'kind' | 'periodStart' | 'periodEnd' | 'dueDate'>,
  returnStatus: ReturnStatus | undefined,
  latestVersion: number,
  today: string,
): ReportingPeriodView {
  return {
    id: p.id,
    awardId: p.awardId,
    key: p.key,
    kind: p.kind,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    dueDate: p.dueDate,
    status: periodStatus(p, returnStatus, latestVersion, today),
  };
}
