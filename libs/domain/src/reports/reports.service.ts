import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { isCommitted } from '../award-ledger/award.rules.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import type { IndicatorView } from '../outcomes/outcomes.types.js';
import { aggregate, periodKeyBounds } from '../outcomes/outcomes.rules.js';
import { disclosureFor, showCount, type Output } from '../outcomes/disclosure.js';
import { awardTarget, combine } from './outcomes-report.rules.js';
import { suppressOutcomes } from './outcomes-disclosure.js';
import type { AwardOutcomes, FinanceAwardRow, FinanceReport, FinanceReportRow, GrantsTable, OutcomeLine, OutcomesReport } from './reports.types.js';
import { AwardsService } from '../awards/awards.service.js';
import { ConditionsService } from '../conditions/conditions.service.js';
import { FundingService } from '../funding/funding.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { MonitoringReturnsService } from '../returns/monitoring-returns.service.js';
import { ReportingService } from '../returns/reporting.service.js';
import type { ReturnsStatusReport } from '../returns/returns.types.js';

/** Read-only reports; each area supplies its rows through its service. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
    private readonly payments: PaymentsService,
    private readonly conditions: ConditionsService,
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
    const awards = (await this.awards.list(actor, { financialYear, fundingStreamId, page: 1, pageSize: 100_000 })).items.filter((a) => isCommitted(a.status));
    const ids = awards.map((a) => a.id);
    const [targets, values, streams, objectives] = [
      await this.outcomeFrameworks.targetsForAwards(ids),
      await this.returns.acceptedValues(ids),
      (await this.funding.listStreams({ financialYear, page: 1, pageSize: 10_000 })).items,
      await this.objectives.list(),
    ];
    // Indexed once: a scan of every value per award and indicator made the report quadratic
    // (67 s for 6,000 awards; test/bench/FINDINGS.md, reports).
    const valuesOf = new Map<string, typeof values>();
    for (const v of values) {
      const key = `${v.awardId}:${v.indicatorCode}`;
      const list = valuesOf.get(key);
      if (list) list.push(v);
      else valuesOf.set(key, [v]);
    }
    // One framework look-up per framework, not per award (awards share a handful of frameworks).
    const frameworkIdOf = await this.frameworkIdsOf(ids);
    const frameworks = new Map<string, Awaited<ReturnType<OutcomesService['frameworkForAward']>>>();
    for (const a of awards) {
      const frameworkId = frameworkIdOf.get(a.id);
      if (frameworkId && !frameworks.has(frameworkId)) frameworks.set(frameworkId, await this.outcomeFrameworks.frameworkForAward(null, a.id));
    }
    // Raw (unsuppressed) figures per award and indicator, kept for the roll-ups.
    const raw: { awardId: string; streamId: string; objectiveIds: string[]; key: string; indicator: IndicatorView; framework: { id: string; name: string }; actual: number | null; target: number | null; baseline: number | null }[] = [];
    const awardRows: OutcomesReport['awards'] = [];
    const periodValues = new Map<string, number[]>();
    for (const a of awards) {
      const frameworkId = frameworkIdOf.get(a.id);
      const framework = frameworkId ? frameworks.get(frameworkId)! : null;
      const lines: OutcomeLine[] = [];
      for (const indicator of framework?.indicators ?? []) {
        const mine = valuesOf.get(`${a.id}:${indicator.code}`) ?? [];
        const numeric = mine.filter((v) => v.value !== null).map((v) => ({ periodEnd: v.periodEnd, value: v.value! }));
        const actual = indicator.unit === 'text' ? null : aggregate(indicator.aggregation, numeric, indicator.unit);
        const ts = (targets.get(a.id) ?? []).filter((t) => t.indicatorCode === indicator.code).map((t) => ({ ...t, periodEnd: t.periodKey ? periodKeyBounds(t.periodKey).end : '' }));
        const target = ts.length ? awardTarget(indicator, ts) : null;
        const baselines = ts.filter((t) => t.baseline !== null);
        const baseline = baselines.find((t) => t.periodKey === null)?.baseline ?? baselines[0]?.baseline ?? null;
        raw.push({ awardId: a.id, streamId: a.fundingStreamId, objectiveIds: a.objectiveIds, key: `${framework!.framework.id}:${indicator.code}`, indicator, framework: framework!.framework, actual, target, baseline });
        lines.push(this.line(indicator, framework!.framework, baseline, target, actual, mine.length));
        if (indicator.isVictimCount) periodValues.set(`${a.id}:${indicator.code}`, numeric.map((v) => v.value));
      }
      awardRows.push({ awardId: a.id, reference: a.reference, recipient: a.recipientName, fundingStreamId: a.fundingStreamId, framework: framework?.framework.name ?? null, indicators: lines });
    }
    const rollUp = (rows: typeof raw): OutcomeLine[] => {
      const groups = new Map<string, typeof raw>();
      for (const r of rows) {
        const group = groups.get(r.key);
        if (group) group.push(r);
        else groups.set(r.key, [r]);
      }
      return [...groups.values()].map((g) => {
        const indicator = g[0]!.indicator;
        const pick = (f: (r: (typeof raw)[number]) => number | null) => g.map(f).filter((v): v is number => v !== null);
        const additive = indicator.unit !== 'text';
        return this.line(
          indicator,
          g[0]!.framework,
          additive ? combine(indicator, pick((r) => r.baseline)) : null,
          additive ? combine(indicator, pick((r) => r.target)) : null,
          additive ? combine(indicator, pick((r) => r.actual)) : null,
          g.filter((r) => r.actual !== null).length,
        );
      });
    };
    const rawOfStream = new Map<string, typeof raw>();
    const rawOfObjective = new Map<string, typeof raw>();
    const into = (map: Map<string, typeof raw>, key: string, r: (typeof raw)[number]) => {
      const list = map.get(key);
      if (list) list.push(r);
      else map.set(key, [r]);
    };
    for (const r of raw) {
      into(rawOfStream, r.streamId, r);
      for (const o of r.objectiveIds) into(rawOfObjective, o, r);
    }
    const report: OutcomesReport = {
      financialYear,
      fundingStreamId: fundingStreamId ?? null,
      smallNumberThreshold: threshold,
      figures: 'actual',
      awards: awardRows,
      streams: streams
        .filter((s) => !fundingStreamId || s.id === fundingStreamId)
        .map((s) => ({ fundingStreamId: s.id, name: s.name, indicators: rollUp(rawOfStream.get(s.id) ?? []) }))
        .filter((s) => s.indicators.length > 0),
      objectives: objectives
        .map((o) => ({ objectiveId: o.id, code: o.code, title: o.title, planName: o.planName, indicators: rollUp(rawOfObjective.get(o.id) ?? []) }))
        .filter((o) => o.indicators.length > 0),
      year: { indicators: rollUp(raw) },
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
    const streams = await this.funding.listStreams({ financialYear, page: 1, pageSize: 10_000 });
    const paid = await this.payments.totalsByStream(financialYear);
    const spend = await this.returns.reportedSpendByStream(financialYear);
    const rows: FinanceReportRow[] = streams.items.map((s) => {
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

  /**
   * The finance report per award of a year (the web's finance report under each stream): award
   * amount (the budget), committed (the amount while the award is committed, else 0), paid net of
   * recoveries, reported spend (latest accepted return) and remaining (committed less net paid).
   */
  async financeAwards(financialYear: string): Promise<FinanceAwardRow[]> {
    const awards = (await this.dataSource.query(
      `SELECT a.id, a.reference, a.title, a.status, a.amount_pence, a.funding_stream_id, o.name AS recipient
         FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id JOIN organisation o ON o.id = a.recipient_organisation_id
        WHERE s.financial_year = $1 AND a.status NOT IN ('draft','cancelled') ORDER BY a.reference`,
      [financialYear],
    )) as { id: string; reference: string; title: string; status: string; amount_pence: string; funding_stream_id: string; recipient: string }[];
    const ids = awards.map((a) => a.id);
    const money = await this.payments.totalsByAward(this.dataSource.manager, ids);
    const spend = await this.returns.reportedSpendByAward(ids);
    return awards.map((a) => {
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
        reportedSpendPence: spend.get(a.id) ?? 0,
        remainingPence: committedPence - netPaidPence,
      };
    });
  }

  /**
   * The plan's grants table (the PCC's duty to set out the grants it makes): recipient, grant
   * type and amount of every committed award in the year, with "included within" lines as notes.
   */
  async grantsTable(financialYear: string): Promise<GrantsTable> {
    const grants = await this.awards.grantsTable(financialYear);
    const conditions = await this.conditions.forAwards(grants.map((g) => g.awardId));
    const rows = grants.map((g) => ({
      ...g,
      conditions: (conditions.get(g.awardId) ?? []).map((c) => ({ title: c.title, category: c.category, status: c.status, holdsPayments: c.holdsPayments })),
    }));
    return { financialYear, rows, totalPence: rows.reduce((sum, r) => sum + r.amountPence, 0) };
  }
}
