import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CalendarService } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { undeliverableEscalations, type UndeliverableEscalation } from '../reminders/undeliverable-escalations.query.js';

/** How far ahead "awards ending soon" and "conditions due" look, in calendar days. */
export const ENDING_SOON_DAYS = 60;
export const CONDITIONS_DUE_DAYS = 30;
/** Each list shows at most this many items (oldest or most urgent first) and says how many in all. */
export const MY_WORK_LIST_SIZE = 25;

export interface WorkList<T> {
  items: T[];
  total: number;
}

export interface OfficerWork {
  asOf: string;
  /** Submitted returns waiting for a decision, oldest submission first. */
  toReview: WorkList<{ periodId: string; awardId: string; awardReference: string; awardTitle: string; organisation: string; periodKey: string; version: number; submittedAt: Date }>;
  /** Periods past their due date without a submitted return, with the chasing so far. */
  overdue: WorkList<{ periodId: string; awardId: string; awardReference: string; awardTitle: string; organisation: string; periodKey: string; dueDate: string; workingDaysOverdue: number; remindersSent: number; lastReminderAt: Date | null }>;
  /** Open conditions due within CONDITIONS_DUE_DAYS (or past due), and breached ones. */
  conditions: WorkList<{ conditionId: string; awardId: string; awardReference: string; title: string; status: string; dueDate: string | null; holdsPayments: boolean }>;
  /** Draft awards waiting for approval, oldest first. */
  drafts: WorkList<{ awardId: string; reference: string; title: string; organisation: string; amountPence: number; createdAt: Date }>;
  /** Active or approved awards that end within ENDING_SOON_DAYS. */
  endingSoon: WorkList<{ awardId: string; reference: string; title: string; organisation: string; endDate: string }>;
  /** Escalations of overdue returns that reached no officer (the same list as GET /api/reminders/undeliverable). */
  undeliverable: WorkList<UndeliverableEscalation>;
}

type Row = Record<string, unknown>;

/**
 * The commissioning officer's "My work": everything waiting on staff across awards, returns,
 * conditions and reminders, in one read (the web's officer home). Read-only; staff see every
 * award, so nothing here is scoped to an organisation (partners never reach it: the page is
 * staff-only and the service refuses a partner actor).
 */
@Injectable()
export class OfficerWorkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
  ) {}

  async myWork(actor: Actor, asOf: string = this.calendar.today()): Promise<OfficerWork> {
    if (actor.organisationId) throw new Error('My work is for staff');
    const q = (sql: string, params: unknown[]) => this.dataSource.query(sql, params) as Promise<Row[]>;
    const limit = MY_WORK_LIST_SIZE;
    const live = `a.status NOT IN ('cancelled', 'closed', 'draft')`;

    const reviewSql = `FROM monitoring_return r JOIN reporting_period p ON p.id = r.reporting_period_id JOIN award a ON a.id = p.award_id
      JOIN organisation o ON o.id = a.recipient_organisation_id
      JOIN return_version v ON v.monitoring_return_id = r.id AND v.version_number = r.latest_version WHERE r.status = 'submitted'`;
    const overdueSql = `FROM reporting_period p JOIN award a ON a.id = p.award_id JOIN organisation o ON o.id = a.recipient_organisation_id
      LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
      WHERE ${live} AND p.due_date < $1::date AND (r.id IS NULL OR r.status = 'draft' OR r.latest_version = 0)`;
    const conditionSql = `FROM award_condition c JOIN award a ON a.id = c.award_id
      WHERE a.status NOT IN ('cancelled', 'closed') AND (c.status = 'breached' OR (c.status = 'open' AND c.due_date <= $1::date + ${CONDITIONS_DUE_DAYS}))`;
    const draftSql = `FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE a.status = 'draft'`;
    const endingSql = `FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id
      WHERE a.status IN ('approved', 'active') AND a.end_date >= $1::date AND a.end_date <= $1::date + ${ENDING_SOON_DAYS}`;
    const total = async (from: string, params: unknown[]) => Number((await q(`SELECT count(*)::int AS n ${from}`, params))[0]!['n']);

    const toReview = await q(
      `SELECT p.id AS "periodId", a.id AS "awardId", a.reference AS "awardReference", a.title AS "awardTitle", o.name AS organisation, p.key AS "periodKey",
              r.latest_version AS version, v.certified_at AS "submittedAt" ${reviewSql} ORDER BY v.certified_at, p.key LIMIT ${limit}`,
      [],
    );
    const overdue = await q(
      `SELECT p.id AS "periodId", a.id AS "awardId", a.reference AS "awardReference", a.title AS "awardTitle", o.name AS organisation, p.key AS "periodKey",
              p.due_date::text AS "dueDate",
              (SELECT count(*)::int FROM notification n WHERE n.reporting_period_id = p.id AND n.status = 'sent') AS "remindersSent",
              (SELECT max(n.sent_at) FROM notification n WHERE n.reporting_period_id = p.id AND n.status = 'sent') AS "lastReminderAt"
         ${overdueSql} ORDER BY p.due_date, a.reference, p.key LIMIT ${limit}`,
      [asOf],
    );
    for (const o of overdue) o['workingDaysOverdue'] = await this.calendar.workingDaysBetween(String(o['dueDate']), asOf);
    const conditions = await q(
      `SELECT c.id AS "conditionId", a.id AS "awardId", a.reference AS "awardReference", c.title, c.status, c.due_date::text AS "dueDate", c.holds_payments AS "holdsPayments"
         ${conditionSql} ORDER BY (c.status = 'breached') DESC, c.due_date NULLS LAST, a.reference LIMIT ${limit}`,
      [asOf],
    );
    const drafts = await q(
      `SELECT a.id AS "awardId", a.reference, a.title, o.name AS organisation, a.amount_pence::bigint AS "amountPence", a.created_at AS "createdAt"
         ${draftSql} ORDER BY a.created_at, a.reference LIMIT ${limit}`,
      [],
    );
    for (const d of drafts) d['amountPence'] = Number(d['amountPence']);
    const endingSoon = await q(
      `SELECT a.id AS "awardId", a.reference, a.title, o.name AS organisation, a.end_date::text AS "endDate" ${endingSql} ORDER BY a.end_date, a.reference LIMIT ${limit}`,
      [asOf],
    );
    return {
      asOf,
      toReview: { items: toReview as never, total: await total(reviewSql, []) },
      overdue: { items: overdue as never, total: await total(overdueSql, [asOf]) },
      conditions: { items: conditions as never, total: await total(conditionSql, [asOf]) },
      drafts: { items: drafts as never, total: await total(draftSql, []) },
      endingSoon: { items: endingSoon as never, total: await total(endingSql, [asOf]) },
      undeliverable: await undeliverableEscalations(this.dataSource.manager, 1, limit),
    };
  }

  /** Every plan objective with its measures and the awards that serve it (reference order). */
  async objectivesWithAwards(): Promise<{ id: string; code: string; title: string; planName: string; measures: { id: string; title: string }[]; awards: { id: string; reference: string; title: string; organisation: string; financialYear: string; status: string }[] }[]> {
    const objectives = (await this.dataSource.query(`SELECT id, code, title, plan_name AS "planName" FROM plan_objective ORDER BY plan_name, code`)) as { id: string; code: string; title: string; planName: string }[];
    const measures = (await this.dataSource.query(`SELECT id, plan_objective_id AS "objectiveId", title FROM plan_objective_measure ORDER BY position`)) as { id: string; objectiveId: string; title: string }[];
    const awards = (await this.dataSource.query(
      `SELECT ao.plan_objective_id AS "objectiveId", a.id, a.reference, a.title, o.name AS organisation, fs.financial_year AS "financialYear", a.status
         FROM award_objective ao JOIN award a ON a.id = ao.award_id JOIN organisation o ON o.id = a.recipient_organisation_id
         JOIN funding_stream fs ON fs.id = a.funding_stream_id ORDER BY a.reference`,
    )) as { objectiveId: string; id: string; reference: string; title: string; organisation: string; financialYear: string; status: string }[];
    return objectives.map((o) => ({
      ...o,
      measures: measures.filter((m) => m.objectiveId === o.id).map(({ id, title }) => ({ id, title })),
      awards: awards.filter((a) => a.objectiveId === o.id).map(({ objectiveId: _, ...a }) => a),
    }));
  }
}
