import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, CalendarService, NotFoundError, ValidationError, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { Role } from '../access/role.js';
import { LIVE_STATUSES } from '../award-ledger/award.rules.js';
import { disclosureFor, showCount, type Disclosure } from '../outcomes/disclosure.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import { periodStatus, type PeriodStatus, type ReturnStatus } from './monitoring-return.rules.js';

export interface ObligationPeriod {
  awardId: string;
  awardReference: string;
  awardTitle: string;
  periodId: string;
  key: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string;
  status: PeriodStatus;
  /** No version submitted yet. */
  returnMissing: boolean;
  /** Working days until the due date (negative once overdue). */
  workingDaysToDue: number;
  revisionComment: string | null;
}

export interface Obligations {
  organisationId: string;
  asOf: string;
  /** `suppressed` for a viewer: small victim-count baselines are then `<5`. */
  figures: Disclosure;
  periods: ObligationPeriod[];
  conditions: { awardId: string; awardReference: string; conditionId: string; title: string; category: string; dueDate: string | null; holdsPayments: boolean }[];
  targets: { awardId: string; awardReference: string; indicatorCode: string; indicatorTitle: string; periodKey: string | null; baseline: number | string | null; target: number | string }[];
}

/** What a partner owes, in one call, so a partner never has to search (issue: monitoring, item 5). */
@Injectable()
export class ObligationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly outcomes: OutcomesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Every period not yet accepted, with its due date and whether a return is missing, every open
   * condition and every target, across the organisation's live awards (approved, active,
   * suspended). A partner gets its own organisation; staff name one.
   */
  async forOrganisation(actor: Actor, organisationId?: string): Promise<Obligations> {
    const org = actor.role === Role.Partner ? actor.organisationId : organisationId;
    if (!org) throw new ValidationError('organisationId', 'is required for staff');
    const [exists] = (await this.dataSource.query(`SELECT 1 FROM organisation WHERE id = $1`, [org])) as unknown[];
    if (!exists) throw new NotFoundError('organisation', org);
    const today = this.calendar.today();
    const figures = disclosureFor(actor, { recipientOrganisationId: org }, 'view');

    const periods = (await this.dataSource.query(
      `SELECT a.id AS award_id, a.reference, a.title, p.id, p.key, p.period_start::text AS period_start, p.period_end::text AS period_end,
              p.due_date::text AS due_date, r.status, coalesce(r.latest_version, 0) AS latest_version,
              (SELECT rv.comment FROM return_review rv WHERE rv.monitoring_return_id = r.id ORDER BY rv.reviewed_at DESC LIMIT 1) AS last_comment
         FROM reporting_period p JOIN award a ON a.id = p.award_id
         LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
        WHERE a.recipient_organisation_id = $1 AND a.status = ANY($2::text[])
          AND coalesce(r.status, 'draft') <> 'accepted'
        ORDER BY p.due_date, a.reference, p.key`,
      [org, LIVE_STATUSES],
    )) as {
      award_id: string;
      reference: string;
      title: string;
      id: string;
      key: string;
      period_start: string;
      period_end: string;
      due_date: string;
      status: ReturnStatus | null;
      latest_version: number;
      last_comment: string | null;
    }[];
    const obligations: ObligationPeriod[] = [];
    for (const p of periods) {
      const status = periodStatus({ periodStart: p.period_start, periodEnd: p.period_end, dueDate: p.due_date }, p.status ?? undefined, p.latest_version, today);
      obligations.push({
        awardId: p.award_id,
        awardReference: p.reference,
        awardTitle: p.title,
        periodId: p.id,
        key: p.key,
        periodStart: p.period_start,
        periodEnd: p.period_end,
        dueDate: p.due_date,
        status,
        returnMissing: p.latest_version === 0,
        workingDaysToDue: await this.calendar.workingDaysBetween(today, p.due_date),
        revisionComment: status === 'revision_requested' ? p.last_comment : null,
      });
    }

    const conditions = (await this.dataSource.query(
      `SELECT a.id AS award_id, a.reference, c.id, c.title, c.category, c.due_date::text AS due_date, c.holds_payments
         FROM award_condition c JOIN award a ON a.id = c.award_id
        WHERE a.recipient_organisation_id = $1 AND a.status = ANY($2::text[]) AND c.status = 'open'
        ORDER BY c.due_date NULLS LAST, a.reference, c.created_at`,
      [org, LIVE_STATUSES],
    )) as { award_id: string; reference: string; id: string; title: string; category: string; due_date: string | null; holds_payments: boolean }[];

    const awards = (await this.dataSource.query(`SELECT id, reference FROM award WHERE recipient_organisation_id = $1 AND status = ANY($2::text[]) ORDER BY reference`, [
      org,
      LIVE_STATUSES,
    ])) as { id: string; reference: string }[];
    const targets: Obligations['targets'] = [];
    for (const a of awards) {
      const framework = await this.outcomes.frameworkForAward(null, a.id);
      const titles = new Map((framework?.indicators ?? []).map((i) => [i.code, i.title]));
      const victimCounts = new Set((framework?.indicators ?? []).filter((i) => i.isVictimCount).map((i) => i.code));
      for (const t of await this.outcomes.targetsForAward(a.id)) {
        const baseline = showCount(t.baseline, victimCounts.has(t.indicatorCode), this.config.smallNumberThreshold, figures);
        targets.push({ awardId: a.id, awardReference: a.reference, indicatorCode: t.indicatorCode, indicatorTitle: titles.get(t.indicatorCode) ?? t.indicatorCode, periodKey: t.periodKey, baseline, target: t.target });
      }
    }

    return {
      organisationId: org,
      asOf: today,
      figures,
      periods: obligations,
      conditions: conditions.map((c) => ({ awardId: c.award_id, awardReference: c.reference, conditionId: c.id, title: c.title, category: c.category, dueDate: c.due_date, holdsPayments: c.holds_payments })),
      targets,
    };
  }
}
