import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarService, JobName, JobQueue, MailService, NotFoundError, ValidationError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { LIVE_STATUSES } from '../award-ledger/award.rules.js';
import { FundingService } from '../funding/funding.service.js';
import { Notification, ReminderPolicy } from './notification.entity.js';
import { escalationFacts } from './escalation-facts.query.js';
import { resolveEscalation, type EscalationFacts } from './escalation.rules.js';
import { insertNotifications, type NotificationInsert } from './notification-insert.js';
import { owedPeriods, partnerEmails, stepsAlreadyDecided, type OwedPeriod } from './owed-periods.query.js';
import { deliverByMail } from './reminder-delivery.js';
import { ReminderSendQueue } from './reminder-send.queue.js';
import { reminderWording } from './reminder-wording.js';
import { checkSteps, DEFAULT_REMINDER_STEPS, dueSteps, type ReminderStep, type StepDecision } from './reminder.rules.js';
import { undeliverableEscalations, type UndeliverableEscalation } from './undeliverable-escalations.query.js';

/** Periods considered per transaction by the scan. */
const SCAN_BATCH = 500;
/** A pending notification is queued again when nothing has tried it for this long. */
const REQUEUE_AFTER_MS = 60_000;

export interface ScanResult {
  asOf: string;
  periodsScanned: number;
  created: number;
  skipped: number;
  undeliverable: number;
  /** Escalated steps written this scan that no officer will receive (staff see them listed). */
  escalationsUndeliverable: number;
  enqueued: number;
}

/**
 * Reminders for monitoring returns (issue: background jobs). The scan decides which step of a
 * stream's reminder policy is due for each period still owed and writes one notification row
 * per (period, step) in the same transaction, so a step is decided once whatever crashes; a send
 * job delivers the row by SMTP and marks it sent. A sweep re-queues whatever is still pending.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
    private readonly sends: ReminderSendQueue,
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
   * Admin or commissioner asks for the scan now (it also runs hourly): queues the scan job for
   * the worker. The scan is safe to run twice at once, so asking twice does no harm.
   */
  async requestScan(): Promise<{ queued: true }> {
    await this.jobs.enqueue({ name: JobName.ReminderScan, data: {} });
    return { queued: true };
  }

  /**
   * The scan (job scheduler): walks every period still owed (no submitted or accepted return, or
   * a revision requested) of live awards in keyset pages, and writes the due steps' rows. Logs
   * progress with counts. Safe to run twice at once: the unique key makes the second a no-op.
   */
  async scan(asOf?: string): Promise<ScanResult> {
    const today = asOf ?? this.calendar.today();
    const result: ScanResult = { asOf: today, periodsScanned: 0, created: 0, skipped: 0, undeliverable: 0, escalationsUndeliverable: 0, enqueued: 0 };
    const policies = new Map<string, ReminderStep[]>();
    // Step dates by due date and offset: periods share a handful of due dates (13 at bench scale 1),
    // and each calendar call builds a set of two years' holidays (12 % of the scan's allocations).
    const stepDates = new Map<string, string>();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const toSend: string[] = [];
      const periods = await this.dataSource.transaction(async (tx) => {
        const batch = await owedPeriods(tx, after, today, SCAN_BATCH);
        if (batch.length === 0) return batch;
        const decided = await stepsAlreadyDecided(tx, batch.map((p) => p.id));
        const partners = await partnerEmails(tx, [...new Set(batch.map((p) => p.recipientOrganisationId))]);
        const due: { period: OwedPeriod; decision: StepDecision }[] = [];
        for (const period of batch) {
          const steps = await this.stepsFor(tx, policies, period.fundingStreamId);
          const dated = [];
          for (const step of steps) dated.push({ step, stepDate: await this.stepDate(stepDates, period.dueDate, step.offsetWorkingDays) });
          for (const decision of dueSteps(dated, today, decided.get(period.id) ?? new Set())) due.push({ period, decision });
        }
        // Who is copied is decided with the step, in this transaction, and recorded on the row.
        const escalations = await escalationFacts(tx, [...new Set(due.filter((d) => d.decision.step.escalate).map((d) => d.period.awardId))]);
        const rows = due.map(({ period, decision }) => notificationRow(period, decision, partners.get(period.recipientOrganisationId) ?? [], escalations.get(period.awardId), today));
        for (const n of await insertNotifications(tx, rows)) {
          result.created++;
          if (n.status === 'skipped') result.skipped++;
          if (n.status === 'undeliverable') result.undeliverable++;
          if (n.status === 'pending') toSend.push(n.id);
          if (n.escalated && n.status !== 'skipped' && (n.escalation_route === 'undeliverable' || n.status === 'undeliverable')) result.escalationsUndeliverable++;
        }
        return batch;
      });
      if (periods.length === 0) break;
      result.periodsScanned += periods.length;
      after = periods[periods.length - 1]!.id;
      // Enqueue after commit: the rows are the truth; a lost job is re-queued by the sweep.
      result.enqueued += await this.sends.enqueue(toSend);
      this.logger.log({ ...result }, 'reminder scan progress');
    }
    this.logger.log({ ...result }, 'reminder scan finished');
    if (result.escalationsUndeliverable) this.logger.warn({ escalationsUndeliverable: result.escalationsUndeliverable }, 'escalations nobody can receive: GET /api/reminders/undeliverable lists them');
    return result;
  }

  /**
   * Delivers one notification and marks it sent, under a row lock so two workers never send the
   * same row; a row already sent, or whose return has since been submitted, is left alone.
   * A refused delivery records the error and throws, so the job retries with backoff.
   */
  async send(notificationId: string): Promise<'sent' | 'already-done' | 'cancelled'> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const n = await tx.findOne(Notification, { where: { id: notificationId }, lock: { mode: 'pessimistic_write' } });
      if (!n || n.status !== 'pending') return 'already-done' as const;
      const [owed] = (await tx.query(`SELECT r.status FROM monitoring_return r WHERE r.reporting_period_id = $1`, [n.reportingPeriodId])) as { status: string }[];
      if (owed && (owed.status === 'submitted' || owed.status === 'accepted')) {
        await tx.update(Notification, { id: n.id }, { status: 'cancelled', lastError: `return ${owed.status} before the reminder went out` });
        return 'cancelled' as const;
      }
      return deliverByMail(tx, this.mail, n);
    });
    if (outcome instanceof Error) throw outcome;
    return outcome;
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
    const queued = await this.sends.enqueue(rows.map((r) => r.id));
    if (queued) this.logger.log({ queued }, 'pending reminders queued again');
    return queued;
  }

  /**
   * Staff: escalations that reached no officer (nobody could be copied, or nothing could be sent),
   * newest first, with award, period, step and reason; `total` is the count to show.
   */
  async undeliverableEscalations(query: { page: number; pageSize: number }): Promise<{ items: UndeliverableEscalation[]; total: number }> {
    return undeliverableEscalations(this.dataSource.manager, query.page, query.pageSize);
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

  private async stepDate(cache: Map<string, string>, dueDate: string, offsetWorkingDays: number): Promise<string> {
    const key = `${dueDate} ${offsetWorkingDays}`;
    let date = cache.get(key);
    if (date === undefined) cache.set(key, (date = await this.calendar.addWorkingDays(dueDate, offsetWorkingDays)));
    return date;
  }

  private async stepsFor(tx: EntityManager, cache: Map<string, ReminderStep[]>, streamId: string): Promise<ReminderStep[]> {
    let steps = cache.get(streamId);
    if (!steps) {
      steps = (await tx.findOneBy(ReminderPolicy, { fundingStreamId: streamId }))?.steps ?? [...DEFAULT_REMINDER_STEPS];
      cache.set(streamId, steps);
    }
    return steps;
  }
}

/**
 * The row for one decided step: the partner's addresses, the escalation's copy (or why nobody),
 * and the wording. A step with nobody to write to at all is recorded undeliverable, not sent.
 */
function notificationRow(period: OwedPeriod, decision: StepDecision, partnerUsers: string[], escalation: EscalationFacts | undefined, today: string): NotificationInsert {
  const recipients = [...new Set([period.contactEmail, ...partnerUsers].filter((e): e is string => Boolean(e)))];
  const copy = decision.step.escalate ? resolveEscalation(escalation ?? { awardLeadOfficer: null, streamLeadOfficer: null, commissioningOrganisation: null, commissioners: [] }) : null;
  const status = decision.status === 'skipped' ? 'skipped' : recipients.length === 0 ? 'undeliverable' : 'pending';
  const message = reminderWording(period, decision.step, today);
  return {
    reporting_period_id: period.id,
    award_id: period.awardId,
    step_key: decision.step.key,
    step_date: decision.stepDate,
    escalated: decision.step.escalate,
    recipients,
    cc: copy?.cc ?? [],
    subject: message.subject,
    body: message.text,
    status,
    last_error: status === 'undeliverable' ? 'no contact email for the organisation and no partner users' : null,
    escalation_route: copy?.route ?? null,
    escalation_error: copy?.error ?? null,
  };
}
