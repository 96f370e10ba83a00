import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarService, JobName, JobQueue, MailService, NotFoundError, ValidationError, type OutgoingMail } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { LIVE_STATUSES } from '../award-ledger/award.rules.js';
import { FundingService } from '../funding/funding.service.js';
import { Notification, ReminderPolicy } from './notification.entity.js';
import { checkSteps, DEFAULT_REMINDER_STEPS, dueSteps, type ReminderStep } from './reminder.rules.js';

/** Periods considered per transaction by the scan. */
const SCAN_BATCH = 500;
/** Send jobs added to Redis at once by the scan. */
const ENQUEUE_CONCURRENCY = 50;
/** A pending notification is queued again when nothing has tried it for this long. */
const REQUEUE_AFTER_MS = 60_000;

interface OwedPeriod {
  id: string;
  key: string;
  period_start: string;
  period_end: string;
  due_date: string;
  award_id: string;
  reference: string;
  title: string;
  funding_stream_id: string;
  recipient_organisation_id: string;
  organisation: string;
  contact_email: string | null;
  return_status: string | null;
  revision_comment: string | null;
  officer_email: string | null;
}

interface NotificationInsert {
  reporting_period_id: string;
  award_id: string;
  step_key: string;
  step_date: string;
  escalated: boolean;
  recipients: string[];
  cc: string[];
  subject: string;
  body: string;
  status: 'pending' | 'skipped' | 'undeliverable';
  last_error: string | null;
}

export interface ScanResult {
  asOf: string;
  periodsScanned: number;
  created: number;
  skipped: number;
  undeliverable: number;
  enqueued: number;
}

// One formatter for the process: building an Intl.DateTimeFormat per date was a third of the scan's time.
const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const longDate = (iso: string) => LONG_DATE.format(new Date(`${iso}T00:00:00Z`));

/**
 * Reminders for monitoring returns (issue: background jobs). The scan decides which step of a
 * stream's reminder policy is due for each period still owed and writes one notification row
 * per (period, step) in the same transaction, so a step is decided once whatever crashes; a send
 * job delivers the row by SMTP and marks it sent. A sweep re-queues whatever is still pending.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly funding: FundingService,
  ) {}

  async policy(fundingStreamId: string): Promise<{ fundingStreamId: string; default: boolean; steps: ReminderStep[] }> {
    await this.funding.requireStream(this.dataSource.manager, fundingStreamId);
    const row = await this.dataSource.getRepository(ReminderPolicy).findOneBy({ fundingStreamId });
    return { fundingStreamId, default: !row, steps: row?.steps ?? [...DEFAULT_REMINDER_STEPS] };
  }

  /** Commissioner sets a stream's reminder steps (400 naming the field of a bad step). */
  async setPolicy(actor: Actor, fundingStreamId: string, steps: ReminderStep[]) {
    const problem = checkSteps(steps)[0];
    if (problem) throw new ValidationError(problem.field, problem.message);
    return this.dataSource.transaction(async (tx) => {
      await this.funding.requireStream(tx, fundingStreamId);
      const before = await tx.findOneBy(ReminderPolicy, { fundingStreamId });
      await tx.upsert(ReminderPolicy, { fundingStreamId, steps, updatedByUserId: actor.userId }, ['fundingStreamId']);
      await this.audit.record(tx, actor, { action: 'reminder-policy.set', entityType: 'funding_stream', entityId: fundingStreamId, before: before ? { steps: before.steps } : null, after: { steps } });
      return { fundingStreamId, default: false, steps };
    });
  }

  /**
   * The scan (job scheduler): walks every period still owed (no submitted or accepted return, or
   * a revision requested) of live awards in keyset pages, and writes the due steps' rows. Logs
   * progress with counts. Safe to run twice at once: the unique key makes the second a no-op.
   */
  async scan(asOf?: string): Promise<ScanResult> {
    const today = asOf ?? this.calendar.today();
    const result: ScanResult = { asOf: today, periodsScanned: 0, created: 0, skipped: 0, undeliverable: 0, enqueued: 0 };
    const policies = new Map<string, ReminderStep[]>();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const toSend: string[] = [];
      const periods = await this.dataSource.transaction(async (tx) => {
        const batch = (await tx.query(
          `SELECT p.id, p.key, p.period_start::text AS period_start, p.period_end::text AS period_end, p.due_date::text AS due_date,
                  a.id AS award_id, a.reference, a.title, a.funding_stream_id, a.recipient_organisation_id,
                  o.name AS organisation, o.contact_email, r.status AS return_status,
                  (SELECT rv.comment FROM return_review rv WHERE rv.monitoring_return_id = r.id ORDER BY rv.reviewed_at DESC LIMIT 1) AS revision_comment,
                  (SELECT u.email FROM app_user u WHERE u.id = a.created_by_user_id AND u.role = 'commissioner' AND NOT u.disabled) AS officer_email
             FROM reporting_period p
             JOIN award a ON a.id = p.award_id AND a.status = ANY($4::text[])
             JOIN organisation o ON o.id = a.recipient_organisation_id
             LEFT JOIN monitoring_return r ON r.reporting_period_id = p.id
            WHERE p.id > $1 AND (r.id IS NULL OR r.status IN ('draft','revision_requested'))
              AND p.due_date <= ($2::date + 120)
            ORDER BY p.id LIMIT $3`,
          [after, today, SCAN_BATCH, LIVE_STATUSES],
        )) as OwedPeriod[];
        if (batch.length === 0) return batch;
        const notified = (await tx.query(`SELECT reporting_period_id, step_key FROM notification WHERE reporting_period_id = ANY($1::uuid[])`, [batch.map((p) => p.id)])) as {
          reporting_period_id: string;
          step_key: string;
        }[];
        const partnerEmails = await this.partnerEmails(tx, [...new Set(batch.map((p) => p.recipient_organisation_id))]);
        const doneOf = new Map<string, Set<string>>();
        for (const n of notified) {
          const done = doneOf.get(n.reporting_period_id);
          if (done) done.add(n.step_key);
          else doneOf.set(n.reporting_period_id, new Set([n.step_key]));
        }
        // The page's decisions go in one INSERT: a round trip per notification made the scan
        // 200x a plain read of the same periods (test/bench/FINDINGS.md, reminders).
        const rows: NotificationInsert[] = [];
        for (const period of batch) {
          const steps = await this.stepsFor(tx, policies, period.funding_stream_id);
          const dated = [];
          for (const step of steps) dated.push({ step, stepDate: await this.calendar.addWorkingDays(period.due_date, step.offsetWorkingDays) });
          for (const decision of dueSteps(dated, today, doneOf.get(period.id) ?? new Set())) {
            const recipients = [...new Set([period.contact_email, ...(partnerEmails.get(period.recipient_organisation_id) ?? [])].filter((e): e is string => Boolean(e)))];
            const cc = decision.step.escalate && period.officer_email ? [period.officer_email] : [];
            const status = decision.status === 'skipped' ? 'skipped' : recipients.length === 0 ? 'undeliverable' : 'pending';
            const message = this.compose(period, decision.step, today);
            rows.push({
              reporting_period_id: period.id,
              award_id: period.award_id,
              step_key: decision.step.key,
              step_date: decision.stepDate,
              escalated: decision.step.escalate,
              recipients,
              cc,
              subject: message.subject,
              body: message.text,
              status,
              last_error: status === 'undeliverable' ? 'no contact email for the organisation and no partner users' : null,
            });
          }
        }
        if (rows.length) {
          const inserted = (await tx.query(
            `INSERT INTO notification (reporting_period_id, award_id, step_key, step_date, escalated, recipients, cc, subject, body, status, last_error)
             SELECT x.reporting_period_id, x.award_id, x.step_key, x.step_date, x.escalated, x.recipients, x.cc, x.subject, x.body, x.status, x.last_error
               FROM jsonb_to_recordset($1::jsonb) AS x(reporting_period_id uuid, award_id uuid, step_key text, step_date date, escalated boolean,
                    recipients text[], cc text[], subject text, body text, status text, last_error text)
             ON CONFLICT (reporting_period_id, step_key) DO NOTHING RETURNING id, status`,
            [JSON.stringify(rows)],
          )) as { id: string; status: string }[];
          for (const n of inserted) {
            result.created++;
            if (n.status === 'skipped') result.skipped++;
            if (n.status === 'undeliverable') result.undeliverable++;
            if (n.status === 'pending') toSend.push(n.id);
          }
        }
        return batch;
      });
      if (periods.length === 0) break;
      result.periodsScanned += periods.length;
      after = periods[periods.length - 1]!.id;
      // Enqueue after commit: the rows are the truth; a lost job is re-queued by the sweep.
      result.enqueued += await this.enqueueMany(toSend);
      this.logger.log({ ...result }, 'reminder scan progress');
    }
    this.logger.log({ ...result }, 'reminder scan finished');
    return result;
  }

  /**
   * Delivers one notification and marks it sent, under a row lock so two workers never send the
   * same row; a row already sent, or whose return has since been submitted, is left alone.
   * A refused delivery records the error and throws, so the job retries with backoff.
   */
  async send(notificationId: string): Promise<'sent' | 'already-done' | 'cancelled'> {
    const failure = await this.dataSource.transaction(async (tx) => {
      const n = await tx.findOne(Notification, { where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      if (!n || n.status !== 'pending') return 'already-done' as const;
      const [owed] = (await tx.query(`SELECT r.status FROM monitoring_return r WHERE r.reporting_period_id = $1`, [n.reportingPeriodId])) as { status: string }[];
      if (owed && (owed.status === 'submitted' || owed.status === 'accepted')) {
        await tx.update(Notification, { id: n.id }, { status: 'cancelled', lastError: `return ${owed.status} before the reminder went out` });
        return 'cancelled' as const;
      }
      const mail: OutgoingMail = {
        to: n.recipients,
        cc: n.cc.length ? n.cc : undefined,
        subject: n.subject,
        text: n.body,
        messageId: `<notification-${n.id}@ringfence>`,
        headers: { 'X-Ringfence-Notification': n.id },
      };
      try {
        const messageId = await this.mail.send(mail);
        await tx.update(Notification, { id: n.id }, { status: 'sent', sentAt: new Date(), messageId, attempts: n.attempts + 1, lastError: null });
        return 'sent' as const;
      } catch (error) {
        await tx.update(Notification, { id: n.id }, { attempts: n.attempts + 1, lastError: (error as Error).message.slice(0, 500) });
        return error as Error;
      }
    });
    if (failure instanceof Error) throw failure;
    return failure;
  }

  /**
   * The sweep (job scheduler, every minute): queues a send for every notification still pending
   * that nothing has tried recently: after a worker crash, a Redis restart that lost the queue,
   * or an SMTP outage that used up a job's retries.
   */
  async enqueuePending(quietForMs = REQUEUE_AFTER_MS): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM notification WHERE status = 'pending' AND (last_enqueued_at IS NULL OR last_enqueued_at < now() - ($1 || ' milliseconds')::interval)
        ORDER BY created_at LIMIT 1000`,
      [String(quietForMs)],
    )) as { id: string }[];
    let queued = 0;
    for (const r of rows) if (await this.enqueue(r.id)) queued++;
    if (queued) this.logger.log({ queued }, 'pending reminders queued again');
    return queued;
  }

  /** The chasing record of an award, newest first (staff). */
  async forAward(awardId: string): Promise<(Notification & { periodKey: string })[]> {
    const [award] = (await this.dataSource.query(`SELECT 1 FROM award WHERE id = $1`, [awardId])) as unknown[];
    if (!award) throw new NotFoundError('award', awardId);
    const rows = await this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .innerJoin('reporting_period', 'p', 'p.id = n.reporting_period_id')
      .addSelect('p.key', 'period_key')
      .where('n.award_id = :awardId', { awardId })
      .orderBy('n.created_at', 'DESC')
      .getRawAndEntities();
    return rows.entities.map((n, i) => Object.assign(n, { periodKey: (rows.raw[i] as { period_key: string }).period_key }));
  }

  // ---- internals -------------------------------------------------------------------------

  /**
   * `enqueue` for many rows: one UPDATE marks them all, then their send jobs go to Redis a few
   * at a time (ioredis pipelines concurrent commands). Returns how many were queued.
   */
  private async enqueueMany(notificationIds: string[]): Promise<number> {
    if (notificationIds.length === 0) return 0;
    const [rows] = (await this.dataSource.query(
      `UPDATE notification SET enqueued = enqueued + 1, last_enqueued_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending' RETURNING id, enqueued`,
      [notificationIds],
    )) as [{ id: string; enqueued: number }[], number];
    let queued = 0;
    for (let i = 0; i < rows.length; i += ENQUEUE_CONCURRENCY) {
      const added = await Promise.all(
        rows.slice(i, i + ENQUEUE_CONCURRENCY).map((r) =>
          this.jobs.enqueue({ name: JobName.ReminderSend, data: { notificationId: r.id, attempt: r.enqueued } }).then(
            () => true,
            (error: Error) => {
              // Redis is away: the row stays pending and the sweep queues it when Redis is back.
              this.logger.warn({ notificationId: r.id, err: error.message }, 'could not queue a reminder; the sweep will retry');
              return false;
            },
          ),
        ),
      );
      queued += added.filter(Boolean).length;
    }
    return queued;
  }

  private async enqueue(notificationId: string): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = (await this.dataSource.query(
      `UPDATE notification SET enqueued = enqueued + 1, last_enqueued_at = now() WHERE id = $1 AND status = 'pending' RETURNING enqueued`,
      [notificationId],
    )) as [{ enqueued: number }[], number];
    const updated = rows[0];
    if (!updated) return false;
    try {
      await this.jobs.enqueue({ name: JobName.ReminderSend, data: { notificationId, attempt: updated.enqueued } });
      return true;
    } catch (error) {
      // Redis is away: the row stays pending and the sweep queues it when Redis is back.
      this.logger.warn({ notificationId, err: (error as Error).message }, 'could not queue a reminder; the sweep will retry');
      return false;
    }
  }

  private async stepsFor(tx: EntityManager, cache: Map<string, ReminderStep[]>, streamId: string): Promise<ReminderStep[]> {
    let steps = cache.get(streamId);
    if (!steps) {
      steps = (await tx.findOneBy(ReminderPolicy, { fundingStreamId: streamId }))?.steps ?? [...DEFAULT_REMINDER_STEPS];
      cache.set(streamId, steps);
    }
    return steps;
  }

  private async partnerEmails(tx: EntityManager, organisationIds: string[]): Promise<Map<string, string[]>> {
    const rows = (await tx.query(`SELECT organisation_id, email FROM app_user WHERE role = 'partner' AND NOT disabled AND organisation_id = ANY($1::uuid[]) ORDER BY email`, [
      organisationIds,
    ])) as { organisation_id: string; email: string }[];
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.organisation_id, [...(map.get(r.organisation_id) ?? []), r.email]);
    return map;
  }

  /** Says which award, period, due date and what is missing. */
  private compose(p: OwedPeriod, step: ReminderStep, today: string): { subject: string; text: string } {
    const due = longDate(p.due_date);
    const when = step.offsetWorkingDays < 0 ? `is due on ${due}` : step.offsetWorkingDays === 0 ? `is due today (${due})` : `was due on ${due} and is overdue`;
    const missing =
      p.return_status === 'revision_requested'
        ? `A revision was requested${p.revision_comment ? `: "${p.revision_comment}"` : ''}. Please update the return and submit it again.`
        : p.return_status === 'draft'
          ? 'A draft has been saved but not submitted: please complete it and submit it with your certification.'
          : 'No return has been started yet.';
    return {
      subject: `${step.offsetWorkingDays > 0 ? 'Overdue' : 'Reminder'}: monitoring return ${p.key} for ${p.reference} ${step.offsetWorkingDays > 0 ? `(due ${due})` : `due ${due}`}`,
      text: [
        `Dear ${p.organisation},`,
        '',
        `Your monitoring return for ${p.title} (award ${p.reference}), period ${p.key} (${longDate(p.period_start)} to ${longDate(p.period_end)}), ${when}.`,
        '',
        missing,
        '',
        `This reminder was sent on ${longDate(today)} under the funding stream's reminder policy (step "${step.key}").`,
      ].join('\n'),
    };
  }
}
