import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError, PgCode, ValidationError, financialYearBounds, pgCode, pgConstraint, todayInLondon, translatePgError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { lockAwardsOfStream } from '../award-ledger/award-ledger.js';
import { COMMITTED_STATUSES } from '../award-ledger/award.rules.js';
import type { FundingStream, StreamSourceView } from '../funding/index.js';
import { FundingService } from '../funding/funding.service.js';
import { IdempotencyService, type IdempotentRequest } from '../idempotency/idempotency.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { MonitoringReturnsService } from '../returns/monitoring-returns.service.js';
import { YearEndCarryForward, YearEndClose, YearEndDecision } from './year-end.entity.js';
import { CarryForwardNotAllowedError, YearClosedError, YearNotEndedError } from './year-end.errors.js';
import {
  carryForwardFunder,
  carryForwardSourceName,
  nextFinancialYear,
  planDecisions,
  yearEndFigures,
  yearHasEnded,
  type PlannedDecision,
} from './year-end.rules.js';
import type {
  CarryForwardPermissionInput,
  CarryForwardPermissionView,
  CloseYearInput,
  YearEndAwardView,
  YearEndCarryForwardView,
  YearEndCloseView,
  YearEndDecisionView,
  YearEndPreview,
  YearEndStreamStatus,
} from './year-end.types.js';

interface StreamAward {
  id: string;
  reference: string;
  title: string;
  status: string;
  amountPence: number;
  recipientOrganisationId: string;
  recipientName: string;
}

type AwardFigures = Omit<YearEndAwardView, 'decisionRequired' | 'decisionRecorded' | 'decisions'>;

/** A close that lost a deadlock (a commissioner changing an award of the stream at that instant) is retried. */
const CLOSE_ATTEMPTS = 3;

/**
 * Year-end close of a funding stream's financial year (issue 6, item 5).
 *
 * Every write to another area goes through that area inside the close's transaction: the award
 * locks through the award ledger, the funding sources (read and locked, carry-forward permission,
 * the carry-forward source and its assignment) through FundingService, recoveries through
 * PaymentsService. The close reads the stream's award rows itself, for its figures only.
 */
@Injectable()
export class YearEndService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly funding: FundingService,
    private readonly payments: PaymentsService,
    private readonly returns: MonitoringReturnsService,
  ) {}

  /**
   * Finance, commissioners and admins see, per committed award of the stream: award, net paid
   * (paid - recovered), reported spend (latest accepted return), underspend (max(0, net paid -
   * spend)), unpaid commitment (award - net paid), and the decisions recorded if the year is
   * closed. Writes nothing. NOT_FOUND for an unknown stream.
   */
  async preview(fundingStreamId: string): Promise<YearEndPreview> {
    const manager = this.dataSource.manager;
    const stream = await this.funding.requireStream(manager, fundingStreamId);
    const close = await manager.findOneBy(YearEndClose, { fundingStreamId });
    const awards = await this.awardsOf(manager, fundingStreamId, false);
    const figures = await this.figures(manager, awards, await this.returns.reportedSpendByAward(awards.map((a) => a.id)));
    const decisions = close ? await manager.find(YearEndDecision, { where: { yearEndCloseId: close.id }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    const carryForwards = close ? await manager.find(YearEndCarryForward, { where: { yearEndCloseId: close.id }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    const sources = await this.funding.streamSources(manager, fundingStreamId, false);
    const sum = (f: (a: AwardFigures) => number) => figures.reduce((s, a) => s + f(a), 0);
    return {
      fundingStreamId,
      fundingStreamName: stream.name,
      financialYear: stream.financialYear,
      yearEnded: yearHasEnded(stream.financialYear, todayInLondon()),
      closed: close !== null,
      close: close ? { ...toCloseSummary(close), carryForwards: carryForwards.map(toCarryForwardView) } : null,
      carryForward: {
        nextFinancialYear: nextFinancialYear(stream.financialYear),
        allowed: sources.length > 0 && sources.every((s) => s.carryForwardAllowed),
        sources: sources.map((s) => ({ fundingSourceId: s.id, name: s.name, funderOrganisationId: s.funderOrganisationId, assignedPence: s.assignedPence, carryForwardAllowed: s.carryForwardAllowed })),
      },
      totals: {
        awardPence: sum((a) => a.awardPence),
        netPaidPence: sum((a) => a.netPaidPence),
        reportedSpendPence: sum((a) => a.reportedSpendPence),
        underspendPence: sum((a) => a.underspendPence),
        unpaidCommitmentPence: sum((a) => a.unpaidCommitmentPence),
      },
      awards: figures.map((a) => {
        const mine = decisions.filter((d) => d.awardId === a.awardId).map(toDecisionView);
        return { ...a, decisionRequired: !close && a.underspendPence > 0, decisionRecorded: mine.length > 0, decisions: mine };
      }),
    };
  }

  /**
   * Finance closes the stream's financial year, in one transaction: recomputes every award's
   * figures under locks, checks the decisions (400 VALIDATION naming the field, or naming the
   * award with an underspend and no decision), schedules a recovery per `recover` decision
   * (through PaymentsService), records the close and one row per decision, and for
   * `carry_forward` creates the next-year funding source "Carry forward from <stream> <year>",
   * assigns it to the target stream (whose budget grows by the amount) and records the
   * carry-forward rows. Every row is audited. From the commit on, the database refuses later
   * writes to the year's money with 409 YEAR_CLOSED.
   *
   * 409 YEAR_CLOSED when already closed; 409 YEAR_NOT_ENDED before 31 March of the year has
   * passed; 409 CARRY_FORWARD_NOT_ALLOWED unless every funding source of the stream allows it;
   * 409 PAYMENT_EXCEEDS_AWARD when a recovery exceeds what is recoverable; NOT_FOUND for an
   * unknown stream. Accepts an Idempotency-Key (it creates recovery rows).
   */
  async close(actor: Actor, fundingStreamId: string, input: CloseYearInput, idempotent?: IdempotentRequest): Promise<YearEndCloseView> {
    if (!actor.userId) throw new DomainError('FORBIDDEN', 'a year is closed by a named finance user');
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, () => this.closeWithin(tx, actor, fundingStreamId, input)));
      } catch (error) {
        if (pgCode(error) !== PgCode.DeadlockDetected || attempt >= CLOSE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Finance or a commissioner records whether a funding source's funder allows an underspend of
   * it to be carried into the next financial year (default: not allowed). Audited with the note.
   */
  async setCarryForwardPermission(actor: Actor, fundingSourceId: string, input: CarryForwardPermissionInput): Promise<CarryForwardPermissionView> {
    return this.dataSource.transaction((tx) => this.funding.setCarryForwardPermissionWithin(tx, actor, fundingSourceId, input));
  }

  /**
   * Every funding stream, newest year first, with whether its year has ended and when it was
   * closed (the finance home and the web's year-end list). Writes nothing.
   */
  async streamsStatus(): Promise<YearEndStreamStatus[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.name, s.financial_year, c.closed_at FROM funding_stream s LEFT JOIN year_end_close c ON c.funding_stream_id = s.id
        ORDER BY s.financial_year DESC, s.name`,
    )) as { id: string; name: string; financial_year: string; closed_at: Date | null }[];
    const today = todayInLondon();
    return rows.map((r) => ({
      fundingStreamId: r.id,
      name: r.name,
      financialYear: r.financial_year,
      yearEnded: yearHasEnded(r.financial_year, today),
      closedAt: r.closed_at,
    }));
  }

  // ---- internals -------------------------------------------------------------------------

  private async closeWithin(tx: EntityManager, actor: Actor, fundingStreamId: string, input: CloseYearInput): Promise<YearEndCloseView> {
    // Lock order: the stream (as approvals and variations do), then every award of it, then its
    // sources. Payments, variations and assignment changes in flight finish first and are counted;
    // later ones wait and then meet the close (migrations/1764000800000-year-end.ts).
    await this.funding.lockStreamForCommitment(tx, fundingStreamId);
    const stream = await this.funding.requireStream(tx, fundingStreamId);
    const existing = await tx.findOneBy(YearEndClose, { fundingStreamId });
    if (existing) throw new YearClosedError(fundingStreamId, stream.financialYear, existing.closedAt);
    const today = todayInLondon();
    if (!yearHasEnded(stream.financialYear, today)) throw new YearNotEndedError(fundingStreamId, stream.financialYear, financialYearBounds(stream.financialYear).end);

    const awards = await this.awardsOf(tx, fundingStreamId, true);
    // Read on the close's own connection, after the award locks: the figures decided on are the
    // ones committed with the close (returns are not locked; the audit row records what was used).
    const spend = await this.reportedSpendOfStream(tx, fundingStreamId);
    const figures = await this.figures(tx, awards, spend);
    const sources = await this.funding.streamSources(tx, fundingStreamId, true);
    const plan = planDecisions(
      figures.map((f) => ({ awardId: f.awardId, reference: f.reference, underspendPence: f.underspendPence })),
      input.decisions,
    );
    if (!plan.ok) throw new DomainError('VALIDATION', plan.message, { field: plan.field, ...(plan.awardIds ? { awardIds: plan.awardIds } : {}) });

    const carried = plan.decisions.filter((d) => d.decision === 'carry_forward');
    const targets = await this.carryForwardTargets(tx, stream, carried);
    if (carried.length > 0) {
      const refusing = sources.filter((s) => !s.carryForwardAllowed);
      if (sources.length === 0 || refusing.length > 0) throw new CarryForwardNotAllowedError(fundingStreamId, refusing.map((s) => ({ id: s.id, name: s.name })));
    }

    // Recoveries first: the close row does not exist yet, so the payment lock lets them in, and
    // from then on only they may move forward (approved, paid) on the closed year.
    const recoveryByIndex = new Map<number, string>();
    for (const d of plan.decisions.filter((p) => p.decision === 'recover')) {
      const recovery = await this.payments.scheduleRecoveryWithin(tx, actor, d.awardId, {
        amountPence: d.amountPence,
        plannedDate: today,
        note: `Year-end ${stream.financialYear}: recovery of underspend`,
      });
      recoveryByIndex.set(d.index, recovery.id);
    }

    const close = tx.create(YearEndClose, { fundingStreamId, financialYear: stream.financialYear, closedByUserId: actor.userId! });
    await tx.save(close).catch((e: unknown) => {
      throw pgConstraint(e) === 'year_end_close_once' ? new YearClosedError(fundingStreamId, stream.financialYear, new Date()) : translatePgError(e);
    });

    const decisionRows = new Map<number, YearEndDecision>();
    for (const d of plan.decisions) {
      const row = tx.create(YearEndDecision, {
        yearEndCloseId: close.id,
        awardId: d.awardId,
        decision: d.decision,
        amountPence: d.amountPence,
        underspendPence: d.underspendPence,
        reason: d.reason,
        recoveryPaymentId: recoveryByIndex.get(d.index) ?? null,
        targetFundingStreamId: d.targetFundingStreamId,
      });
      await tx.save(row).catch((e: unknown) => Promise.reject(translatePgError(e)));
      decisionRows.set(d.index, row);
      await this.audit.record(tx, actor, { action: `year-end.decision.${d.decision}`, entityType: 'year_end_decision', entityId: row.id, after: toDecisionView(row) });
    }

    const carryForwards: YearEndCarryForward[] = [];
    for (const target of targets.values()) {
      const mine = carried.filter((d) => d.targetFundingStreamId === target.id);
      carryForwards.push(...(await this.carryForward(tx, actor, stream, close, sources, target, mine, decisionRows)));
    }

    const view: YearEndCloseView = { ...toCloseSummary(close), decisions: [...decisionRows.values()].map(toDecisionView), carryForwards: carryForwards.map(toCarryForwardView) };
    await this.audit.record(tx, actor, { action: 'year-end.close', entityType: 'year_end_close', entityId: close.id, after: { ...view, awards: figures } });
    return view;
  }

  /** Each carry_forward target must be a stream of the next financial year that is not itself closed. */
  private async carryForwardTargets(tx: EntityManager, stream: FundingStream, carried: PlannedDecision[]): Promise<Map<string, FundingStream>> {
    const targets = new Map<string, FundingStream>();
    if (carried.length === 0) return targets;
    const nextYear = nextFinancialYear(stream.financialYear);
    for (const d of carried) {
      const field = `decisions[${d.index}].targetFundingStreamId`;
      const target = await this.funding.requireStream(tx, d.targetFundingStreamId!).catch((e: unknown) => {
        throw e instanceof NotFoundError ? new ValidationError(field, `names no funding stream (${d.targetFundingStreamId})`) : e;
      });
      if (target.financialYear !== nextYear) {
        throw new ValidationError(field, `must be a stream of ${nextYear}, the year after ${stream.financialYear}; "${target.name}" is a ${target.financialYear} stream`);
      }
      const targetClose = await tx.findOneBy(YearEndClose, { fundingStreamId: target.id });
      if (targetClose) throw new YearClosedError(target.id, target.financialYear, targetClose.closedAt);
      targets.set(target.id, target);
    }
    return targets;
  }

  /**
   * Carries decisions into one next-year stream: a funding source "Carry forward from <stream>
   * <year>" of their total (the original funder's, restricted if any source was) assigned in full
   * to the target stream, so its budget stays the sum of its assignments and grows by the total.
   */
  private async carryForward(
    tx: EntityManager,
    actor: Actor,
    stream: FundingStream,
    close: YearEndClose,
    sources: StreamSourceView[],
    target: FundingStream,
    decisions: PlannedDecision[],
    decisionRows: Map<number, YearEndDecision>,
  ): Promise<YearEndCarryForward[]> {
    const fundingSourceId = await this.funding.carryForwardWithin(tx, actor, {
      source: {
        funderOrganisationId: carryForwardFunder(sources.map((s) => ({ funderOrganisationId: s.funderOrganisationId, amountPence: s.assignedPence }))),
        name: carryForwardSourceName(stream.name, stream.financialYear),
        financialYear: target.financialYear,
        amountPence: decisions.reduce((s, d) => s + d.amountPence, 0),
        restricted: sources.some((s) => s.restricted),
        reportingRequirements: `Underspend of ${stream.name} ${stream.financialYear} carried forward by year-end close ${close.id}, with the funders' permission`,
      },
      targetFundingStreamId: target.id,
      from: { fundingStreamId: stream.id, yearEndCloseId: close.id },
    });

    const rows: YearEndCarryForward[] = [];
    for (const d of decisions) {
      const row = tx.create(YearEndCarryForward, {
        yearEndCloseId: close.id,
        yearEndDecisionId: decisionRows.get(d.index)!.id,
        fromAwardId: d.awardId,
        fromFundingStreamId: stream.id,
        toFundingStreamId: target.id,
        fundingSourceId,
        amountPence: d.amountPence,
      });
      await tx.save(row).catch((e: unknown) => Promise.reject(translatePgError(e)));
      await this.audit.record(tx, actor, { action: 'year-end.carry-forward', entityType: 'year_end_carry_forward', entityId: row.id, after: toCarryForwardView(row) });
      rows.push(row);
    }
    return rows;
  }

  /**
   * The stream's awards. With `lock`, every award of the stream (drafts too) is locked through
   * the award ledger; only committed awards (docs/design.md#invariant-3's statuses) are returned.
   */
  private async awardsOf(tx: EntityManager, fundingStreamId: string, lock: boolean): Promise<StreamAward[]> {
    if (lock) await lockAwardsOfStream(tx, fundingStreamId);
    const rows = (await tx.query(
      `SELECT a.id, a.reference, a.title, a.status, a.amount_pence, a.recipient_organisation_id, o.name AS recipient_name
         FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id
        WHERE a.funding_stream_id = $1 AND a.status = ANY($2::text[])
        ORDER BY a.reference`,
      [fundingStreamId, COMMITTED_STATUSES],
    )) as { id: string; reference: string; title: string; status: string; amount_pence: string; recipient_organisation_id: string; recipient_name: string }[];
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      title: r.title,
      status: r.status,
      amountPence: Number(r.amount_pence),
      recipientOrganisationId: r.recipient_organisation_id,
      recipientName: r.recipient_name,
    }));
  }

  /**
   * The latest accepted spend of every award of the stream, whatever its status. An award created
   * after this read counts as having reported no spend (it would have to be approved, activated
   * and paid within the same instant to have anything paid at all).
   */
  private async reportedSpendOfStream(tx: EntityManager, fundingStreamId: string): Promise<Map<string, number>> {
    const ids = (await tx.query(`SELECT id FROM award WHERE funding_stream_id = $1`, [fundingStreamId])) as { id: string }[];
    return this.returns.reportedSpendByAward(ids.map((r) => r.id), tx);
  }

  /** Payments from the payments area (inside `tx`) with the returns area's reported spend (latest accepted). */
  private async figures(tx: EntityManager, awards: StreamAward[], spend: Map<string, number>): Promise<AwardFigures[]> {
    const money = await this.payments.totalsByAward(tx, awards.map((a) => a.id));
    return awards.map((a) => {
      const m = money.get(a.id) ?? { paidPence: 0, recoveredPence: 0, pendingPaymentsPence: 0, pendingRecoveriesPence: 0 };
      const reportedSpendPence = spend.get(a.id) ?? 0;
      return {
        awardId: a.id,
        reference: a.reference,
        title: a.title,
        recipientOrganisationId: a.recipientOrganisationId,
        recipientName: a.recipientName,
        status: a.status,
        awardPence: a.amountPence,
        paidPence: m.paidPence,
        recoveredPence: m.recoveredPence,
        reportedSpendPence,
        hasAcceptedReturn: spend.has(a.id),
        pendingPaymentsPence: m.pendingPaymentsPence,
        pendingRecoveriesPence: m.pendingRecoveriesPence,
        ...yearEndFigures({ awardPence: a.amountPence, paidPence: m.paidPence, recoveredPence: m.recoveredPence, reportedSpendPence }),
      };
    });
  }
}

function toCloseSummary(c: YearEndClose): Omit<YearEndCloseView, 'decisions' | 'carryForwards'> {
  return { id: c.id, fundingStreamId: c.fundingStreamId, financialYear: c.financialYear, closedByUserId: c.closedByUserId, closedAt: c.closedAt };
}

function toDecisionView(d: YearEndDecision): YearEndDecisionView {
  return {
    id: d.id,
    awardId: d.awardId,
    decision: d.decision,
    amountPence: d.amountPence,
    underspendPence: d.underspendPence,
    reason: d.reason,
    recoveryPaymentId: d.recoveryPaymentId,
    targetFundingStreamId: d.targetFundingStreamId,
    createdAt: d.createdAt,
  };
}

function toCarryForwardView(c: YearEndCarryForward): YearEndCarryForwardView {
  return {
    id: c.id,
    yearEndDecisionId: c.yearEndDecisionId,
    fromAwardId: c.fromAwardId,
    fromFundingStreamId: c.fromFundingStreamId,
    toFundingStreamId: c.toFundingStreamId,
    fundingSourceId: c.fundingSourceId,
    amountPence: c.amountPence,
  };
}
