import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { AwardsService } from '../../libs/domain/src/awards/awards.service.js';
import { ConditionsService } from '../../libs/domain/src/conditions/conditions.service.js';
import { OutcomesService } from '../../libs/domain/src/outcomes/outcomes.service.js';
import { OfficerWorkService } from '../../libs/domain/src/reports/officer-work.service.js';
import { ReportsService } from '../../libs/domain/src/reports/reports.service.js';
import { MonitoringReturnsService } from '../../libs/domain/src/returns/monitoring-returns.service.js';
import { ReportingService } from '../../libs/domain/src/returns/reporting.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * The officer's "My work" read and the reporting reads the web's monitoring pages use (the
 * schedule preview and a round of returns), on the demo's 2014/15 awards as of a chosen date.
 */
describe('OfficerWorkService and the reporting reads, on a real database', () => {
  let env: ServiceEnv;
  let officer: Actor;
  let awardId: string;
  let work: OfficerWorkService;
  let reporting: ReportingService;

  beforeAll(async () => {
    env = await createServiceEnv();
    officer = await demoActor(env.db, 'commissioner');
    work = env.get(OfficerWorkService);
    reporting = env.get(ReportingService);
    [{ id: awardId }] = (await env.db.query(`SELECT id FROM award WHERE reference = 'CHES-1415-01'`)) as { id: string }[];
  });
  afterAll(() => env?.close());

  it('previews a schedule with due dates in working days, and saves nothing', async () => {
    const { periods } = await reporting.previewSchedule(officer, awardId, { frequency: 'quarterly', dueWorkingDays: 10 });
    // 30 June 2014 + 10 working days = 14 July; 31 December + 10 (New Year's Day off) = 15 January 2015; 31 March + 10 (Good Friday and Easter Monday off) = 16 April.
    expect(periods.map((p) => [p.key, p.dueDate])).toEqual([
      ['2014/15-Q1', '2014-07-14'],
      ['2014/15-Q2', '2014-10-14'],
      ['2014/15-Q3', '2015-01-15'],
      ['2014/15-Q4', '2015-04-16'],
    ]);
    expect(await env.db.query(`SELECT 1 FROM reporting_period WHERE award_id = $1`, [awardId])).toHaveLength(0);
  });

  it('lists overdue returns with working days overdue, returns to review, conditions, drafts and awards ending', async () => {
    await reporting.setSchedule(officer, awardId, { frequency: 'quarterly', dueWorkingDays: 10 });
    const [{ id: q1 }] = (await env.db.query(`SELECT id FROM reporting_period WHERE award_id = $1 AND key = '2014/15-Q1'`, [awardId])) as { id: string }[];
    const returns = env.get(MonitoringReturnsService);
    await returns.saveDraft(officer, q1, { values: [], spendPence: 1000, narrative: 'Q1', onBehalf: true });
    await returns.submit(officer, q1, { certified: true, onBehalf: true });
    await env.get(ConditionsService).create(officer, awardId, { title: 'Bank details confirmed', category: 'financial' as never, holdsPayments: true, dueDate: '2014-11-01' });
    const award = await env.get(AwardsService).get(officer, awardId);

    const asOf = '2014-10-20';
    const mine = await work.myWork(officer, asOf);
    expect(mine.asOf).toBe(asOf);
    expect(mine.toReview.items.filter((r) => r.awardId === awardId).map((r) => [r.periodKey, r.version])).toEqual([['2014/15-Q1', 1]]);
    const overdue = mine.overdue.items.filter((o) => o.awardId === awardId);
    expect(overdue.map((o) => [o.periodKey, o.workingDaysOverdue, o.remindersSent])).toEqual([['2014/15-Q2', 4, 0]]);
    expect(mine.conditions.items.filter((c) => c.awardId === awardId).map((c) => [c.title, c.status, c.holdsPayments])).toEqual([['Bank details confirmed', 'open', true]]);
    expect(mine.drafts.total).toBe(Number(((await env.db.query(`SELECT count(*)::int AS n FROM award WHERE status = 'draft'`)) as { n: number }[])[0]!.n));
    expect(mine.endingSoon.items).toEqual([]);
    // Sixty days before the awards end, every approved 2014/15 award is ending soon.
    const late = await work.myWork(officer, '2015-02-15');
    expect(late.endingSoon.items.map((a) => a.awardId)).toContain(award.id);
    expect(late.overdue.items.filter((o) => o.awardId === awardId).map((o) => o.periodKey)).toEqual(['2014/15-Q2', '2014/15-Q3']);
    await expect(work.myWork({ ...officer, role: 'partner' as never, organisationId: award.recipientOrganisationId })).rejects.toThrow();
  });

  it("gives a round of returns: the year's periods, each award's status, the years and periods to choose from", async () => {
    const round = await reporting.round('2014/15', 'Q1');
    expect(round.years).toContain('2014/15');
    expect(round.periods).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(round.rows.find((r) => r.awardId === awardId)).toMatchObject({ key: '2014/15-Q1', status: 'submitted', latestVersion: 1 });
    expect((await reporting.round('1999/00')).financialYear).toBe(round.years[0]);
  });

  it('lists plan objectives with their measures and the awards serving each', async () => {
    const objectives = await work.objectivesWithAwards();
    expect(objectives.length).toBeGreaterThan(0);
    expect(objectives[0]!.measures.length).toBeGreaterThan(0);
    expect(objectives.flatMap((o) => o.awards.map((a) => a.id))).toContain(awardId);
  });

  it("gives an award's targets beside its accepted actuals, and the year's outcomes report draws on them", async () => {
    const outcomes = env.get(OutcomesService);
    const framework = await outcomes.createFramework(officer, {
      name: 'Service spec framework',
      financialYear: '2014/15',
      indicators: [{ code: 'REF', title: 'Referrals', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' }],
    });
    await outcomes.assignFramework(officer, awardId, framework.id);
    await outcomes.replaceTargets(officer, awardId, [{ indicatorCode: 'REF', periodKey: null, target: 100 }, { indicatorCode: 'REF', periodKey: '2014/15-Q2', target: 25 }]);
    const [{ id: q2 }] = (await env.db.query(`SELECT id FROM reporting_period WHERE award_id = $1 AND key = '2014/15-Q2'`, [awardId])) as { id: string }[];
    const returns = env.get(MonitoringReturnsService);
    await returns.saveDraft(officer, q2, { values: [{ indicatorCode: 'REF', value: 3 }], spendPence: 2000, narrative: 'Q2', onBehalf: true });
    await returns.submit(officer, q2, { certified: true, onBehalf: true });
    await returns.review(officer, q2, 'accept');
    const reports = env.get(ReportsService);
    const award = await reports.awardOutcomes(officer, awardId);
    expect(award.actuals).toEqual([{ indicatorCode: 'REF', periodKey: '2014/15-Q2', value: 3 }]);
    // A viewer sees a victim count below 5 as <5.
    const viewer = await demoActor(env.db, 'viewer');
    expect((await reports.awardOutcomes(viewer, awardId)).actuals[0]!.value).toBe('<5');
    const year = await reports.outcomes(officer, '2014/15');
    expect(year.year.indicators.map((l) => [l.indicatorCode, l.target, l.actual])).toEqual([['REF', 100, 3]]);
  });
});
