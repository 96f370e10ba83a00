import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { AwardsService } from '../../libs/domain/src/awards/awards.service.js';
import { ObjectivesService } from '../../libs/domain/src/objectives/objectives.service.js';
import { OutcomesService } from '../../libs/domain/src/outcomes/outcomes.service.js';
import type { AwardTargetInput } from '../../libs/domain/src/outcomes/outcomes.rules.js';
import { ReportsService } from '../../libs/domain/src/reports/reports.service.js';
import type { OutcomesReport } from '../../libs/domain/src/reports/reports.types.js';
import { MonitoringReturnsService } from '../../libs/domain/src/returns/monitoring-returns.service.js';
import { ReportingService } from '../../libs/domain/src/returns/reporting.service.js';
import { demoActor } from '../helpers/demo.js';
import { suppressOutcomes } from '../../libs/domain/src/reports/outcomes-disclosure.js';
import { outcomesOracle, scopesWithLines } from './outcomes-report.oracle.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * The outcomes report's figures against an oracle (issue 17.4): every aggregation (sum, mean,
 * latest) and direction, counts, pence, percentages and text, whole-award and per-period targets,
 * baselines, text values, awards without a framework, roll-ups per stream, objective and year, and
 * small victim counts suppressed for a viewer. The expected report is worked out from the raw rows
 * by outcomes-report.oracle.ts (plain queries and a JavaScript fold by the written rules), not by
 * the report's SQL, so a wrong figure or roll-up in that SQL fails here.
 */
const FY = '2031/32';
const INDICATORS = [
  { code: 'SUP', title: 'Victims supported', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum', isVictimCount: true },
  { code: 'WAIT', title: 'Days waiting', level: 'output', unit: 'count', direction: 'lower_is_better', aggregation: 'mean', isVictimCount: false },
  { code: 'COPE', title: 'Better able to cope', level: 'outcome', unit: 'percentage', direction: 'higher_is_better', aggregation: 'mean' },
  { code: 'OPEN', title: 'Open cases', level: 'output', unit: 'count', direction: 'lower_is_better', aggregation: 'latest', isVictimCount: true },
  { code: 'RATE', title: 'Satisfaction', level: 'outcome', unit: 'percentage', direction: 'higher_is_better', aggregation: 'latest' },
  { code: 'SPEND', title: 'Spent on support', level: 'output', unit: 'pence', direction: 'higher_is_better', aggregation: 'sum', isVictimCount: false },
  { code: 'STORY', title: 'A case study', level: 'impact', unit: 'text', direction: 'higher_is_better', aggregation: 'latest' },
] as const;

type Values = Partial<Record<(typeof INDICATORS)[number]['code'], number | string>>;
interface AwardPlan {
  name: string;
  stream: 0 | 1;
  objectives: number[];
  framework: boolean;
  targets: AwardTargetInput[];
  /** Accepted values per quarter (Q1..Q4); a missing quarter has no accepted return. */
  quarters: (Values | null)[];
}

const PLANS: AwardPlan[] = [
  {
    name: 'A',
    stream: 0,
    objectives: [0],
    framework: true,
    targets: [
      { indicatorCode: 'SUP', target: 10, baseline: 2 },
      { indicatorCode: 'WAIT', target: 12 },
      { indicatorCode: 'COPE', periodKey: `${FY}-Q1`, target: 50.5, baseline: 40.25 },
      { indicatorCode: 'COPE', periodKey: `${FY}-Q2`, target: 61 },
      { indicatorCode: 'OPEN', periodKey: `${FY}-Q1`, target: 9 },
      { indicatorCode: 'OPEN', periodKey: `${FY}-Q3`, target: 4, baseline: 7 },
      { indicatorCode: 'SPEND', periodKey: `${FY}-Q2`, target: 150_000 },
      { indicatorCode: 'SPEND', periodKey: `${FY}-Q1`, target: 99_999 },
    ],
    quarters: [
      { SUP: 1, WAIT: 10, COPE: 33.33, OPEN: 3, RATE: 71.5, SPEND: 100_001, STORY: 'first' },
      { SUP: 2, WAIT: 15, COPE: 66.67, OPEN: 2, RATE: 80.25, SPEND: 49_999, STORY: 'second' },
      null,
      { SUP: 0, WAIT: 11, COPE: 50, OPEN: 6, SPEND: 3 },
    ],
  },
  {
    name: 'B',
    stream: 0,
    objectives: [0, 1],
    framework: true,
    targets: [
      { indicatorCode: 'SUP', target: 40, baseline: 30 },
      { indicatorCode: 'WAIT', periodKey: `${FY}-Q1`, target: 7 },
      { indicatorCode: 'WAIT', periodKey: `${FY}-Q2`, target: 8, baseline: 3 },
      { indicatorCode: 'RATE', target: 75.75 },
    ],
    quarters: [
      { SUP: 20, WAIT: 5, COPE: 10.01, OPEN: 12, RATE: 90, SPEND: 1, STORY: 'b' },
      { SUP: 25, WAIT: 6, COPE: 10.02, OPEN: 11, RATE: 60.05, SPEND: 2, STORY: 'bb' },
      { SUP: 3, WAIT: 8, COPE: 10.04, OPEN: 10, RATE: 70, SPEND: 5 },
      null,
    ],
  },
  {
    name: 'C',
    stream: 1,
    objectives: [1],
    framework: true,
    targets: [{ indicatorCode: 'SUP', target: 3, baseline: 4 }, { indicatorCode: 'OPEN', target: 2 }],
    quarters: [{ SUP: 3, WAIT: 1, COPE: 99.99, OPEN: 1, RATE: 1, SPEND: 0, STORY: 'c' }, null, null, null],
  },
  { name: 'D', stream: 1, objectives: [0], framework: true, targets: [], quarters: [null, null, null, null] },
  { name: 'E', stream: 1, objectives: [], framework: false, targets: [], quarters: [null, null, null, null] },
  {
    name: 'F',
    stream: 1,
    objectives: [0, 1],
    framework: true,
    targets: [{ indicatorCode: 'COPE', target: 80, baseline: 70.5 }],
    quarters: [{ SUP: 30, WAIT: 2, COPE: 12.35, OPEN: 40, RATE: 55.55, SPEND: 1_000_000, STORY: 'f' }, { SUP: 4, WAIT: 3, COPE: 12.34, OPEN: 45, RATE: 50, SPEND: 7 }, null, null],
  },
];

describe('the outcomes report, figure by figure', () => {
  let env: ServiceEnv;
  let commissioner: Actor;
  let viewer: Actor;
  let reports: ReportsService;
  /** Ids of what the test made, by name (the stream a test asks for). */
  const names = new Map<string, string>();

  beforeAll(async () => {
    env = await createServiceEnv();
    commissioner = await demoActor(env.db, 'commissioner');
    viewer = await demoActor(env.db, 'viewer');
    const partner = await demoActor(env.db, 'partner');
    reports = env.get(ReportsService);
    const outcomes = env.get(OutcomesService);
    const awards = env.get(AwardsService);
    const reporting = env.get(ReportingService);
    const returns = env.get(MonitoringReturnsService);
    const objectives = (await env.get(ObjectivesService).list()).slice(0, 2);
    objectives.forEach((o, i) => names.set(o.id, `objective-${i}`));
    // Two streams of a year of their own (the report reads only the stream's name and year).
    const streams: string[] = [];
    for (const i of [0, 1]) {
      const [{ id }] = (await env.db.query(
        `INSERT INTO funding_stream (name, financial_year, purpose, budget_pence) VALUES ($1, $2, 'victims_services', 100000000) RETURNING id`,
        [`Outcomes report stream ${i}`, FY],
      )) as { id: string }[];
      streams.push(id);
      names.set(id, `stream-${i}`);
    }
    const framework = await outcomes.createFramework(commissioner, { name: 'Outcomes report framework', financialYear: FY, indicators: INDICATORS.map((x) => ({ ...x })) as never });
    names.set(framework.id, 'framework');
    for (const plan of PLANS) {
      const award = await awards.create(commissioner, {
        fundingStreamId: streams[plan.stream]!,
        recipientOrganisationId: partner.organisationId!,
        title: `Outcomes report award ${plan.name}`,
        grantType: 'Victims services',
        amountPence: 10_000,
        startDate: `${FY.slice(0, 4)}-04-01`,
        endDate: `${Number(FY.slice(0, 4)) + 1}-03-31`,
        objectiveIds: plan.objectives.map((i) => objectives[i]!.id),
        reference: `OUT-${plan.name}`,
      });
      names.set(award.id, `award-${plan.name}`);
      await awards.approve(commissioner, award.id, {});
      const schedule = await reporting.setSchedule(commissioner, award.id, { frequency: 'quarterly', dueWorkingDays: 5, outcomeFrameworkId: plan.framework ? framework.id : null });
      if (plan.targets.length) await outcomes.replaceTargets(commissioner, award.id, plan.targets);
      for (const [q, values] of plan.quarters.entries()) {
        if (!values) continue;
        const period = schedule.periods.find((p) => p.key === `${FY}-Q${q + 1}`)!;
        await returns.saveDraft(commissioner, period.id, { values: Object.entries(values).map(([indicatorCode, value]) => ({ indicatorCode, value })), spendPence: 0, onBehalf: true });
        await returns.submit(commissioner, period.id, { certified: true, onBehalf: true });
        await returns.review(commissioner, period.id, 'accept');
      }
    }
  }, 180_000);
  afterAll(() => env?.close());

  const streamAndObjectiveIds = async () => ({
    streams: ((await env.db.query(`SELECT id FROM funding_stream WHERE financial_year = $1`, [FY])) as { id: string }[]).map((r) => r.id),
    objectives: ((await env.db.query(`SELECT id FROM plan_objective`)) as { id: string }[]).map((r) => r.id),
  });

  /** The report against the oracle: the same streams and objectives, then every line of every scope. */
  const expectAsOracle = async (report: OutcomesReport) => {
    const oracle = await outcomesOracle(env.db, report);
    const all = await streamAndObjectiveIds();
    const scopes = scopesWithLines(oracle, report.fundingStreamId ? [report.fundingStreamId] : all.streams, all.objectives);
    expect(report.streams.map((s) => s.fundingStreamId).sort()).toEqual(scopes.streams);
    expect(report.objectives.map((o) => o.objectiveId).sort()).toEqual(scopes.objectives);
    return oracle;
  };

  it('gives staff the actual figures', async () => {
    const report = await reports.outcomes(commissioner, FY);
    expect(report.awards.map((a) => a.reference)).toEqual(PLANS.map((p) => `OUT-${p.name}`));
    const oracle = await expectAsOracle(report);
    expect(report).toEqual(oracle.report);
    // The fixture reaches what it means to: figures of every kind, and roll-ups over several awards.
    const lines = [...report.awards.flatMap((a) => a.indicators), ...report.year.indicators];
    expect(lines.some((l) => l.aggregation === 'latest' && l.unit !== 'text' && l.actual !== null)).toBe(true);
    expect(lines.some((l) => l.aggregation === 'mean' && l.actual !== null && !Number.isInteger(l.actual))).toBe(true);
    expect(report.year.indicators.find((l) => l.indicatorCode === 'SUP')!.periodsReported).toBeGreaterThan(2);
  });

  it("gives one stream's awards, rolled up over that stream alone", async () => {
    const report = await reports.outcomes(commissioner, FY, [...names].find(([, n]) => n === 'stream-1')![0]);
    expect(report.awards.map((a) => a.reference)).toEqual(PLANS.filter((p) => p.stream === 1).map((p) => `OUT-${p.name}`));
    expect(report).toEqual((await expectAsOracle(report)).report);
  });

  it('suppresses small victim counts, and what would give them away, for a viewer', async () => {
    const report = await reports.outcomes(viewer, FY);
    const oracle = await expectAsOracle(report);
    // The suppression itself is outcomes-disclosure.spec.ts's; here it gets the right figures and period values.
    expect(report).toEqual(suppressOutcomes(oracle.report, oracle, report.smallNumberThreshold));
    const shown = report.awards.flatMap((a) => a.indicators.map((l) => l.actual));
    expect(shown).toContain(`<${report.smallNumberThreshold}`);
    expect(shown).toContain('[c]');
  });
});
