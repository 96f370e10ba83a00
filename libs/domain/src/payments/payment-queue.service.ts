import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError, todayInLondon } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import type { IdempotentRequest } from '../idempotency/idempotency.service.js';
import type { HoldingConditionRef } from './payment.errors.js';
import type { PaymentKind, PaymentStatus } from './payment.rules.js';
import { PaymentsService } from './payments.service.js';

/** The finance queue's tabs: what finance does next with a payment. */
export type PaymentQueueTab = 'to-approve' | 'approved' | 'paid' | 'held';
export const PAYMENT_QUEUE_TABS: readonly PaymentQueueTab[] = ['to-approve', 'approved', 'paid', 'held'];

export interface PaymentQueueQuery {
  tab: PaymentQueueTab;
  fundingStreamId?: string;
  kind?: PaymentKind;
  /** Part of the award's reference or title, or the recipient's name. */
  search?: string;
  page: number;
  pageSize: number;
}

/** One payment with what finance needs to act on it without opening the award. */
export interface PaymentQueueItem {
  id: string;
  awardId: string;
  awardReference: string;
  awardTitle: string;
  awardStatus: string;
  recipientName: string;
  fundingStreamName: string;
  kind: PaymentKind;
  amountPence: number;
  plannedDate: string;
  status: PaymentStatus;
  requiresSecondApprover: boolean;
  /** The caller created it and it needs a second approver: someone else must approve it. */
  needsAnotherApprover: boolean;
  paidDate: string | null;
  paidReference: string | null;
  /** Open or breached conditions holding the award's payments (payments only). */
  holdingConditions: HoldingConditionRef[];
  /** A payment not yet paid that cannot move now: a condition holds it or the award is not active. */
  held: boolean;
}

export interface PaymentQueuePage {
  items: PaymentQueueItem[];
  total: number;
  counts: Record<PaymentQueueTab, number>;
}

/** Why one payment of a batch was not approved: the domain error's code and details. */
export interface ApprovalRefusal {
  paymentId: string;
  awardId: string | null;
  awardReference: string | null;
  amountPence: number | null;
  code: string;
  details: Record<string, unknown>;
}

export interface BatchApproval {
  approved: { paymentId: string; awardReference: string; amountPence: number }[];
  refused: ApprovalRefusal[];
}

export interface FinanceOverview {
  toApprove: PaymentQueueItem[];
  toApproveTotal: number;
  needAnotherApproverTotal: number;
  dueThisMonth: PaymentQueueItem[];
  dueThisMonthTotal: number;
  held: PaymentQueueItem[];
  heldTotal: number;
  month: string;
}

/**
 * The awards a condition holds the payments of (award_condition_holding_idx): the same test as
 * `award_holding_conditions(award)` being non-empty, as one hashed join. Calling that function per
 * payment (a SQL function with an aggregate is not inlined) was most of the queue's and the
 * finance home's time: every scheduled or approved payment ran its own lookup (issue 16).
 */
const HOLDING_JOIN = `LEFT JOIN (SELECT DISTINCT award_id FROM award_condition WHERE holds_payments AND status IN ('open','breached')) h ON h.award_id = a.id`;

/**
 * A payment waits on its award: a payment (not a recovery) not yet paid is held while the award
 * is not active or a condition holds its payments (docs/design.md#invariant-5, the rule `approve` applies).
 * Needs HOLDING_JOIN.
 */
const HELD = `(p.kind = 'payment' AND (a.status <> 'active' OR h.award_id IS NOT NULL))`;
const TAB_WHERE: Record<PaymentQueueTab, string> = {
  // Held ones too, marked: finance may tick them in a batch and is told what holds them.
  'to-approve': `p.status = 'scheduled'`,
  approved: `p.status = 'approved' AND NOT ${HELD}`,
  paid: `p.status = 'paid'`,
  held: `p.status IN ('scheduled','approved') AND ${HELD}`,
};

interface QueueRow {
  id: string;
  award_id: string;
  reference: string;
  title: string;
  award_status: string;
  recipient_name: string;
  stream_name: string;
  kind: PaymentKind;
  amount_pence: string;
  planned_date: string;
  status: PaymentStatus;
  requires_second_approver: boolean;
  created_by_user_id: string | null;
  paid_date: string | null;
  paid_reference: string | null;
  holding: HoldingConditionRef[];
}

const SELECT = `SELECT p.id, p.award_id, a.reference, a.title, a.status AS award_status, o.name AS recipient_name, s.name AS stream_name,
       p.kind, p.amount_pence, p.planned_date::text AS planned_date, p.status, p.requires_second_approver, p.created_by_user_id,
       p.paid_date::text AS paid_date, p.paid_reference,
       CASE WHEN p.kind = 'payment' AND p.status IN ('scheduled','approved') AND h.award_id IS NOT NULL THEN award_holding_conditions(a.id) ELSE '[]'::jsonb END AS holding
  FROM payment p JOIN award a ON a.id = p.award_id JOIN organisation o ON o.id = a.recipient_organisation_id
  JOIN funding_stream s ON s.id = a.funding_stream_id ${HOLDING_JOIN}`;

/**
 * Finance's view across awards (the web's payments queue and finance home) and the batch
 * approval. Reads only; every step of a payment goes through PaymentsService, one payment per
 * transaction, so the two-person rule, holds and the award's limit apply to each on its own.
 */
@Injectable()
export class PaymentQueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsService,
  ) {}

  async queue(actor: Actor, query: PaymentQueueQuery): Promise<PaymentQueuePage> {
    const filters: string[] = [];
    const params: unknown[] = [];
    if (query.fundingStreamId) filters.push(`a.funding_stream_id = $${params.push(query.fundingStreamId)}`);
    if (query.kind) filters.push(`p.kind = $${params.push(query.kind)}`);
    if (query.search) {
      const n = params.push(`%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      filters.push(`(a.reference ILIKE $${n} OR a.title ILIKE $${n} OR o.name ILIKE $${n})`);
    }
    const base = filters.length ? ` AND ${filters.join(' AND ')}` : '';
    const order = query.tab === 'paid' ? 'p.paid_date DESC, p.id' : 'p.planned_date, a.reference, p.id';
    const [[counts], rows] = await Promise.all([
      this.dataSource.query(countsSql(base, query), params) as Promise<[Record<PaymentQueueTab, number>]>,
      this.dataSource.query(`${SELECT} WHERE ${TAB_WHERE[query.tab]}${base} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ]) as Promise<QueueRow[]>,
    ]);
    return { items: rows.map((r) => toItem(r, actor)), total: counts[query.tab], counts };
  }

  /** One payment as the queue shows it (the mark-paid page). NOT_FOUND for an unknown id. */
  async item(actor: Actor, paymentId: string): Promise<PaymentQueueItem> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE p.id = $1`, [paymentId])) as QueueRow[];
    if (!row) throw new NotFoundError('payment', paymentId);
    return toItem(row, actor);
  }

  /**
   * Approves each payment on its own (its own transaction and rules); a refusal of one does not
   * stop the others. With `idempotencyKey` (the web form's), a resubmitted batch replays the
   * approvals already made instead of refusing them as no longer scheduled.
   */
  async approveMany(actor: Actor, paymentIds: string[], idempotencyKey?: string): Promise<BatchApproval> {
    const result: BatchApproval = { approved: [], refused: [] };
    for (const paymentId of [...new Set(paymentIds)]) {
      const idempotent: IdempotentRequest | undefined = idempotencyKey
        ? { key: `${idempotencyKey}:${paymentId}`, scope: `approve ${paymentId}`, requestHash: 'batch' }
        : undefined;
      try {
        const view = await this.payments.approve(actor, paymentId, null, idempotent);
        const [award] = (await this.dataSource.query(`SELECT reference FROM award WHERE id = $1`, [view.awardId])) as { reference: string }[];
        result.approved.push({ paymentId, awardReference: award?.reference ?? '', amountPence: view.amountPence });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const [row] = (await this.dataSource.query(`SELECT p.award_id, a.reference, p.amount_pence FROM payment p JOIN award a ON a.id = p.award_id WHERE p.id = $1`, [
          paymentId,
        ])) as { award_id: string; reference: string; amount_pence: string }[];
        result.refused.push({
          paymentId,
          awardId: row?.award_id ?? null,
          awardReference: row?.reference ?? null,
          amountPence: row ? Number(row.amount_pence) : null,
          code: error.code,
          details: error.details ?? {},
        });
      }
    }
    return result;
  }

  /**
   * The finance home: what waits for approval, what falls due this month, what is held. One
   * statement counts all four figures over the payments not yet paid (payment_queue_idx); the
   * three short lists run beside it.
   */
  async overview(actor: Actor, listSize = 5): Promise<FinanceOverview> {
    const month = todayInLondon().slice(0, 7);
    const monthStart = `${month}-01`;
    const dueWhere = `p.status IN ('scheduled','approved') AND p.planned_date >= $1::date AND p.planned_date < ($1::date + interval '1 month')::date`;
    const list = (where: string, params: unknown[]) =>
      this.dataSource.query(`${SELECT} WHERE ${where} ORDER BY p.planned_date, a.reference, p.id LIMIT $${params.length + 1}`, [...params, listSize]) as Promise<QueueRow[]>;
    const [[counts], toApprove, held, due] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE ${TAB_WHERE['to-approve']})::int AS to_approve,
                count(*) FILTER (WHERE ${TAB_WHERE['to-approve']} AND NOT ${HELD} AND p.requires_second_approver AND p.created_by_user_id = $2)::int AS mine,
                count(*) FILTER (WHERE ${TAB_WHERE.held})::int AS held,
                count(*) FILTER (WHERE ${dueWhere})::int AS due
           FROM payment p JOIN award a ON a.id = p.award_id ${HOLDING_JOIN}
          WHERE p.status IN ('scheduled','approved')`,
        [monthStart, actor.userId],
      ) as Promise<[{ to_approve: number; mine: number; held: number; due: number }]>,
      list(TAB_WHERE['to-approve'], []),
      list(TAB_WHERE.held, []),
      list(dueWhere, [monthStart]),
    ]);
    return {
      toApprove: toApprove.map((r) => toItem(r, actor)),
      toApproveTotal: counts.to_approve,
      needAnotherApproverTotal: counts.mine,
      dueThisMonth: due.map((r) => toItem(r, actor)),
      dueThisMonthTotal: counts.due,
      held: held.map((r) => toItem(r, actor)),
      heldTotal: counts.held,
      month: monthStart,
    };
  }
}

/**
 * Each tab's count under the queue's filters: the tabs of payments not yet paid from one pass
 * over those (payment_queue_idx) with their awards; paid, most of the table, counted on its own
 * without the award unless a filter needs it (it was one join of every payment to its award).
 */
function countsSql(base: string, query: PaymentQueueQuery): string {
  const awardJoin = query.fundingStreamId || query.search ? ' JOIN award a ON a.id = p.award_id' : '';
  const organisationJoin = query.search ? ' JOIN organisation o ON o.id = a.recipient_organisation_id' : '';
  return `SELECT count(*) FILTER (WHERE ${TAB_WHERE['to-approve']})::int AS "to-approve",
                 count(*) FILTER (WHERE ${TAB_WHERE.approved})::int AS approved,
                 (SELECT count(*) FROM payment p${awardJoin}${organisationJoin} WHERE ${TAB_WHERE.paid}${base})::int AS paid,
                 count(*) FILTER (WHERE ${TAB_WHERE.held})::int AS held
            FROM payment p JOIN award a ON a.id = p.award_id${organisationJoin} ${HOLDING_JOIN}
           WHERE p.status IN ('scheduled','approved')${base}`;
}

function toItem(r: QueueRow, actor: Actor): PaymentQueueItem {
  return {
    id: r.id,
    awardId: r.award_id,
    awardReference: r.reference,
    awardTitle: r.title,
    awardStatus: r.award_status,
    recipientName: r.recipient_name,
    fundingStreamName: r.stream_name,
    kind: r.kind,
    amountPence: Number(r.amount_pence),
    plannedDate: r.planned_date,
    status: r.status,
    requiresSecondApprover: r.requires_second_approver,
    needsAnotherApprover: r.requires_second_approver && r.created_by_user_id !== null && r.created_by_user_id === actor.userId,
    paidDate: r.paid_date,
    paidReference: r.paid_reference,
    holdingConditions: r.holding,
    held: r.kind === 'payment' && (r.status === 'scheduled' || r.status === 'approved') && (r.award_status !== 'active' || r.holding.length > 0),
  };
}
