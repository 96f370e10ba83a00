import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { NotFoundError, ValidationError, financialYearOf, translatePgError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { IdempotencyService, type IdempotentRequest } from '../idempotency/idempotency.service.js';
import { StaleVersionError } from '../common-errors.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersService } from '../users/users.service.js';
import { BudgetExceededError, SourceOvercommittedError } from './funding.errors.js';
import { FundingSource } from './funding-source.entity.js';
import { FundingStream } from './funding-stream.entity.js';
import { FundingStreamSource } from './funding-stream-source.entity.js';
import { remainingAfter } from './funding.rules.js';
import { streamTotalsOfYear, type StreamTotalsOfYear } from './stream-totals-of-year.sql.js';
import type {
  CarryForwardInput,
  CarryForwardPermissionInput,
  CarryForwardPermissionView,
  CreateFundingSourceInput,
  CreateFundingStreamInput,
  FundingSourceQuery,
  FundingSourceView,
  FundingStreamChoice,
  FundingStreamQuery,
  FundingStreamView,
  SourceAssignmentInput,
  StreamBudget,
  StreamSourceView,
  UpdateFundingStreamInput,
} from './funding.types.js';

interface TotalsRow {
  funding_stream_id: string;
  budget_pence: string;
  committed_pence: string;
  draft_pence: string;
  paid_pence: string;
}

/**
 * The stream row under its lock, with the committed total the award trigger keeps
 * (migrations/1764004500000-stream-committed-total.ts): constant time however many awards.
 */
const LOCK_STREAM_SQL = `SELECT budget_pence, committed_pence, financial_year FROM funding_stream WHERE id = $1 FOR UPDATE`;

/** Totals come from the funding_stream_totals view (migrations/), one query for any number of streams. */
const TOTALS_SQL = `SELECT funding_stream_id, budget_pence, committed_pence, draft_pence, paid_pence
                      FROM funding_stream_totals WHERE funding_stream_id = ANY($1::uuid[])`;

@Injectable()
export class FundingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    private readonly idempotency: IdempotencyService,
    private readonly users: UsersService,
  ) {}

  // ---- funding sources -------------------------------------------------------------------

  /** Commissioner or finance records money received. NOT_FOUND for an unknown funder. */
  async createSource(actor: Actor, input: CreateFundingSourceInput, idempotent?: IdempotentRequest): Promise<FundingSourceView> {
    return this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, async () => {
      await this.organisations.requireExists(tx, input.funderOrganisationId);
      const source = tx.create(FundingSource, { ...input, reportingRequirements: input.reportingRequirements ?? null });
      await tx.save(source);
      await this.audit.record(tx, actor, { action: 'funding-source.create', entityType: 'funding_source', entityId: source.id, after: source });
      return (await this.sourceViews(tx, [source]))[0]!;
    }));
  }

  async listSources(query: FundingSourceQuery): Promise<{ items: FundingSourceView[]; total: number }> {
    const qb = this.dataSource.getRepository(FundingSource).createQueryBuilder('s');
    if (query.financialYear) qb.andWhere('s.financial_year = :fy', { fy: query.financialYear });
    if (query.funderOrganisationId) qb.andWhere('s.funder_organisation_id = :funder', { funder: query.funderOrganisationId });
    qb.orderBy('s.financial_year', 'DESC').addOrderBy('s.name').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [sources, total] = await qb.getManyAndCount();
    return { items: await this.sourceViews(this.dataSource.manager, sources), total };
  }

  async getSource(id: string): Promise<FundingSourceView> {
    const source = await this.dataSource.getRepository(FundingSource).findOneBy({ id });
    if (!source) throw new NotFoundError('funding source', id);
    return (await this.sourceViews(this.dataSource.manager, [source]))[0]!;
  }

  // ---- funding streams -------------------------------------------------------------------

  /**
   * Commissioner creates a stream funded by assignments from sources. 409 SOURCE_OVERCOMMITTED
   * when a source would be assigned beyond its amount (also refused by the database trigger).
   */
  async createStream(actor: Actor, input: CreateFundingStreamInput, idempotent?: IdempotentRequest): Promise<FundingStreamView> {
    return this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, async () => {
      if (input.commissionerOrganisationId) await this.organisations.requireExists(tx, input.commissionerOrganisationId);
      if (input.leadOfficerUserId) await this.users.requireActiveCommissioner(tx, input.leadOfficerUserId, 'leadOfficerUserId');
      const stream = tx.create(FundingStream, {
        name: input.name,
        financialYear: input.financialYear,
        purpose: input.purpose,
        commissionerOrganisationId: input.commissionerOrganisationId ?? null,
        leadOfficerUserId: input.leadOfficerUserId ?? null,
      });
      await tx.save(stream);
      await this.assign(tx, stream.id, input.sources);
      const view = await this.streamView(tx, stream.id);
      await this.audit.record(tx, actor, { action: 'funding-stream.create', entityType: 'funding_stream', entityId: stream.id, after: view });
      return view;
    }));
  }

  /** Commissioner renames or re-funds a stream; a stale `version` is 409 STALE_VERSION. */
  async updateStream(actor: Actor, id: string, patch: UpdateFundingStreamInput): Promise<FundingStreamView> {
    return this.dataSource.transaction(async (tx) => {
      const stream = await tx.findOne(FundingStream, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!stream) throw new NotFoundError('funding stream', id);
      if (patch.version !== undefined && patch.version !== stream.version) throw new StaleVersionError('funding stream', id, patch.version, stream.version);
      const before = await this.streamView(tx, id);
      if (patch.name !== undefined) stream.name = patch.name;
      if (patch.purpose !== undefined) stream.purpose = patch.purpose;
      if (patch.commissionerOrganisationId !== undefined) {
        if (patch.commissionerOrganisationId) await this.organisations.requireExists(tx, patch.commissionerOrganisationId);
        stream.commissionerOrganisationId = patch.commissionerOrganisationId;
      }
      if (patch.leadOfficerUserId !== undefined) {
        if (patch.leadOfficerUserId) await this.users.requireActiveCommissioner(tx, patch.leadOfficerUserId, 'leadOfficerUserId');
        stream.leadOfficerUserId = patch.leadOfficerUserId;
      }
      await tx.save(stream);
      if (patch.sources) await this.reassign(tx, id, patch.sources);
      const after = await this.streamView(tx, id);
      await this.audit.record(tx, actor, { action: 'funding-stream.update', entityType: 'funding_stream', entityId: id, before, after });
      return after;
    });
  }

  async listStreams(query: FundingStreamQuery): Promise<{ items: FundingStreamView[]; total: number }> {
    const qb = this.dataSource.getRepository(FundingStream).createQueryBuilder('s');
    if (query.financialYear) qb.andWhere('s.financial_year = :fy', { fy: query.financialYear });
    if (query.purpose) qb.andWhere('s.purpose = :purpose', { purpose: query.purpose });
    qb.orderBy('s.financial_year', 'DESC').addOrderBy('s.name').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [streams, total] = await qb.getManyAndCount();
    return { items: await this.streamViews(this.dataSource.manager, streams), total };
  }

  /** A year's streams with their budget, committed, draft and remaining figures (stream-totals-of-year.sql.ts). */
  streamTotalsOfYear(financialYear: string): Promise<StreamTotalsOfYear[]> {
    return streamTotalsOfYear(this.dataSource, financialYear);
  }

  /**
   * Every stream (of one year, if given) in listStreams' order, with only what a choice shows:
   * the filters and forms that list streams need no totals, and the totals view sums every
   * award and payment of each stream (issue 17.6: it was most of the payments queue's time).
   */
  async streamChoices(financialYear?: string): Promise<FundingStreamChoice[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, name, financial_year FROM funding_stream WHERE $1::text IS NULL OR financial_year = $1 ORDER BY financial_year DESC, name`,
      [financialYear ?? null],
    )) as { id: string; name: string; financial_year: string }[];
    return rows.map((r) => ({ id: r.id, name: r.name, financialYear: r.financial_year }));
  }

  /** Every financial year that has a funding stream, newest first (the years there is anything to read about). */
  async financialYears(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT DISTINCT financial_year FROM funding_stream ORDER BY financial_year DESC`)) as { financial_year: string }[];
    return rows.map((r) => r.financial_year);
  }

  async getStream(id: string): Promise<FundingStreamView> {
    return this.streamView(this.dataSource.manager, id);
  }

  /**
   * What a stream has paid, per financial year of the payment date, oldest first (the stream
   * page's totals over time; awards run across years though the stream is ring-fenced for one).
   * NOT_FOUND for an unknown stream.
   */
  async paidByYear(id: string): Promise<{ financialYear: string; paidPence: number; payments: number }[]> {
    await this.requireStream(this.dataSource.manager, id);
    const rows = (await this.dataSource.query(
      `SELECT p.paid_date::text AS paid_date, p.amount_pence FROM payment p JOIN award a ON a.id = p.award_id
        WHERE a.funding_stream_id = $1 AND p.status = 'paid' AND p.paid_date IS NOT NULL`,
      [id],
    )) as { paid_date: string; amount_pence: string }[];
    const years = new Map<string, { paidPence: number; payments: number }>();
    for (const r of rows) {
      const year = financialYearOf(r.paid_date);
      const y = years.get(year) ?? { paidPence: 0, payments: 0 };
      years.set(year, { paidPence: y.paidPence + Number(r.amount_pence), payments: y.payments + 1 });
    }
    return [...years.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([financialYear, y]) => ({ financialYear, ...y }));
  }

  /** Which of these sources' funders allow an underspend to be carried into the next year. */
  async carryForwardAllowed(sourceIds: string[]): Promise<Set<string>> {
    if (sourceIds.length === 0) return new Set();
    const rows = (await this.dataSource.query(`SELECT id FROM funding_source WHERE id = ANY($1::uuid[]) AND carry_forward_allowed`, [sourceIds])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /**
   * For the awards area, inside its transaction: locks the stream row so concurrent approvals
   * and variations on one stream queue up (docs/design.md#invariant-3), then returns the totals as they
   * are after every earlier commitment. The budget trigger on award is the second wall.
   */
  async lockStreamForCommitment(tx: EntityManager, streamId: string): Promise<StreamBudget> {
    // The stored total, not the totals view: its sums over the stream's awards and payments
    // would be computed while the lock makes every other approval wait.
    const [row] = (await tx.query(LOCK_STREAM_SQL, [streamId])) as { budget_pence: string; committed_pence: string; financial_year: string }[];
    if (!row) throw new NotFoundError('funding stream', streamId);
    return { fundingStreamId: streamId, budgetPence: Number(row.budget_pence), committedPence: Number(row.committed_pence), financialYear: row.financial_year };
  }

  /**
   * The one "does it fit the stream" check (docs/design.md#invariant-3), for an approval, a variation up
   * and any other step into a committed status: 409 BUDGET_EXCEEDED with remainingPence when
   * `extraPence` more does not fit `budget`, as `lockStreamForCommitment` read it under the lock
   * the caller still holds. The budget trigger on award is the second wall.
   */
  assertFits(budget: StreamBudget, extraPence: number): void {
    if (remainingAfter(budget.budgetPence, budget.committedPence, extraPence) < 0) {
      throw new BudgetExceededError(budget.fundingStreamId, extraPence, remainingAfter(budget.budgetPence, budget.committedPence, 0));
    }
  }

  async requireStream(tx: EntityManager, id: string): Promise<FundingStream> {
    const stream = await tx.findOneBy(FundingStream, { id });
    if (!stream) throw new NotFoundError('funding stream', id);
    return stream;
  }

  async findStreamByName(tx: EntityManager, financialYear: string, name: string): Promise<FundingStream | null> {
    return tx.findOneBy(FundingStream, { financialYear, name });
  }

  async findSourceByName(tx: EntityManager, financialYear: string, name: string): Promise<FundingSource | null> {
    return tx.findOneBy(FundingSource, { financialYear, name });
  }

  // ---- for the year-end area, inside its transaction --------------------------------------

  /**
   * Records whether a funding source's funder allows an underspend of it to be carried into the
   * next financial year, under the source's row lock, audited with the note. NOT_FOUND for an
   * unknown source.
   */
  async setCarryForwardPermissionWithin(tx: EntityManager, actor: Actor, fundingSourceId: string, input: CarryForwardPermissionInput): Promise<CarryForwardPermissionView> {
    const [row] = (await tx.query(`SELECT id, name, financial_year, carry_forward_allowed FROM funding_source WHERE id = $1 FOR UPDATE`, [fundingSourceId])) as {
      id: string;
      name: string;
      financial_year: string;
      carry_forward_allowed: boolean;
    }[];
    if (!row) throw new NotFoundError('funding source', fundingSourceId);
    await tx.query(`UPDATE funding_source SET carry_forward_allowed = $2, updated_at = now() WHERE id = $1`, [fundingSourceId, input.allowed]);
    const view = { fundingSourceId, name: row.name, financialYear: row.financial_year, carryForwardAllowed: input.allowed };
    await this.audit.record(tx, actor, {
      action: 'funding-source.carry-forward-permission',
      entityType: 'funding_source',
      entityId: fundingSourceId,
      before: { carryForwardAllowed: row.carry_forward_allowed },
      after: { ...view, note: input.note ?? null },
    });
    return view;
  }

  /** A stream's funding sources and what each assigns to it; with `lock`, FOR SHARE, so their amounts and permission hold still. */
  async streamSources(tx: EntityManager, fundingStreamId: string, lock: boolean): Promise<StreamSourceView[]> {
    const rows = (await tx.query(
      `SELECT s.id, s.name, s.funder_organisation_id, s.restricted, s.carry_forward_allowed, fss.amount_pence
         FROM funding_stream_source fss JOIN funding_source s ON s.id = fss.funding_source_id
        WHERE fss.funding_stream_id = $1
        ORDER BY s.id ${lock ? 'FOR SHARE OF s' : ''}`,
      [fundingStreamId],
    )) as { id: string; name: string; funder_organisation_id: string; restricted: boolean; carry_forward_allowed: boolean; amount_pence: string }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      funderOrganisationId: r.funder_organisation_id,
      restricted: r.restricted,
      carryForwardAllowed: r.carry_forward_allowed,
      assignedPence: Number(r.amount_pence),
    }));
  }

  /**
   * Carries an underspend into a next-year stream: creates the funding source `input.source` and
   * assigns all of it to the target stream, whose budget grows by its amount (docs/design.md#invariant-2:
   * the budget stays the sum of its assignments). Audited as funding-source.create and
   * funding-stream.carry-forward, both naming where the money came from. Returns the source's id.
   */
  async carryForwardWithin(tx: EntityManager, actor: Actor, input: CarryForwardInput): Promise<string> {
    const source = tx.create(FundingSource, input.source);
    await tx.save(source).catch((e: unknown) => Promise.reject(translatePgError(e)));
    await this.audit.record(tx, actor, { action: 'funding-source.create', entityType: 'funding_source', entityId: source.id, after: { ...source, yearEndCloseId: input.from.yearEndCloseId } });

    const target = input.targetFundingStreamId;
    const before = await this.lockStreamForCommitment(tx, target);
    await tx.insert(FundingStreamSource, { fundingStreamId: target, fundingSourceId: source.id, amountPence: source.amountPence }).catch((e: unknown) => Promise.reject(translatePgError(e)));
    const after = await this.lockStreamForCommitment(tx, target);
    await this.audit.record(tx, actor, {
      action: 'funding-stream.carry-forward',
      entityType: 'funding_stream',
      entityId: target,
      before: { budgetPence: before.budgetPence },
      after: { budgetPence: after.budgetPence, fundingSourceId: source.id, amountPence: source.amountPence, fromFundingStreamId: input.from.fundingStreamId, yearEndCloseId: input.from.yearEndCloseId },
    });
    return source.id;
  }

  // ---- internals -------------------------------------------------------------------------

  /**
   * Re-funds a locked stream: the new assignments must cover what is committed (409
   * BUDGET_EXCEEDED, remainingPence negative by the shortfall). They are written before the old
   * ones go, so the budget never dips below the committed total in between (the CHECK on
   * funding_stream would refuse it).
   */
  private async reassign(tx: EntityManager, streamId: string, assignments: SourceAssignmentInput[]): Promise<void> {
    await this.checkAssignments(tx, streamId, assignments);
    const { committedPence } = await this.lockStreamForCommitment(tx, streamId);
    const budgetPence = assignments.reduce((sum, a) => sum + a.amountPence, 0);
    if (budgetPence < committedPence) throw new BudgetExceededError(streamId, committedPence, remainingAfter(budgetPence, committedPence, 0));
    // Growing assignments first, then shrinking ones, then removals: the budget only falls at the end.
    const current = new Map((await tx.find(FundingStreamSource, { where: { fundingStreamId: streamId } })).map((a) => [a.fundingSourceId, a.amountPence]));
    const growth = (a: SourceAssignmentInput) => a.amountPence - (current.get(a.fundingSourceId) ?? 0);
    const ordered = [...assignments].sort((a, b) => growth(b) - growth(a));
    for (const a of ordered) {
      await tx
        .query(
          `INSERT INTO funding_stream_source (funding_stream_id, funding_source_id, amount_pence) VALUES ($1, $2, $3)
           ON CONFLICT (funding_stream_id, funding_source_id) DO UPDATE SET amount_pence = EXCLUDED.amount_pence
           WHERE funding_stream_source.amount_pence <> EXCLUDED.amount_pence`,
          [streamId, a.fundingSourceId, a.amountPence],
        )
        .catch((e: unknown) => Promise.reject(translatePgError(e)));
    }
    const kept = assignments.map((a) => a.fundingSourceId);
    await tx.query(`DELETE FROM funding_stream_source WHERE funding_stream_id = $1 AND NOT (funding_source_id = ANY($2::uuid[]))`, [streamId, kept]);
  }

  /** Locks the sources in id order (no deadlocks between two streams), checks, then inserts. */
  private async assign(tx: EntityManager, streamId: string, assignments: SourceAssignmentInput[]): Promise<void> {
    await this.checkAssignments(tx, streamId, assignments);
    if (assignments.length > 0) {
      await tx
        .insert(FundingStreamSource, assignments.map((a) => ({ fundingStreamId: streamId, fundingSourceId: a.fundingSourceId, amountPence: a.amountPence })))
        .catch((e: unknown) => Promise.reject(translatePgError(e)));
    }
  }

  /**
   * Locks the sources in id order (no deadlocks between two streams) and checks each has room for
   * its assignment, not counting what this stream assigns of it now (a re-funding replaces that).
   */
  private async checkAssignments(tx: EntityManager, streamId: string, assignments: SourceAssignmentInput[]): Promise<void> {
    const ids = assignments.map((a) => a.fundingSourceId);
    if (new Set(ids).size !== ids.length) throw new ValidationError('sources', 'must name each funding source once');
    const sources = await tx.find(FundingSource, { where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    for (const a of assignments) {
      const source = sources.find((s) => s.id === a.fundingSourceId);
      if (!source) throw new NotFoundError('funding source', a.fundingSourceId);
      const [{ assigned }] = (await tx.query(
        `SELECT coalesce(sum(amount_pence), 0)::bigint AS assigned FROM funding_stream_source WHERE funding_source_id = $1 AND funding_stream_id <> $2`,
        [source.id, streamId],
      )) as [{ assigned: string }];
      const available = source.amountPence - Number(assigned);
      if (a.amountPence > available) throw new SourceOvercommittedError(source.id, a.amountPence, available);
    }
  }

  private async totals(tx: EntityManager, ids: string[]) {
    const rows = (await tx.query(TOTALS_SQL, [ids])) as TotalsRow[];
    const map = new Map<string, { budgetPence: number; committedPence: number; draftPence: number; paidPence: number }>();
    for (const r of rows) {
      map.set(r.funding_stream_id, {
        budgetPence: Number(r.budget_pence),
        committedPence: Number(r.committed_pence),
        draftPence: Number(r.draft_pence),
        paidPence: Number(r.paid_pence),
      });
    }
    return map;
  }

  private async streamView(tx: EntityManager, id: string): Promise<FundingStreamView> {
    const stream = await tx.findOneBy(FundingStream, { id });
    if (!stream) throw new NotFoundError('funding stream', id);
    return (await this.streamViews(tx, [stream]))[0]!;
  }

  private async streamViews(tx: EntityManager, streams: FundingStream[]): Promise<FundingStreamView[]> {
    if (streams.length === 0) return [];
    const ids = streams.map((s) => s.id);
    const totals = await this.totals(tx, ids);
    const assignments = await tx.find(FundingStreamSource, { where: { fundingStreamId: In(ids) }, order: { fundingSourceId: 'ASC' } });
    return streams.map((s) => {
      const t = totals.get(s.id) ?? { budgetPence: 0, committedPence: 0, draftPence: 0, paidPence: 0 };
      return {
        id: s.id,
        name: s.name,
        financialYear: s.financialYear,
        purpose: s.purpose,
        commissionerOrganisationId: s.commissionerOrganisationId,
        leadOfficerUserId: s.leadOfficerUserId,
        version: s.version,
        sources: assignments.filter((a) => a.fundingStreamId === s.id).map((a) => ({ fundingSourceId: a.fundingSourceId, amountPence: a.amountPence })),
        ...t,
        remainingPence: t.budgetPence - t.committedPence,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
    });
  }

  private async sourceViews(tx: EntityManager, sources: FundingSource[]): Promise<FundingSourceView[]> {
    if (sources.length === 0) return [];
    const rows = (await tx.query(
      `SELECT funding_source_id, coalesce(sum(amount_pence), 0)::bigint AS assigned
         FROM funding_stream_source WHERE funding_source_id = ANY($1::uuid[]) GROUP BY funding_source_id`,
      [sources.map((s) => s.id)],
    )) as { funding_source_id: string; assigned: string }[];
    const assigned = new Map(rows.map((r) => [r.funding_source_id, Number(r.assigned)]));
    return sources.map((s) => {
      const a = assigned.get(s.id) ?? 0;
      return {
        id: s.id,
        funderOrganisationId: s.funderOrganisationId,
        name: s.name,
        financialYear: s.financialYear,
        amountPence: s.amountPence,
        assignedPence: a,
        unassignedPence: s.amountPence - a,
        restricted: s.restricted,
        reportingRequirements: s.reportingRequirements,
        createdAt: s.createdAt,
      };
    });
  }
}
