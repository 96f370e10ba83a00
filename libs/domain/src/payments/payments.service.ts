import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, DomainError, NotFoundError, ValidationError, translatePgError, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { lockAward } from '../award-ledger/award-ledger.js';
import type { Award } from '../award-ledger/award.entity.js';
import { ACTIVATED_STATUSES, PAYABLE_STATUSES, SCHEDULABLE_STATUSES } from '../award-ledger/award.rules.js';
import { ConditionsService } from '../conditions/conditions.service.js';
import { IdempotencyService, type IdempotentRequest } from '../idempotency/idempotency.service.js';
import { AwardNotPayableError, PaymentErrorCode, PaymentExceedsAwardError, PaymentHeldError } from './payment.errors.js';
import { Payment } from './payment.entity.js';
import {
  nextPaymentStatus,
  recoverablePence,
  requiresSecondApprover,
  schedulablePence,
  signedAmount,
  type AwardMoney,
  type PaymentAction,
} from './payment.rules.js';
import type { AwardPaymentsView, CreatePaymentInput, MarkPaidInput, PaymentView } from './payment.types.js';

function toView(p: Payment): PaymentView {
  return {
    id: p.id,
    awardId: p.awardId,
    kind: p.kind,
    amountPence: p.amountPence,
    plannedDate: p.plannedDate,
    status: p.status,
    note: p.note,
    createdByUserId: p.createdByUserId,
    requiresSecondApprover: p.requiresSecondApprover,
    approvedByUserId: p.approvedByUserId,
    approvedAt: p.approvedAt,
    paidDate: p.paidDate,
    paidReference: p.paidReference,
    version: p.version,
    createdAt: p.createdAt,
  };
}

@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly conditions: ConditionsService,
  ) {}

  /**
   * Finance or a commissioner schedules an instalment or a recovery. Payments may be scheduled on
   * approved, active or suspended awards up to what is left of the award (scheduling goes on while
   * payments are held: only approval and payment wait); recoveries on active, suspended or closed
   * awards up to what was paid and not yet recovered (409 PAYMENT_EXCEEDS_AWARD with
   * remainingPence otherwise). The award row is locked, so racing schedules cannot overshoot together.
   */
  async create(actor: Actor, awardId: string, input: CreatePaymentInput, idempotent?: IdempotentRequest): Promise<PaymentView> {
    if (input.amountPence <= 0) throw new ValidationError('amountPence', 'must be more than 0');
    return this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, () => this.createWithin(tx, actor, awardId, input)));
  }

  /**
   * Schedules several instalments of one award at once (the web's schedule generator), all or
   * none, in one transaction under one Idempotency-Key: each line meets the rules of `create`.
   */
  async createMany(actor: Actor, awardId: string, inputs: CreatePaymentInput[], idempotent?: IdempotentRequest): Promise<PaymentView[]> {
    if (inputs.length === 0) throw new ValidationError('instalments', 'must list at least one instalment');
    for (const input of inputs) if (input.amountPence <= 0) throw new ValidationError('amountPence', 'must be more than 0');
    return this.dataSource.transaction((tx) =>
      this.idempotency.within(tx, actor, idempotent, async () => {
        const created: PaymentView[] = [];
        for (const input of inputs) created.push(await this.createWithin(tx, actor, awardId, input));
        return created;
      }),
    );
  }

  private async createWithin(tx: EntityManager, actor: Actor, awardId: string, input: CreatePaymentInput): Promise<PaymentView> {
    const award = await lockAward(tx, awardId);
    const money = await this.money(tx, awardId, award.amountPence);
    if (input.kind === 'payment') {
      if (!SCHEDULABLE_STATUSES.includes(award.status)) {
        throw new AwardNotPayableError(awardId, award.status, 'payments can be scheduled on approved, active or suspended awards');
      }
      const available = schedulablePence(money);
      if (input.amountPence > available) throw new PaymentExceedsAwardError(awardId, input.amountPence, available, 'payment');
    } else {
      if (!ACTIVATED_STATUSES.includes(award.status)) throw new AwardNotPayableError(awardId, award.status, 'nothing has been paid to recover');
      const available = recoverablePence(money);
      if (input.amountPence > available) throw new PaymentExceedsAwardError(awardId, input.amountPence, available, 'recovery');
    }
    return this.insertScheduled(tx, actor, awardId, input);
  }

  /** The schedule of an award with its totals; a partner reads only its own awards' payments. */
  async listForAward(actor: Actor, awardId: string): Promise<AwardPaymentsView> {
    const award = await scopeToActor(
      this.dataSource.createQueryBuilder().select(['a.id AS id', 'a.amount_pence AS amount_pence']).from('award', 'a').where('a.id = :awardId', { awardId }),
      actor,
      'a.recipient_organisation_id',
    ).getRawOne<{ id: string; amount_pence: string }>();
    if (!award) throw new NotFoundError('award', awardId);
    const payments = await this.dataSource.getRepository(Payment).find({ where: { awardId }, order: { plannedDate: 'ASC', createdAt: 'ASC' } });
    const sum = (f: (p: Payment) => boolean) => payments.filter(f).reduce((s, p) => s + p.amountPence, 0);
    const approvedPence = sum((p) => p.kind === 'payment' && p.status === 'approved');
    const paidPence = sum((p) => p.kind === 'payment' && p.status === 'paid');
    const recoveredPence = -sum((p) => p.kind === 'recovery' && p.status === 'paid');
    return {
      awardId,
      awardPence: Number(award.amount_pence),
      scheduledPence: sum((p) => p.kind === 'payment' && p.status === 'scheduled'),
      approvedPence,
      paidPence,
      recoveredPence,
      outstandingPence: approvedPence + paidPence - recoveredPence,
      items: payments.map(toView),
    };
  }

  /**
   * Finance approves a scheduled payment or recovery. 409 PAYMENT_HELD naming the open or
   * breached conditions that hold payments, with their status; 409 SECOND_APPROVER_REQUIRED when
   * the amount is above the configured threshold and the approver created it; 409
   * AWARD_NOT_PAYABLE with the status unless the award is active (a recovery: active, suspended
   * or closed). The database triggers hold the same rules (docs/design.md#invariant-4 and docs/design.md#invariant-5).
   */
  async approve(actor: Actor, paymentId: string, note?: string | null, idempotent?: IdempotentRequest): Promise<PaymentView> {
    return this.step(actor, paymentId, 'approve', note, idempotent, async (tx, payment, award) => {
      if (payment.requiresSecondApprover && payment.createdByUserId === actor.userId) {
        throw new DomainError(PaymentErrorCode.SecondApproverRequired, `payments above ${this.config.paymentSecondApproverAbovePence} pence need an approver other than their creator`, {
          thresholdPence: this.config.paymentSecondApproverAbovePence,
        });
      }
      await this.assertMayMove(tx, payment, award);
      payment.approvedByUserId = actor.userId;
      payment.approvedAt = new Date();
    });
  }

  /**
   * Finance records that the money moved: date and the bank or ledger reference. The same 409s as
   * `approve`. With an Idempotency-Key (the web's form), a second submit replays the first answer.
   */
  async markPaid(actor: Actor, paymentId: string, input: MarkPaidInput, idempotent?: IdempotentRequest): Promise<PaymentView> {
    return this.step(actor, paymentId, 'mark-paid', undefined, idempotent, async (tx, payment, award) => {
      await this.assertMayMove(tx, payment, award);
      payment.paidDate = input.paidDate;
      payment.paidReference = input.reference;
      payment.paidByUserId = actor.userId;
    });
  }

  /** Finance cancels a scheduled or approved (not yet paid) line. */
  async cancel(actor: Actor, paymentId: string, note?: string | null): Promise<PaymentView> {
    return this.step(actor, paymentId, 'cancel', note, undefined, async () => undefined);
  }

  /**
   * For the reports area: payment and recovery totals per award of a financial year's streams,
   * every award that has a line, whatever its status (a stream's totals are their sums), with its stream.
   */
  async totalsByAwardOfYear(financialYear: string): Promise<Map<string, { fundingStreamId: string; paidPence: number; recoveredPence: number; approvedPence: number }>> {
    const rows = (await this.dataSource.query(
      `SELECT p.award_id, a.funding_stream_id,
              coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0)::bigint AS paid,
              coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0)::bigint AS recovered,
              coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'approved'), 0)::bigint AS approved
         FROM payment p JOIN award a ON a.id = p.award_id JOIN funding_stream s ON s.id = a.funding_stream_id
        WHERE s.financial_year = $1 GROUP BY p.award_id, a.funding_stream_id`,
      [financialYear],
    )) as { award_id: string; funding_stream_id: string; paid: string; recovered: string; approved: string }[];
    return new Map(rows.map((r) => [r.award_id, { fundingStreamId: r.funding_stream_id, paidPence: Number(r.paid), recoveredPence: Number(r.recovered), approvedPence: Number(r.approved) }]));
  }

  /** For the reports area: payment and recovery totals per stream of a financial year. */
  async totalsByStream(financialYear: string): Promise<Map<string, { paidPence: number; recoveredPence: number; approvedPence: number }>> {
    const rows = (await this.dataSource.query(
      `SELECT a.funding_stream_id AS stream,
              coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0)::bigint AS paid,
              coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0)::bigint AS recovered,
              coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'approved'), 0)::bigint AS approved
         FROM payment p JOIN award a ON a.id = p.award_id JOIN funding_stream s ON s.id = a.funding_stream_id
        WHERE s.financial_year = $1 GROUP BY a.funding_stream_id`,
      [financialYear],
    )) as { stream: string; paid: string; recovered: string; approved: string }[];
    return new Map(rows.map((r) => [r.stream, { paidPence: Number(r.paid), recoveredPence: Number(r.recovered), approvedPence: Number(r.approved) }]));
  }

  /**
   * For the year-end area, INSIDE its transaction `tx`: schedules a recovery (clawback) of
   * `amountPence` (positive; stored as a negative line) under the award row lock, audited as
   * `recovery.create`. The same rules as `create` for a recovery: 409 AWARD_NOT_PAYABLE unless
   * the award is active, suspended or closed; 409 PAYMENT_EXCEEDS_AWARD above what was paid and
   * not yet recovered or being recovered.
   */
  async scheduleRecoveryWithin(tx: EntityManager, actor: Actor, awardId: string, input: Omit<CreatePaymentInput, 'kind'>): Promise<PaymentView> {
    if (input.amountPence <= 0) throw new ValidationError('amountPence', 'must be more than 0');
    const award = await lockAward(tx, awardId);
    if (!ACTIVATED_STATUSES.includes(award.status)) throw new AwardNotPayableError(awardId, award.status, 'nothing has been paid to recover');
    const available = recoverablePence(await this.money(tx, awardId, award.amountPence));
    if (input.amountPence > available) throw new PaymentExceedsAwardError(awardId, input.amountPence, available, 'recovery');
    return this.insertScheduled(tx, actor, awardId, { ...input, kind: 'recovery' });
  }

  /** Writes a scheduled payment or recovery (stored negative) and its audit row, in the caller's transaction. */
  private async insertScheduled(tx: EntityManager, actor: Actor, awardId: string, input: CreatePaymentInput): Promise<PaymentView> {
    const payment = tx.create(Payment, {
      awardId,
      kind: input.kind,
      amountPence: signedAmount(input.kind, input.amountPence),
      plannedDate: input.plannedDate,
      status: 'scheduled',
      note: input.note ?? null,
      createdByUserId: actor.userId,
      requiresSecondApprover: requiresSecondApprover(input.amountPence, this.config.paymentSecondApproverAbovePence),
    });
    await tx.save(payment).catch((e) => Promise.reject(translatePgError(e)));
    const view = toView(payment);
    await this.audit.record(tx, actor, { action: `${input.kind}.create`, entityType: 'payment', entityId: payment.id, after: view });
    return view;
  }

  /** For the year-end area, inside `tx`: per award, paid and recovered (positive pence) and lines not yet paid. */
  async totalsByAward(
    tx: EntityManager,
    awardIds: string[],
  ): Promise<Map<string, { paidPence: number; recoveredPence: number; pendingPaymentsPence: number; pendingRecoveriesPence: number }>> {
    if (awardIds.length === 0) return new Map();
    const rows = (await tx.query(
      `SELECT award_id,
              coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status = 'paid'), 0)::bigint AS paid,
              coalesce(-sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status = 'paid'), 0)::bigint AS recovered,
              coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status IN ('scheduled','approved')), 0)::bigint AS pending_payments,
              coalesce(-sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status IN ('scheduled','approved')), 0)::bigint AS pending_recoveries
         FROM payment WHERE award_id = ANY($1::uuid[]) GROUP BY award_id`,
      [awardIds],
    )) as { award_id: string; paid: string; recovered: string; pending_payments: string; pending_recoveries: string }[];
    return new Map(
      rows.map((r) => [
        r.award_id,
        { paidPence: Number(r.paid), recoveredPence: Number(r.recovered), pendingPaymentsPence: Number(r.pending_payments), pendingRecoveriesPence: Number(r.pending_recoveries) },
      ]),
    );
  }

  // ---- internals -------------------------------------------------------------------------

  private async step(
    actor: Actor,
    paymentId: string,
    action: PaymentAction,
    note: string | null | undefined,
    idempotent: IdempotentRequest | undefined,
    apply: (tx: EntityManager, payment: Payment, award: Award) => Promise<void>,
  ): Promise<PaymentView> {
    return this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, async () => {
      const found = await tx.findOne(Payment, { where: { id: paymentId }, select: { id: true, awardId: true } });
      if (!found) throw new NotFoundError('payment', paymentId);
      // Award first, then payment (docs/award-ledger.md): a breach or suspension of the award is
      // either committed before this step reads it or waits until this step has committed.
      const award = await lockAward(tx, found.awardId);
      const payment = await tx.findOne(Payment, { where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
      if (!payment) throw new NotFoundError('payment', paymentId);
      const to = nextPaymentStatus(payment.status, action);
      if (!to) {
        throw new DomainError(PaymentErrorCode.InvalidTransition, `payment ${paymentId} is ${payment.status}; it cannot ${action}`, { status: payment.status, action });
      }
      const before = toView(payment);
      await apply(tx, payment, award);
      payment.status = to;
      await tx.save(payment).catch((e) => Promise.reject(translatePgError(e)));
      const after = toView(payment);
      await this.audit.record(tx, actor, { action: `${payment.kind}.${action}`, entityType: 'payment', entityId: paymentId, before, after: note ? { ...after, note } : after });
      return after;
    }));
  }

  /**
   * docs/design.md#invariant-5, checked under the award lock `step` holds: a payment moves (approved,
   * paid) only on a payable award with no open or breached condition holding payments; a
   * recovery, a clawback, on any award the agreement was signed for, whatever its conditions.
   */
  private async assertMayMove(tx: EntityManager, payment: Payment, award: Award): Promise<void> {
    if (payment.kind === 'recovery') {
      if (!ACTIVATED_STATUSES.includes(award.status)) throw new AwardNotPayableError(award.id, award.status, 'nothing has been paid to recover');
      return;
    }
    const holding = await this.conditions.holdingConditions(tx, award.id);
    if (holding.length > 0) throw new PaymentHeldError(award.id, holding);
    if (!PAYABLE_STATUSES.includes(award.status)) throw new AwardNotPayableError(award.id, award.status, 'payments are approved and paid only while it is active');
  }

  private async money(tx: EntityManager, awardId: string, awardPence: number): Promise<AwardMoney> {
    const [m] = (await tx.query(
      `SELECT coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status IN ('approved','paid')), 0)::bigint AS committed,
              coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status = 'scheduled'), 0)::bigint AS scheduled,
              coalesce(-sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status = 'paid'), 0)::bigint AS recovered,
              coalesce(-sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status IN ('scheduled','approved')), 0)::bigint AS pending_recoveries,
              coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status = 'paid'), 0)::bigint AS paid
         FROM payment WHERE award_id = $1`,
      [awardId],
    )) as { committed: string; scheduled: string; recovered: string; pending_recoveries: string; paid: string }[];
    return {
      awardPence,
      committedPaymentsPence: Number(m!.committed),
      scheduledPaymentsPence: Number(m!.scheduled),
      recoveredPence: Number(m!.recovered),
      pendingRecoveriesPence: Number(m!.pending_recoveries),
      paidPence: Number(m!.paid),
    };
  }
}
