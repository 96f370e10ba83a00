import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { type DemoRole, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, DEMO_ROLES } from '../helpers/demo.js';

const INDICATORS = [
  { code: 'REF', title: 'Referrals received', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' },
  { code: 'SUP', title: 'Victims supported', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' },
  { code: 'SPEND', title: 'Spent on support', level: 'output', unit: 'pence', direction: 'higher_is_better', aggregation: 'sum', isVictimCount: false },
  { code: 'COPE', title: 'Victims better able to cope', level: 'outcome', unit: 'percentage', direction: 'higher_is_better', aggregation: 'mean' },
];
const STAFF_ACTUAL: DemoRole[] = ['commissioner', 'finance', 'admin'];

/**
 * Small numbers (issue 12, item 5; docs/design.md#small-numbers) on every output path of indicator
 * values, per role, JSON and CSV. One 2026/27 stream with three awards, each with an accepted
 * first quarter: A to Warrington (the demo partner's council) supported 3 victims, B 40, C 20.
 * Stream total 63: with A alone hidden it would be 63 - 40 - 20, so C (the next smallest) goes too.
 */
describe('small numbers, everywhere they leave', () => {
  let env: TestEnv;
  const tokens = {} as Record<DemoRole, string>;
  const as = (role: DemoRole) => ({ Authorization: `Bearer ${tokens[role]}` });
  let warringtonId: string;
  const award: Record<'A' | 'B' | 'C', { id: string; q1: string }> = {} as never;
  const URL = '/api/reports/outcomes?financialYear=2026/27';

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...DEMO_ROLES));
    const stream = await givenStream(env, tokens.commissioner, 3_000_000, '2026/27');
    const framework = await env.http().post('/api/outcome-frameworks').set(as('commissioner')).send({ name: 'Small numbers framework', fundingStreamId: stream.id, indicators: INDICATORS });
    expect(framework.status).toBe(201);
    warringtonId = (await env.http().get('/api/organisations?q=Warrington').set(as('commissioner'))).body.items[0].id;
    const recipients = { A: warringtonId, B: (await givenOrganisation(env, tokens.commissioner)).id, C: (await givenOrganisation(env, tokens.commissioner)).id };
    const supported = { A: 3, B: 40, C: 20 };
    for (const key of ['A', 'B', 'C'] as const) {
      const created = await env.http().post('/api/awards').set(as('commissioner')).send({
        fundingStreamId: stream.id, recipientOrganisationId: recipients[key], title: `Service ${key}`, grantType: "Victims' services", amountPence: 1_000_000, startDate: '2026-04-01', endDate: '2027-03-31',
      });
      expect(created.status).toBe(201);
      await env.http().post(`/api/awards/${created.body.id}/approve`).set(as('commissioner')).send({}).expect(200);
      const schedule = await env.http().put(`/api/awards/${created.body.id}/reporting-schedule`).set(as('commissioner')).send({ frequency: 'quarterly', dueWorkingDays: 5, outcomeFrameworkId: framework.body.id });
      const q1 = schedule.body.periods.find((p: { key: string }) => p.key === '2026/27-Q1').id as string;
      await env.http().put(`/api/awards/${created.body.id}/targets`).set(as('commissioner')).send([{ indicatorCode: 'SUP', target: 10, baseline: key === 'A' ? 2 : 30 }]).expect(200);
      const values = [{ indicatorCode: 'SUP', value: supported[key] }, { indicatorCode: 'REF', value: 200 }, { indicatorCode: 'SPEND', value: 3 }, { indicatorCode: 'COPE', value: 4 }];
      // A's return is the partner's own; the others are entered on their behalf.
      const writer = key === 'A' ? { role: 'partner' as DemoRole, onBehalf: {} } : { role: 'commissioner' as DemoRole, onBehalf: { onBehalf: true } };
      await env.http().put(`/api/reporting-periods/${q1}/return`).set(as(writer.role)).send({ values, spendPence: 1_000, ...writer.onBehalf }).expect(200);
      await env.http().post(`/api/reporting-periods/${q1}/return/submit`).set(as(writer.role)).send({ certified: true, ...writer.onBehalf }).expect(200);
      await env.http().post(`/api/reporting-periods/${q1}/return/accept`).set(as('commissioner')).send({}).expect(200);
      award[key] = { id: created.body.id, q1 };
    }
  }, 180_000);
  afterAll(() => env.close());

  const supOf = (lines: { indicatorCode: string; actual: unknown; baseline: unknown; onTarget: unknown }[]) => lines.find((l) => l.indicatorCode === 'SUP')!;
  const awardLine = (body: { awards: { awardId: string; indicators: never[] }[] }, key: 'A' | 'B' | 'C') => supOf(body.awards.find((a) => a.awardId === award[key].id)!.indicators);

  describe('GET /api/reporting-periods/:id/return (and its versions)', () => {
    it.each([
      ['partner', 3],
      ['commissioner', 3],
      ['finance', 3],
      ['admin', 3],
      ['viewer', '<5'],
    ] as [DemoRole, number | string][])('shows %s a victim count of 3 as %p, in the draft and every version', async (role, shown) => {
      const res = await env.http().get(`/api/reporting-periods/${award.A.q1}/return`).set(as(role));
      expect(res.status).toBe(200);
      expect(res.body.figures).toBe(shown === 3 ? 'actual' : 'suppressed');
      expect(res.body.draft.values).toContainEqual({ indicatorCode: 'SUP', value: shown });
      for (const version of res.body.versions) expect(version.values).toContainEqual({ indicatorCode: 'SUP', value: shown });
    });

    it('leaves a viewer every figure that is not a small victim count: large counts, pence, percentages', async () => {
      const res = await env.http().get(`/api/reporting-periods/${award.A.q1}/return`).set(as('viewer'));
      expect(res.body.versions[0].values).toEqual([
        { indicatorCode: 'COPE', value: 4 },
        { indicatorCode: 'REF', value: 200 },
        { indicatorCode: 'SPEND', value: 3 },
        { indicatorCode: 'SUP', value: '<5' },
      ]);
      const large = await env.http().get(`/api/reporting-periods/${award.B.q1}/return`).set(as('viewer'));
      expect(large.body.versions[0].values).toContainEqual({ indicatorCode: 'SUP', value: 40 });
    });
  });

  describe('GET /api/reports/outcomes', () => {
    it.each(STAFF_ACTUAL)('gives %s the actual figures in JSON', async (role) => {
      const res = await env.http().get(URL).set(as(role));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ figures: 'actual', smallNumberThreshold: 5 });
      expect(['A', 'B', 'C'].map((k) => awardLine(res.body, k as 'A').actual)).toEqual([3, 40, 20]);
      expect(awardLine(res.body, 'A')).toMatchObject({ baseline: 2, onTarget: false });
    });

    it('gives a viewer <5, and hides the next smallest award of the stream so the small one cannot be worked out', async () => {
      const res = await env.http().get(URL).set(as('viewer'));
      expect(res.body.figures).toBe('suppressed');
      expect(['A', 'B', 'C'].map((k) => awardLine(res.body, k as 'A').actual)).toEqual(['<5', 40, '[c]']);
      expect(awardLine(res.body, 'A')).toMatchObject({ baseline: '<5', target: 10, onTarget: null });
      const stream = res.body.streams.find((s: { indicators: { indicatorCode: string; framework: string }[] }) => s.indicators.some((l) => l.framework === 'Small numbers framework'));
      expect(supOf(stream.indicators).actual).toBe(63);
      // Large counts, pence and percentages are never suppressed.
      const lines = res.body.awards.find((a: { awardId: string }) => a.awardId === award.A.id).indicators;
      expect(lines.map((l: { indicatorCode: string; actual: unknown }) => [l.indicatorCode, l.actual])).toEqual([['REF', 200], ['SUP', '<5'], ['SPEND', 3], ['COPE', 4]]);
    });

    it.each(['commissioner', 'finance', 'admin', 'viewer'] as DemoRole[])('suppresses the CSV for %s too: every export is', async (role) => {
      const csv = await env.http().get(`${URL}&format=csv`).set(as(role));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const rowOf = (name: string) => csv.text.split('\n').find((l) => l.startsWith(`award,`) && l.includes(name) && l.includes('SUP Victims supported'))!;
      const reference = async (key: 'A' | 'B' | 'C') => (await env.http().get(`/api/awards/${award[key].id}`).set(as('commissioner'))).body.reference as string;
      expect(rowOf(await reference('A')).split(',').slice(5, 8)).toEqual(['<5', '10', '<5']);
      expect(rowOf(await reference('B')).split(',').slice(7, 8)).toEqual(['40']);
      expect(rowOf(await reference('C')).split(',').slice(7, 8)).toEqual(['[c]']);
    });
  });

  describe('baselines elsewhere: GET /api/awards/:id/targets and GET /api/obligations', () => {
    it.each([
      ['partner', 2],
      ['commissioner', 2],
      ['finance', 2],
      ['admin', 2],
      ['viewer', '<5'],
    ] as [DemoRole, number | string][])('shows %s a victim-count baseline of 2 as %p', async (role, shown) => {
      const targets = await env.http().get(`/api/awards/${award.A.id}/targets`).set(as(role));
      expect(targets.status).toBe(200);
      expect(targets.body.targets).toEqual([{ indicatorCode: 'SUP', periodKey: null, baseline: shown, target: 10 }]);
      const query = role === 'partner' ? '' : `?organisationId=${warringtonId}`;
      const obligations = await env.http().get(`/api/obligations${query}`).set(as(role));
      expect(obligations.status).toBe(200);
      expect(obligations.body.targets.find((t: { awardId: string }) => t.awardId === award.A.id)).toMatchObject({ baseline: shown, target: 10 });
    });
  });

  it('publishes no victim counts at all: the public grants table and the 360Giving file carry none', async () => {
    await env.http().post('/api/grants-publications').set(as('commissioner')).send({ financialYear: '2026/27' }).expect(201);
    for (const url of ['/api/reports/grants?financialYear=2026/27', '/api/reports/grants?financialYear=2026/27&format=csv', '/api/exports/360giving?financialYear=2026/27']) {
      const res = await env.http().get(url);
      expect([url, res.status]).toEqual([url, 200]);
      expect(res.text).not.toMatch(/Victims supported|"SUP"|Small numbers framework/);
    }
  });
});
