import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { stringify } from 'csv-stringify/sync';
import { APP_CONFIG, penceToPounds, type AppConfig } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { isCommitted } from '../award-ledger/award.rules.js';
import { ObjectivesService } from '../objectives/objectives.service.js';
import { OutcomesService } from '../outcomes/outcomes.service.js';
import type { IndicatorView } from '../outcomes/outcomes.types.js';
import { aggregate, periodKeyBounds } from '../outcomes/outcomes.rules.js';
import { awardTarget, combine, suppress } from './outcomes-report.rules.js';
import { AwardsService } from '../awards/awards.service.js';
import type { GrantsTableRow } from '../awards/award.types.js';
import { ConditionsService } from '../conditions/conditions.service.js';
import { FundingService } from '../funding/funding.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { MonitoringReturnsService } from '../returns/monitoring-returns.service.js';
import { ReportingService } from '../returns/reporting.service.js';
import type { ReturnsStatusReport } from '../returns/returns.types.js';

/** One indicator's target against its actual, at some level (award, stream, objective, year). */
export interface OutcomeLine {
  indicatorCode: string;
  title: string;
  framework: string;
  unit: string;
  aggregation: string;
  direction: string;
  baseline: number | string | null;
  target: number | null;
  /** `<5` for victim counts below the threshold. */
  actual: number | string | null;
  periodsReported: number;
  onTarget: boolean | null;
}

export interface OutcomesReport {
  financialYear: string;
  fundingStreamId: string | null;
  smallNumberThreshold: number;
  awards: { awardId: string; reference: string; recipient: string; fundingStreamId: string; framework: string | null; indicators: OutcomeLine[] }[];
  streams: { fundingStreamId: string; name: string; indicators: OutcomeLine[] }[];
  objectives: { objectiveId: string; code: string; title: string; planName: string; indicators: OutcomeLine[] }[];
  year: { indicators: OutcomeLine[] };
}

/** One funding stream's money for a year, as finance reconciles it. */
export interface FinanceReportRow {
  fundingStreamId: string;
  name: string;
  purpose: string;
  budgetPence: number;
  committedPence: number;
  draftPence: number;
  /** Payments approved but not yet paid. */
  approvedPaymentsPence: number;
  paidPence: number;
  recoveredPence: number;
  /** Paid less recovered. */
  netPaidPence: number;
  /** Spend partners reported in their latest accepted monitoring returns (0 until returns exist). */
  reportedSpendPence: number;
  /** Budget not yet committed to awards. */
  remainingPence: number;
  /** Committed to awards but not yet paid out (net). */
  committedUnpaidPence: number;
}

export interface FinanceReport {
  financialYear: string;
  rows: FinanceReportRow[];
  totals: Omit<FinanceReportRow, 'fundingStreamId' | 'name' | 'purpose'>;
}

/** A grant as the PCC must publish it: recipient, purpose, amount and its conditions. */
export interface GrantsTableEntry extends GrantsTableRow {
  conditions: { title: string; category: string; status: string; holdsPayments: boolean }[];
}

export interface GrantsTable {
  financialYear: string;
  rows: GrantsTableEntry[];
  totalPence: number;
}

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
   * latest accepted return versions only. Victim counts below the threshold are shown as `<5`
   * here and in the CSV: this report is never the partner's own view.
   */
  async outcomes(actor: Actor, financialYear: string, fundingStreamId?: string): Promise<OutcomesReport> {
    const threshold = this.config.smallNumberThreshold;
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
    const raw: { awardId: string; streamId: string; objectiveIds: string[]; key: string; indicator: IndicatorView; framework: string; actual: number | null; target: number | null; baseline: number | null }[] = [];
    const awardRows: OutcomesReport['awards'] = [];
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
        raw.push({ awardId: a.id, streamId: a.fundingStreamId, objectiveIds: a.objectiveIds, key: `${framework!.framework.id}:${indicator.code}`, indicator, framework: framework!.framework.name, actual, target, baseline });
        lines.push(this.line(indicator, framework!.framework.name, baseline, target, actual, mine.length, threshold));
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
          threshold,
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
    return {
      financialYear,
      fundingStreamId: fundingStreamId ?? null,
      smallNumberThreshold: threshold,
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
  }

  outcomesCsv(report: OutcomesReport): string {
    const rows: unknown[][] = [['Scope', 'Name', 'Framework', 'Indicator', 'Unit', 'Baseline', 'Target', 'Actual', 'Periods', 'On target']];
    const add = (scope: string, name: string, lines: OutcomeLine[]) => {
      for (const l of lines) rows.push([scope, name, l.framework, `${l.indicatorCode} ${l.title}`, l.unit, l.baseline ?? '', l.target ?? '', l.actual ?? '', l.periodsReported, l.onTarget === null ? '' : l.onTarget ? 'yes' : 'no']);
    };
    for (const a of report.awards) add('award', `${a.reference} ${a.recipient}`, a.indicators);
    for (const s of report.streams) add('stream', s.name, s.indicators);
    for (const o of report.objectives) add('objective', `${o.code} ${o.title}`, o.indicators);
    add('year', report.financialYear, report.year.indicators);
    return stringify(rows);
  }

  private line(indicator: IndicatorView, framework: string, baseline: number | null, target: number | null, actual: number | null, periodsReported: number, threshold: number): OutcomeLine {
    const onTarget = actual === null || target === null ? null : indicator.direction === 'lower_is_better' ? actual <= target : actual >= target;
    return {
      indicatorCode: indicator.code,
      title: indicator.title,
      framework,
      unit: indicator.unit,
      aggregation: indicator.aggregation,
      direction: indicator.direction,
      baseline: suppress(baseline, indicator, threshold),
      target,
      actual: suppress(actual, indicator, threshold),
      periodsReported,
      onTarget,
    };
  }

  /** Returns for a year: counts by status, and the overdue list with working days overdue. */
  returnsStatus(financialYear: string): Promise<ReturnsStatusReport> {
    return this.reporting.returnsStatus(financialYear);
  }

  returnsStatusCsv(report: ReturnsStatusReport): string {
    return stringify([
      ['Award reference', 'Organisation', 'Period', 'Due date', 'Working days overdue'],
      ...report.overdue.map((o) => [o.awardReference, o.organisation, o.key, o.dueDate, o.workingDaysOverdue]),
      [],
      ['Status', 'Periods'],
      ...Object.entries(report.counts).map(([status, n]) => [status, n]),
    ]);
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

  financeCsv(report: FinanceReport): string {
    const header = ['Funding stream', 'Purpose', 'Budget (£)', 'Committed (£)', 'Draft (£)', 'Approved payments (£)', 'Paid (£)', 'Recovered (£)', 'Net paid (£)', 'Reported spend (£)', 'Remaining (£)', 'Committed unpaid (£)'];
    const money = (r: FinanceReport['totals']) =>
      [r.budgetPence, r.committedPence, r.draftPence, r.approvedPaymentsPence, r.paidPence, r.recoveredPence, r.netPaidPence, r.reportedSpendPence, r.remainingPence, r.committedUnpaidPence].map(penceToPounds);
    return stringify([header, ...report.rows.map((r) => [r.name, r.purpose, ...money(r)]), ['Total', '', ...money(report.totals)]]);
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

  /** The same table as CSV, amounts in exact pounds and pence, with a total line. */
  grantsTableCsv(table: GrantsTable): string {
    return stringify([
      ['Organisation', 'Grant type', 'Amount (£)', 'Amount (pence)', 'Note', 'Award reference', 'Purpose', 'Conditions'],
      ...table.rows.map((r) => [r.organisation, r.grantType, penceToPounds(r.amountPence), r.amountPence, r.note ?? '', r.reference, r.purpose, r.conditions.map((c) => c.title).join('; ')]),
      ['Total', '', penceToPounds(table.totalPence), table.totalPence, '', '', '', ''],
    ]);
  }
}
