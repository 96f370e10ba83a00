import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, NotFoundError, ValidationError, todayInLondon, translatePgError, type CsvTable } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { assertVisibleTo, scopeToActor } from '../access/partner-scope.js';
import { AuditService } from '../audit/audit.service.js';
import { lockAward } from '../award-ledger/award-ledger.js';
import { AwardStatus, COMMITTED_STATUSES, ENDED_STATUSES, VARIABLE_STATUSES, entersCommitment, isCommitted, movesCommitment, nextStatus, type AwardAction } from '../award-ledger/award.rules.js';
import { StaleVersionError } from '../common-errors.js';
import { ConditionsService } from '../conditions/conditions.service.js';
import { IdempotencyService, type IdempotentRequest } from '../idempotency/idempotency.service.js';
import { FundingService } from '../funding/funding.service.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { UsersService } from '../users/users.service.js';
import { Award, AwardCoFunder, AwardLine, AwardObjective, AwardVariation } from './award.entity.js';
import { findAwardById, findAwardViewById, findAwards } from './award-rows.js';
import { awardsCsv, filterAwards, pageOfAwards } from './award-list.js';
import { GRANTS_TABLE_TOTALS_SQL, grantsTableSql, type GrantsTableSqlRow } from './grants-table.sql.js';
import { OVERVIEW_NAMES, overviewOf, type AwardOverview, type OverviewNamesRow } from './award-overview.js';
import { replaceBeneficiaryLocations } from './award-beneficiary-locations.js';
import { viewsSql, type ViewRow } from './award-views-sql.js';
import { InvalidTransitionError } from './award.errors.js';
import type {
  ActivateAwardInput,
  ApproveAwardInput,
  AwardLineInput,
  AwardQuery,
  AwardStatusChangeInput,
  AwardVariationView,
  AwardView,
  CreateAwardInput,
  GrantsTableRow,
  UpdateAwardInput,
  VaryAwardInput,
} from './award.types.js';

@Injectable()
export class AwardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly funding: FundingService,
    private readonly organisations: OrganisationsService,
    private readonly objectives: ObjectivesService,
    private readonly idempotency: IdempotencyService,
    private readonly conditions: ConditionsService,
    private readonly users: UsersService,
  ) {}

  /**
   * Commissioner creates a draft award (no budget check until approval). NOT_FOUND for an
   * unknown stream, recipient, co-funder or objective; CONFLICT for a reference in use.
   */
  async create(actor: Actor, input: CreateAwardInput, idempotent?: IdempotentRequest): Promise<AwardView> {
    if (input.endDate < input.startDate) throw new ValidationError('endDate', 'must not be before startDate');
    return this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, async () => {
      const stream = await this.funding.requireStream(tx, input.fundingStreamId);
      await this.organisations.requireExists(tx, input.recipientOrganisationId);
      const coFunders = input.coFunders ?? [];
      if (new Set(coFunders.map((c) => c.organisationId)).size !== coFunders.length) throw new ValidationError('coFunders', 'must name each organisation once');
      for (const c of coFunders) await this.organisations.requireExists(tx, c.organisationId);
      const objectiveIds = [...new Set(input.objectiveIds ?? [])];
      await this.objectives.requireAll(tx, objectiveIds);

      const reference = input.reference ?? (await this.nextReference(tx, stream.financialYear));
      if (await tx.existsBy(Award, { reference })) throw new DomainError('CONFLICT', `award reference ${reference} is already used`, { field: 'reference' });
      const award = tx.create(Award, {
        reference,
        fundingStreamId: stream.id,
        recipientOrganisationId: input.recipientOrganisationId,
        title: input.title,
        grantType: input.grantType,
        description: input.description ?? null,
        amountPence: input.amountPence,
        startDate: input.startDate,
        endDate: input.endDate,
        status: AwardStatus.Draft,
        createdByUserId: actor.userId,
      });
      await tx.save(award).catch((e) => Promise.reject(translatePgError(e)));
      if (coFunders.length) await tx.insert(AwardCoFunder, coFunders.map((c) => ({ awardId: award.id, ...c })));
      if (objectiveIds.length) await tx.insert(AwardObjective, objectiveIds.map((planObjectiveId) => ({ awardId: award.id, planObjectiveId })));
      if (input.beneficiaryLocations) await replaceBeneficiaryLocations(tx, award.id, input.beneficiaryLocations);
      // The stream's standard conditions start on every new award (open, in the templates' order).
      await this.conditions.copyTemplatesToAward(tx, actor, stream.id, award.id, award.startDate);
      const view = (await this.views(tx, [award]))[0]!;
      await this.audit.record(tx, actor, { action: 'award.create', entityType: 'award', entityId: award.id, after: view });
      return view;
    }));
  }

  /** Staff see every award; a partner sees its own organisation's awards only. Filters and sort: award-list.ts. */
  async list(actor: Actor, query: AwardQuery): Promise<{ items: AwardView[]; total: number }> {
    const qb = filterAwards(scopeToActor(this.dataSource.getRepository(Award).createQueryBuilder('a'), actor, 'a.recipient_organisation_id'), query);
    // As getManyAndCount: the page (its rows chosen by id first: award-list.ts), then the count.
    const awards = await findAwards(this.dataSource.manager, pageOfAwards(qb, this.dataSource.getRepository(Award).createQueryBuilder('a'), query));
    const total = await qb.getCount();
    return { items: await this.views(this.dataSource.manager, awards), total };
  }

  /**
   * The organisations that receive an award of a funding stream, id and name in name order: the
   * awards list's recipient filter once a stream is chosen (tens of recipients, where every
   * organisation is thousands of options to read and render; issue 17.6). Staff only.
   */
  async recipientChoices(fundingStreamId: string): Promise<{ id: string; name: string }[]> {
    return (await this.dataSource.query(
      `SELECT o.id, o.name FROM organisation o
        WHERE o.id IN (SELECT a.recipient_organisation_id FROM award a WHERE a.funding_stream_id = $1)
        ORDER BY o.name, o.id`,
      [fundingStreamId],
    )) as { id: string; name: string }[];
  }

  /**
   * The committed awards of a year (and stream) the actor may see, in list order, with only what
   * the outcomes report reads: not whole views (issue 17.4: full views of 6,000 awards were most
   * of the report's time).
   */
  async committedSummaries(actor: Actor, financialYear: string, fundingStreamId?: string): Promise<{ id: string; reference: string; recipientName: string; fundingStreamId: string; objectiveIds: string[] }[]> {
    const qb = scopeToActor(this.dataSource.getRepository(Award).createQueryBuilder('a'), actor, 'a.recipient_organisation_id')
      .select('a.id', 'id').addSelect('a.reference', 'reference').addSelect('a.funding_stream_id', 'funding_stream_id')
      .addSelect(`coalesce((SELECT o.name FROM organisation o WHERE o.id = a.recipient_organisation_id), '')`, 'recipient_name')
      .addSelect(`(SELECT coalesce(json_agg(x.plan_objective_id), '[]') FROM award_objective x WHERE x.award_id = a.id)`, 'objective_ids')
      .andWhere('a.funding_stream_id IN (SELECT s.id FROM funding_stream s WHERE s.financial_year = :fy)', { fy: financialYear })
      .andWhere('a.status IN (:...committed)', { committed: COMMITTED_STATUSES });
    if (fundingStreamId) qb.andWhere('a.funding_stream_id = :streamId', { streamId: fundingStreamId });
    const rows = await qb.orderBy('a.created_at', 'ASC').addOrderBy('a.id').getRawMany<{ id: string; reference: string; funding_stream_id: string; recipient_name: string; objective_ids: string[] }>();
    return rows.map((r) => ({ id: r.id, reference: r.reference, recipientName: r.recipient_name, fundingStreamId: r.funding_stream_id, objectiveIds: r.objective_ids }));
  }

  /** Every award of a filtered list (no paging), as a CSV table: exactly what the list shows, on every page. */
  async listCsv(actor: Actor, query: Omit<AwardQuery, 'page' | 'pageSize'>): Promise<CsvTable> {
    const awards = await findAwards(this.dataSource.manager, filterAwards(scopeToActor(this.dataSource.getRepository(Award).createQueryBuilder('a'), actor, 'a.recipient_organisation_id'), query));
    return awardsCsv(await this.views(this.dataSource.manager, awards));
  }

  /** One award; another organisation's award is NOT_FOUND for a partner. */
  async get(actor: Actor, id: string): Promise<AwardView> {
    const found = await findAwardViewById(this.dataSource.manager, id);
    if (!found) throw new NotFoundError('award', id);
    assertVisibleTo(actor, found.award.recipientOrganisationId, 'award', id);
    return toView(found.award, found.related);
  }

  /** The award row if the actor may see it; NOT_FOUND otherwise (another organisation's too). */
  private async visible(actor: Actor, id: string): Promise<Award> {
    const award = await findAwardById(this.dataSource.manager, id);
    if (!award) throw new NotFoundError('award', id);
    assertVisibleTo(actor, award.recipientOrganisationId, 'award', id);
    return award;
  }

  /** One award with the names its page shows (stream, lead officer, approver, co-funders). */
  async overview(actor: Actor, id: string): Promise<AwardOverview> {
    const a = await this.visible(actor, id);
    const [row] = (await this.dataSource.query(viewsSql(OVERVIEW_NAMES), [[a.id], [a.fundingStreamId], [a.recipientOrganisationId], a.leadOfficerUserId, a.approvedByUserId])) as (ViewRow & OverviewNamesRow)[];
    return overviewOf(toView(a, row), row);
  }

  /**
   * Commissioner approves a draft: records the decision and commits the amount against the
   * stream. The stream row is locked first so concurrent approvals queue (docs/design.md#invariant-3);
   * 409 BUDGET_EXCEEDED with remainingPence when it does not fit, 409 INVALID_TRANSITION
   * unless the award is a draft.
   */
  async approve(actor: Actor, id: string, input: ApproveAwardInput): Promise<AwardView> {
    return this.dataSource.transaction(async (tx) => {
      const streamId = await this.streamOf(tx, id);
      const budget = await this.funding.lockStreamForCommitment(tx, streamId);
      const award = await lockAward(tx, id);
      const to = nextStatus(award.status, 'approve');
      if (!to) throw new InvalidTransitionError(id, award.status, 'approve');
      const today = todayInLondon();
      const decisionDate = input.decisionDate ?? today;
      if (decisionDate > today) throw new ValidationError('decisionDate', `must not be in the future (today is ${today})`);
      this.funding.assertFits(budget, award.amountPence);
      // Approval changes only the award row: its year, recipient, lines, co-funders and objectives
      // are read once for both views (a round trip fewer while the stream lock is held).
      const related = await this.related(tx, [award]);
      const before = toView(award, related.get(id));
      Object.assign(award, { status: to, decisionReference: input.decisionReference ?? null, decisionDate, approvedByUserId: actor.userId, approvedAt: new Date() });
      // One statement while the stream lock is held (save() would first reload the row to diff it).
      // TypeORM answers an UPDATE with [rows, affected count].
      const [[saved]] = (await tx
        .query(
          `UPDATE award SET status = $2, decision_reference = $3, decision_date = $4, approved_by_user_id = $5, approved_at = $6,
                  version = version + 1, updated_at = CURRENT_TIMESTAMP
            WHERE id = $1 RETURNING version, updated_at`,
          [id, award.status, award.decisionReference, award.decisionDate, award.approvedByUserId, award.approvedAt],
        )
        .catch((e) => Promise.reject(translatePgError(e)))) as [[{ version: number; updated_at: Date }], number];
      Object.assign(award, { version: saved.version, updatedAt: saved.updated_at });
      const after = toView(award, related.get(id));
      await this.audit.record(tx, actor, { action: 'award.approve', entityType: 'award', entityId: id, before, after });
      return after;
    });
  }

  /** Commissioner records the signed agreement: approved -> active; payments become possible. */
  async activate(actor: Actor, id: string, input: ActivateAwardInput): Promise<AwardView> {
    return this.changeStatus(actor, id, 'activate', (award) => {
      award.activatedAt = new Date();
      // "Today" as in England (docs/design.md#time): between midnight and 1 a.m. in summer, UTC is still on yesterday.
      award.agreementSignedOn = input.agreementSignedOn ?? todayInLondon();
    });
  }

  /**
   * Commissioner suspends (active -> suspended: payments stop), resumes (suspended -> active),
   * closes (active/suspended -> closed) or cancels (draft/approved -> cancelled, which frees the
   * budget). 409 INVALID_TRANSITION from any other status.
   */
  async transition(actor: Actor, id: string, action: Exclude<AwardAction, 'approve' | 'activate'>, input: AwardStatusChangeInput): Promise<AwardView> {
    return this.changeStatus(actor, id, action, (award) => {
      award.statusReason = input.reason ?? null;
      if (action === 'close') award.closedAt = new Date();
      if (action === 'cancel') award.cancelledAt = new Date();
    });
  }

  /**
   * Commissioner changes the amount of an approved, active or suspended award, with a reason.
   * An increase passes the same budget check as an approval (409 BUDGET_EXCEEDED with
   * remainingPence); the stream row lock makes variations and approvals queue behind each other.
   */
  async vary(actor: Actor, id: string, input: VaryAwardInput, idempotent?: IdempotentRequest): Promise<AwardView> {
    return this.dataSource.transaction((tx) => this.idempotency.within(tx, actor, idempotent, async () => {
      const streamId = await this.streamOf(tx, id);
      const budget = await this.funding.lockStreamForCommitment(tx, streamId);
      const award = await lockAward(tx, id);
      if (!VARIABLE_STATUSES.includes(award.status)) throw new InvalidTransitionError(id, award.status, 'vary');
      if (input.amountPence === award.amountPence) throw new ValidationError('amountPence', 'must differ from the current amount');
      const extra = input.amountPence - award.amountPence;
      if (extra > 0) this.funding.assertFits(budget, extra);
      const before = (await this.views(tx, [award]))[0]!;
      const variation = tx.create(AwardVariation, {
        awardId: id,
        previousAmountPence: award.amountPence,
        newAmountPence: input.amountPence,
        reason: input.reason,
        createdByUserId: actor.userId,
      });
      await tx.save(variation);
      award.amountPence = input.amountPence;
      await tx.save(award).catch((e) => Promise.reject(translatePgError(e)));
      const after = (await this.views(tx, [award]))[0]!;
      await this.audit.record(tx, actor, { action: 'award.vary', entityType: 'award', entityId: id, before, after: { ...after, variationId: variation.id, reason: input.reason } });
      return after;
    }));
  }

  async variations(actor: Actor, id: string): Promise<AwardVariationView[]> {
    await this.get(actor, id);
    const rows = await this.dataSource.getRepository(AwardVariation).find({ where: { awardId: id }, order: { createdAt: 'ASC' } });
    return rows.map((v) => ({ ...v }));
  }

  /**
   * Commissioner edits an award's details. A stale `version` is 409 STALE_VERSION, never a silent
   * overwrite. The amount changes here only while the award is a draft; afterwards by variation.
   */
  async update(actor: Actor, id: string, patch: UpdateAwardInput): Promise<AwardView> {
    return this.dataSource.transaction(async (tx) => {
      const award = await lockAward(tx, id);
      if (patch.version !== undefined && patch.version !== award.version) throw new StaleVersionError('award', id, patch.version, award.version);
      if (ENDED_STATUSES.includes(award.status)) throw new InvalidTransitionError(id, award.status, 'edit');
      if (patch.amountPence !== undefined && patch.amountPence !== award.amountPence && award.status !== AwardStatus.Draft) {
        throw new DomainError('INVALID_TRANSITION', `award ${id} is ${award.status}: change its amount with a variation (POST /api/awards/${id}/variations)`, {
          status: award.status,
          action: 'edit amount',
        });
      }
      const before = (await this.views(tx, [award]))[0]!;
      const startDate = patch.startDate ?? award.startDate;
      const endDate = patch.endDate ?? award.endDate;
      if (endDate < startDate) throw new ValidationError('endDate', 'must not be before startDate');
      if (patch.leadOfficerUserId) await this.users.requireActiveCommissioner(tx, patch.leadOfficerUserId, 'leadOfficerUserId');
      Object.assign(award, {
        title: patch.title ?? award.title,
        grantType: patch.grantType ?? award.grantType,
        description: patch.description !== undefined ? patch.description : award.description,
        startDate,
        endDate,
        amountPence: patch.amountPence ?? award.amountPence,
        leadOfficerUserId: patch.leadOfficerUserId !== undefined ? patch.leadOfficerUserId : award.leadOfficerUserId,
      });
      await tx.save(award).catch((e) => Promise.reject(translatePgError(e)));
      if (patch.objectiveIds) {
        const ids = [...new Set(patch.objectiveIds)];
        await this.objectives.requireAll(tx, ids);
        await tx.delete(AwardObjective, { awardId: id });
        if (ids.length) await tx.insert(AwardObjective, ids.map((planObjectiveId) => ({ awardId: id, planObjectiveId })));
      }
      if (patch.coFunders) {
        if (new Set(patch.coFunders.map((c) => c.organisationId)).size !== patch.coFunders.length) throw new ValidationError('coFunders', 'must name each organisation once');
        for (const c of patch.coFunders) await this.organisations.requireExists(tx, c.organisationId);
        await tx.delete(AwardCoFunder, { awardId: id });
        if (patch.coFunders.length) await tx.insert(AwardCoFunder, patch.coFunders.map((c) => ({ awardId: id, ...c })));
      }
      if (patch.beneficiaryLocations) await replaceBeneficiaryLocations(tx, id, patch.beneficiaryLocations);
      const after = (await this.views(tx, [award]))[0]!;
      await this.audit.record(tx, actor, { action: 'award.update', entityType: 'award', entityId: id, before, after });
      return after;
    });
  }

  /** Commissioner adds a budget line; a null amount is an "included within" line. */
  async addLine(actor: Actor, awardId: string, input: AwardLineInput): Promise<AwardView> {
    return this.dataSource.transaction(async (tx) => {
      const award = await lockAward(tx, awardId);
      const [{ next }] = (await tx.query(`SELECT coalesce(max(position) + 1, 0)::int AS next FROM award_line WHERE award_id = $1`, [awardId])) as [{ next: number }];
      const line = tx.create(AwardLine, { awardId, position: next, label: input.label, amountPence: input.amountPence ?? null, note: input.note ?? null });
      await tx.save(line);
      await this.audit.record(tx, actor, { action: 'award.line.create', entityType: 'award', entityId: awardId, after: line });
      return (await this.views(tx, [award]))[0]!;
    });
  }

  async lines(actor: Actor, awardId: string): Promise<AwardView['lines']> {
    return (await this.get(actor, awardId)).lines;
  }

  /**
   * The plan's grants table: every committed award in the year's streams, in the order made;
   * with `paging`, one page of it (the web's table pages; the CSV and the pack read it whole).
   */
  async grantsTable(financialYear: string, paging?: { page: number; pageSize: number }): Promise<GrantsTableRow[]> {
    const params: unknown[] = [financialYear, COMMITTED_STATUSES];
    if (paging) params.push(paging.pageSize, (paging.page - 1) * paging.pageSize);
    const rows = (await this.dataSource.query(grantsTableSql(paging !== undefined), params)) as GrantsTableSqlRow[];
    return rows.map((r) => ({
      awardId: r.id,
      reference: r.reference,
      organisation: r.organisation,
      grantType: r.grant_type,
      purpose: r.description ? `${r.title}: ${r.description}` : r.title,
      amountPence: Number(r.amount_pence),
      note: r.included ? `Includes ${r.included}` : null,
    }));
  }

  /** How many grants the year's table holds and their total, over every page. */
  async grantsTableTotals(financialYear: string): Promise<{ grants: number; totalPence: number }> {
    const [row] = (await this.dataSource.query(GRANTS_TABLE_TOTALS_SQL, [financialYear, COMMITTED_STATUSES])) as [{ grants: number; total_pence: string }];
    return { grants: row.grants, totalPence: Number(row.total_pence) };
  }

  async findByReference(tx: EntityManager, reference: string): Promise<Award | null> {
    return tx.findOneBy(Award, { reference });
  }

  // ---- internals -------------------------------------------------------------------------

  /**
   * One lifecycle step under a row lock, audited; entering a committed status re-checks the
   * budget, with the stream locked before the award (docs/award-ledger.md).
   */
  private async changeStatus(actor: Actor, id: string, action: AwardAction, apply: (award: Award) => void): Promise<AwardView> {
    return this.dataSource.transaction(async (tx) => {
      const streamId = await this.streamOf(tx, id);
      // A step into or out of commitment writes the stream's committed total (award trigger): stream first.
      const locked = movesCommitment(action) ? await this.funding.lockStreamForCommitment(tx, streamId) : null;
      const budget = entersCommitment(action) ? locked : null;
      const award = await lockAward(tx, id);
      const to = nextStatus(award.status, action);
      if (!to) throw new InvalidTransitionError(id, award.status, action);
      // entersCommitment(action) held the stream already: this step commits the amount now.
      if (budget && !isCommitted(award.status)) this.funding.assertFits(budget, award.amountPence);
      const before = (await this.views(tx, [award]))[0]!;
      award.status = to;
      apply(award);
      await tx.save(award).catch((e) => Promise.reject(translatePgError(e)));
      const after = (await this.views(tx, [award]))[0]!;
      await this.audit.record(tx, actor, { action: `award.${action}`, entityType: 'award', entityId: id, before, after });
      return after;
    });
  }

  private async streamOf(tx: EntityManager, awardId: string): Promise<string> {
    const award = await tx.findOne(Award, { where: { id: awardId }, select: { id: true, fundingStreamId: true } });
    if (!award) throw new NotFoundError('award', awardId);
    return award.fundingStreamId;
  }

  private async nextReference(tx: EntityManager, financialYear: string): Promise<string> {
    const [{ n }] = (await tx.query(`SELECT nextval('award_reference_seq')::bigint AS n`)) as [{ n: string }];
    return `AW-${financialYear.slice(0, 4)}-${n.padStart(5, '0')}`;
  }

  /** The API's shape of each award, its related rows read in one statement for all of them. */
  private async views(tx: EntityManager, awards: Award[]): Promise<AwardView[]> {
    if (awards.length === 0) return [];
    const related = await this.related(tx, awards);
    return awards.map((a) => toView(a, related.get(a.id)));
  }

  /**
   * Each award's year, recipient's name, lines, co-funders and objectives, keyed by award id: one
   * statement for any number of awards (it was one per table, five round trips per view).
   */
  private async related(tx: EntityManager, awards: Award[]): Promise<Map<string, ViewRow>> {
    const rows = (await tx.query(viewsSql(), [awards.map((a) => a.id), awards.map((a) => a.fundingStreamId), awards.map((a) => a.recipientOrganisationId)])) as ViewRow[];
    return new Map(rows.map((r) => [r.award_id, r]));
  }
}

/** An award and its related rows as the API shows it (a fresh object: later changes to `a` do not reach it). */
function toView(a: Award, related: ViewRow | undefined): AwardView {
  return {
    id: a.id,
    reference: a.reference,
    fundingStreamId: a.fundingStreamId,
    financialYear: related?.financial_year ?? '',
    recipientOrganisationId: a.recipientOrganisationId,
    recipientName: related?.recipient_name ?? '',
    title: a.title,
    grantType: a.grantType,
    description: a.description,
    amountPence: a.amountPence,
    startDate: a.startDate,
    endDate: a.endDate,
    status: a.status,
    decisionReference: a.decisionReference,
    approvedByUserId: a.approvedByUserId,
    approvedAt: a.approvedAt,
    decisionDate: a.decisionDate,
    activatedAt: a.activatedAt,
    agreementSignedOn: a.agreementSignedOn,
    closedAt: a.closedAt,
    cancelledAt: a.cancelledAt,
    statusReason: a.statusReason,
    createdByUserId: a.createdByUserId,
    leadOfficerUserId: a.leadOfficerUserId,
    version: a.version,
    objectiveIds: related?.objective_ids ?? [],
    coFunders: related?.co_funders ?? [],
    lines: related?.lines ?? [],
    beneficiaryLocations: related?.beneficiary_locations ?? [],
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
