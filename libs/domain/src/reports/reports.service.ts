import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { COMMITTED_STATUSES, isCommitted } from '../award-ledger/award.rules.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import type { IndicatorView, OutcomeFrameworkView } from '../outcomes/outcomes.types.js';
import { disclosureFor, showCount, type Output } from '../outcomes/disclosure.js';
import { OUTCOMES_REPORT_SQL, type OutcomesReportRow } from './outcomes-report.sql.js';
import { suppressOutcomes } from './outcomes-disclosure.js';
import type { FundingStreamView } from '../funding/funding.types.js';
import type { AwardOutcomes, FinanceAwardRow, FinanceReport, FinanceReportRow, GrantsTable, GrantsTableEntry, GrantsTablePaging, OutcomeLine, OutcomesReport } from './reports.types.js';
import { AwardsService } from '../awards/awards.service.js';
import { FundingService } from '../funding/funding.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { MonitoringReturnsService } from '../returns/monitoring-returns.service.js';
import { ReportingService } from '../returns/reporting.service.js';
import type { ReturnsStatusReport } from '../returns/returns.types.js';

/** A figure of OUTCOMES_REPORT_SQL (numeric text) as a number; beyond safe integers it is refused, as `aggregate` refuses it. */
function figure(text: string | null): number | null {
  if (text === null) return null;
  const n = Number(text);
  if (!Number.isSafeInteger(Math.trunc(n))) throw new RangeError('aggregate is beyond safe integers');
  return n;
}

/** The finance report's rows and totals from the streams and their payment and spend totals. */
function financeReport(
  financialYear: string,
  streams: Pick<FundingStreamView, 'id' | 'name' | 'purpose' | 'budgetPence' | 'committedPence' | 'draftPence' | 'remainingPence'>[],
  paid: ReadonlyMap<string, { paidPence: number; recoveredPence: number; approvedPence: number }>,
  spend: ReadonlyMap<string, number>,
): FinanceReport {
  const rows: FinanceReportRow[] = streams.map((s) => {
    const p = paid.get(s.id) ?? { paidPence: 0, recoveredPence: 0, approvedPence: 0 };
    const netPaidPence = p.paidPence - p.recoveredPence;
    return {
      fundingStreamId: s.id,
      name: s.name,
      purpose: s.purpose,
      budgetPence: s.budgetPence,
      committedPence: s.committedPence,
      draftPence: s.draftPence,
      approvedPaymentsPence: p.approvedPence,
      paidPence: p.paidPence,
      recoveredPence: p.recoveredPence,
      netPaidPence,
      reportedSpendPence: spend.get(s.id) ?? 0,
      remainingPence: s.remainingPence,
      committedUnpaidPence: s.committedPence - netPaidPence,
    };
  });
  const keys = ['budgetPence', 'committedPence', 'draftPence', 'approvedPaymentsPence', 'paidPence', 'recoveredPence', 'netPaidPence', 'reportedSpendPence', 'remainingPence', 'committedUnpaidPence'] as const;
  const totals = Object.fromEntries(keys.map((k) => [k, rows.reduce((sum, r) => sum + r[k], 0)])) as FinanceReport['totals'];
  return { financialYear, rows, totals };
}

/** Read-only reports; each area supplies its rows through its service. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
    private readonly payments: PaymentsService,
    private readonly reporting: ReportingService,
    private readonly returns: MonitoringReturnsService,
    private readonly outcomeFrameworks: OutcomesService,
    private readonly objectives: ObjectivesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Which framework each award is measured against, in one query (awards without one are absent). */
  private async frameworkIdsOf(awardIds: string[]): Promise<Map<string, string>> {
    if (awardIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(`SELECT award_id, outcome_framework_id FROM award_outcome_framework WHERE award_id = ANY($1::uuid[])`, [awardIds])) as {
      award_id: string;
      outcome_framework_id: string;
    }[];
    return new Map(rows.map((r) => [r.award_id, r.outcome_framework_id]));
  }

  /** The frameworks the awards are measured against (a handful: awards share them), by id, with their indicators by code. */
  private async frameworksOf(awardIds: string[]): Promise<Map<string, { framework: OutcomeFrameworkView; indicators: Map<string, IndicatorView> }>> {
    const frameworks = new Map<string, { framework: OutcomeFrameworkView; indicators: Map<string, IndicatorView> }>();
    if (awardIds.length === 0) return frameworks;
    const rows = (await this.dataSource.query(`SELECT DISTINCT outcome_framework_id AS id FROM award_outcome_framework WHERE award_id = ANY($1::uuid[])`, [awardIds])) as { id: string }[];
    for (const { id } of rows) {
      const framework = await this.outcomeFrameworks.getFramework(id);
      frameworks.set(id, { framework, indicators: new Map(framework.indicators.map((i) => [i.code, i])) });
    }
    return frameworks;
  }

  /**
   * Outcomes against targets for a year (optionally one stream): per award, then rolled up per
   * stream, plan objective and the whole year by each indicator's rule. Actuals come from the
   * latest accepted return versions only. Commissioners, finance and admins viewing it see
   * actual figures; viewers, and every export (`output: 'export'`, the CSV) whoever asks, see
   * small victim counts as `<5` and the figures that would give them away as `[c]`
   * (outcomes-disclosure.ts). The report covers many partners, so it is never a partner's own view.
   */
  async outcomes(actor: Actor, financialYear: string, fundingStreamId?: string, output: Output = 'view'): Promise<OutcomesReport> {
    const threshold = this.config.smallNumberThreshold;
    const disclosure = disclosureFor(actor, null, output);
    const awards = await this.awards.committedSummaries(actor, financialYear, fundingStreamId);
    const ids = awards.map((a) => a.id);
    // The figures and their roll-ups in one statement (outcomes-report.sql.ts): the JavaScript
    // that did it per award and indicator was most of the report's time (issue 17.4). The names
    // around them are read meanwhile, on other connections of the pool.
    const [rows, frameworkIdOf, frameworks, streams, objectives] = await Promise.all([
      ids.length ? (this.dataSource.query(OUTCOMES_REPORT_SQL, [ids, disclosure !== 'actual']) as Promise<OutcomesReportRow[]>) : [],
      this.frameworkIdsOf(ids),
      this.frameworksOf(ids),
      this.funding.listStreams({ financialYear, page: 1, pageSize: 10_000 }).then((page) => page.items),
      this.objectives.list(),
    ]);
    // Lines by scope (`award:<id>`, `stream:<id>`, `objective:<id>`, `year`), each put in the
    // report's order here (the statement returns them unordered: outcomes-report.sql.ts).
    const placed = new Map<string, { ord: number; position: number; line: OutcomeLine }[]>();
    const periodValues = new Map<string, number[]>();
    for (const r of rows) {
      const { framework, indicators } = frameworks.get(r.framework_id)!;
      const indicator = indicators.get(r.code)!;
      const scope = r.scope === 'year' ? 'year' : `${r.scope}:${r.scope_id}`;
      const entry = { ord: Number(r.ord), position: r.position, line: this.line(indicator, framework, figure(r.baseline), figure(r.target), figure(r.actual), r.periods) };
      const list = placed.get(scope);
      if (list) list.push(entry);
      else placed.set(scope, [entry]);
      if (r.period_values) periodValues.set(`${r.scope_id}:${r.code}`, r.period_values.map(Number));
    }
    const linesOf = new Map<string, OutcomeLine[]>();
    for (const [scope, list] of placed) linesOf.set(scope, list.sort((a, b) => a.ord - b.ord || a.position - b.position).map((e) => e.line));
    const report: OutcomesReport = {
      financialYear,
      fundingStreamId: fundingStreamId ?? null,
      smallNumberThreshold: threshold,
      figures: 'actual',
      awards: awards.map((a) => {
        const frameworkId = frameworkIdOf.get(a.id);
        return { awardId: a.id, reference: a.reference, recipient: a.recipientName, fundingStreamId: a.fundingStreamId, framework: frameworkId ? frameworks.get(frameworkId)!.framework.name : null, indicators: linesOf.get(`award:${a.id}`) ?? [] };
      }),
      streams: streams
        .filter((s) => !fundingStreamId || s.id === fundingStreamId)
        .map((s) => ({ fundingStreamId: s.id, name: s.name, indicators: linesOf.get(`stream:${s.id}`) ?? [] }))
        .filter((s) => s.indicators.length > 0),
      objectives: objectives
        .map((o) => ({ objectiveId: o.id, code: o.code, title: o.title, planName: o.planName, indicators: linesOf.get(`objective:${o.id}`) ?? [] }))
        .filter((o) => o.indicators.length > 0),
      year: { indicators: linesOf.get('year') ?? [] },
    };
    if (disclosure === 'actual') return report;
    return suppressOutcomes(report, { objectiveIdsOf: new Map(awards.map((a) => [a.id, a.objectiveIds])), periodValues }, threshold);
  }

  private line(indicator: IndicatorView, framework: { id: string; name: string }, baseline: number | null, target: number | null, actual: number | null, periodsReported: number): OutcomeLine {
    const onTarget = actual === null || target === null ? null : indicator.direction === 'lower_is_better' ? actual <= target : actual >= target;
    return {
      indicatorCode: indicator.code,
      title: indicator.title,
      frameworkId: framework.id,
      framework: framework.name,
      unit: indicator.unit,
      aggregation: indicator.aggregation,
      direction: indicator.direction,
      isVictimCount: indicator.isVictimCount,
      baseline,
      target,
      actual,
      periodsReported,
      onTarget,
    };
  }

  /**
   * One award's outcomes page: its framework and targets (awardTargets: scoped, a partner's own
   * award only) and the actuals of its accepted return versions per indicator and period, victim
   * counts shown as this reader may see them (a viewer sees small ones as `<5`).
   */
  async awardOutcomes(actor: Actor, awardId: string): Promise<AwardOutcomes> {
    const targets = await this.outcomeFrameworks.awardTargets(actor, awardId);
    const [award] = (await this.dataSource.query(`SELECT recipient_organisation_id AS "recipientOrganisationId" FROM award WHERE id = $1`, [awardId])) as [{ recipientOrganisationId: string }];
    const figures = disclosureFor(actor, award, 'view');
    const victimCounts = new Set((targets.framework?.indicators ?? []).filter((i) => i.isVictimCount).map((i) => i.code));
    const actuals = (await this.returns.acceptedValues([awardId])).map((v) => ({
      indicatorCode: v.indicatorCode,
      periodKey: v.periodKey,
      value: v.value === null ? v.valueText : figures === 'actual' ? v.value : showCount(v.value, victimCounts.has(v.indicatorCode), this.config.smallNumberThreshold, figures),
    }));
    return { ...targets, figures, actuals };
  }

  /** Returns for a year: counts by status, and the overdue list with working days overdue. */
  returnsStatus(financialYear: string): Promise<ReturnsStatusReport> {
    return this.reporting.returnsStatus(financialYear);
  }

  /** The finance report per stream for a year: budget, committed, paid, reported spend, remaining. */
  async finance(financialYear: string): Promise<FinanceReport> {
    const [streams, paid, spend] = await Promise.all([
      this.funding.streamTotalsOfYear(financialYear),
      this.payments.totalsByStream(financialYear),
      this.returns.reportedSpendByStream(financialYear),
    ]);
    return financeReport(financialYear, streams, paid, spend);
  }

  /**
   * The finance report and its award rows, as the web's page and CSV show them: per award, the
   * award amount (the budget), committed (the amount while the award is committed, else 0), paid
   * net of recoveries, reported spend (latest accepted return) and remaining (committed less net
   * paid); its streams' figures equal `finance`'s (a service test compares them), from one reading
   * per award: each stream's payments and spend are its awards' summed (every award of the
   * stream, drafts and cancelled ones too, as `finance` counts them), so the page reads payments
   * and returns once, not per stream and again per award (issue 16). With `fundingStreamId`, the
   * award rows are that stream's only (the report still covers every stream).
   */
  async financeWithAwards(financialYear: string, fundingStreamId?: string): Promise<{ report: FinanceReport; awards: FinanceAwardRow[] }> {
    const [streams, awards, money, spend] = await Promise.all([
      this.funding.streamTotalsOfYear(financialYear),
      this.dataSource.query(
        `SELECT a.id, a.reference, a.title, a.status, a.amount_pence, a.funding_stream_id, o.name AS recipient
           FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id JOIN organisation o ON o.id = a.recipient_organisation_id
          WHERE s.financial_year = $1 AND a.status NOT IN ('draft','cancelled') AND ($2::uuid IS NULL OR a.funding_stream_id = $2)
          ORDER BY a.reference`,
        [financialYear, fundingStreamId ?? null],
      ) as Promise<{ id: string; reference: string; title: string; status: string; amount_pence: string; funding_stream_id: string; recipient: string }[]>,
      this.payments.totalsByAwardOfYear(financialYear),
      this.returns.reportedSpendByAwardOfYear(financialYear),
    ]);
    const paidByStream = new Map<string, { paidPence: number; recoveredPence: number; approvedPence: number }>();
    for (const m of money.values()) {
      const stream = m.fundingStreamId;
      const p = paidByStream.get(stream) ?? { paidPence: 0, recoveredPence: 0, approvedPence: 0 };
      paidByStream.set(stream, { paidPence: p.paidPence + m.paidPence, recoveredPence: p.recoveredPence + m.recoveredPence, approvedPence: p.approvedPence + m.approvedPence });
    }
    const spendByStream = new Map<string, number>();
    for (const s of spend.values()) spendByStream.set(s.fundingStreamId, (spendByStream.get(s.fundingStreamId) ?? 0) + s.spendPence);
    return {
      report: financeReport(financialYear, streams, paidByStream, spendByStream),
      awards: awards.map((a) => {
        const m = money.get(a.id);
        const netPaidPence = (m?.paidPence ?? 0) - (m?.recoveredPence ?? 0);
        const committedPence = isCommitted(a.status as never) ? Number(a.amount_pence) : 0;
        return {
          awardId: a.id,
          reference: a.reference,
          title: a.title,
          recipientName: a.recipient,
          status: a.status,
          fundingStreamId: a.funding_stream_id,
          budgetPence: Number(a.amount_pence),
          committedPence,
          netPaidPence,
          reportedSpendPence: spend.get(a.id)?.spendPence ?? 0,
          remainingPence: committedPence - netPaidPence,
        };
      }),
    };
  }

  /**
   * The plan's grants table (the PCC's duty to set out the grants it makes): recipient, grant
   * type and amount of every committed award in the year, with "included within" lines as notes.
   * Whole by default (the API's answer, the CSV, the pack); with `paging`, one page of rows in the
   * same order, with the year's count and total over every page (the web's pages: 2,469 rows of
   * a year were 935 KB of HTML, issue 15).
   */
  async grantsTable(financialYear: string, paging?: GrantsTablePaging): Promise<GrantsTable> {
    if (paging) {
      const [grants, totals] = await Promise.all([this.awards.grantsTable(financialYear, paging), this.awards.grantsTableTotals(financialYear)]);
      const conditions = grants.length ? await this.conditionsOf(`WHERE c.award_id = ANY($1::uuid[])`, [grants.map((g) => g.awardId)]) : new Map<string, GrantsTableEntry['conditions']>();
      const rows = grants.map((g) => ({ ...g, conditions: conditions.get(g.awardId) ?? [] }));
      return { financialYear, rows, totalPence: totals.totalPence, total: totals.grants, page: paging.page, pageSize: paging.pageSize };
    }
    // The four fields of each condition the table shows, read beside the grants: hydrating every
    // condition entity (ConditionsService.forAwards) to read them was most of this report's JavaScript.
    const [grants, conditions] = await Promise.all([
      this.awards.grantsTable(financialYear),
      this.conditionsOf(`JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1 AND a.status = ANY($2::text[])`, [financialYear, COMMITTED_STATUSES]),
    ]);
    let totalPence = 0;
    const rows = grants.map((g) => {
      totalPence += g.amountPence;
      return { ...g, conditions: conditions.get(g.awardId) ?? [] };
    });
    return { financialYear, rows, totalPence };
  }

  /** The grants table's conditions (title, category, status, holds payments) per award, in the order set. */
  private async conditionsOf(joinWhere: string, params: unknown[]): Promise<Map<string, GrantsTableEntry['conditions']>> {
    const rows = (await this.dataSource.query(
      `SELECT c.award_id, c.title, c.category, c.status, c.holds_payments FROM award_condition c JOIN award a ON a.id = c.award_id
        ${joinWhere} ORDER BY c.created_at, c.id`,
      params,
    )) as { award_id: string; title: string; category: string; status: string; holds_payments: boolean }[];
    const conditionsOf = new Map<string, GrantsTableEntry['conditions']>();
    for (const c of rows) {
      const condition = { title: c.title, category: c.category, status: c.status, holdsPayments: c.holds_payments };
      const list = conditionsOf.get(c.award_id);
      if (list) list.push(condition);
      else conditionsOf.set(c.award_id, [condition]);
    }
    return conditionsOf;
  }
}
