import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarService } from '../../libs/platform/src/calendar/calendar.service.js';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { count, login, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

const INDICATORS = [
  { code: 'REF', title: 'Referrals received', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' },
  { code: 'SUP', title: 'Victims supported', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' },
  { code: 'COPE', title: 'Victims better able to cope and recover', level: 'outcome', unit: 'percentage', direction: 'higher_is_better', aggregation: 'mean' },
];

/** The whole quarterly cycle for a victims' service run by the demo partner (Warrington Borough Council). */
describe('monitoring returns', () => {
  let env: TestEnv;
  let commissioner: string;
  let partner: string;
  let otherPartner: string;
  let viewer: string;
  let awardId: string;
  let periods: { id: string; key: string; periodEnd: string; dueDate: string; status: string }[];
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const q = (key: string) => periods.find((p) => p.key === key)!;

  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner, partner, viewer } = await demoAs(env, 'commissioner', 'partner', 'viewer'));
    const { admin } = await demoAs(env, 'admin');
    const halton = (await env.http().get('/api/organisations?q=Halton').set(as(admin))).body.items[0];
    await env.http().post('/api/users').set(as(admin)).send({ email: 'halton.partner@test.ringfence.local', name: 'Halton', role: 'partner', organisationId: halton.id, password: 'halton-partner-password' }).expect(201);
    otherPartner = await login(env, 'halton.partner@test.ringfence.local', 'halton-partner-password');

    const stream = await givenStream(env, commissioner, 5_000_000, '2026/27');
    const framework = await env.http().post('/api/outcome-frameworks').set(as(commissioner)).send({ name: 'Victims outcomes (illustrative)', fundingStreamId: stream.id, indicators: INDICATORS });
    expect(framework.status).toBe(201);
    const warrington = (await env.http().get('/api/organisations?q=Warrington').set(as(commissioner))).body.items[0];
    const award = await env.http().post('/api/awards').set(as(commissioner)).send({
      fundingStreamId: stream.id,
      recipientOrganisationId: warrington.id,
      title: 'Cope and recover service (illustrative amount)',
      grantType: "Victims' services",
      amountPence: 1_000_000,
      startDate: '2026-04-01',
      endDate: '2027-03-31',
    });
    awardId = award.body.id;
    await env.http().post(`/api/awards/${awardId}/approve`).set(as(commissioner)).send({}).expect(200);
    const schedule = await env.http().put(`/api/awards/${awardId}/reporting-schedule`).set(as(commissioner)).send({ frequency: 'quarterly', dueWorkingDays: 5, outcomeFrameworkId: framework.body.id });
    expect(schedule.status).toBe(200);
    periods = schedule.body.periods;
    const targets = await env.http().put(`/api/awards/${awardId}/targets`).set(as(commissioner)).send([
      { indicatorCode: 'REF', target: 400 },
      { indicatorCode: 'COPE', target: 80, baseline: 70 },
    ]);
    expect(targets.status).toBe(200);
  });
  afterAll(() => env.close());

  it('makes four quarters, each due 5 working days after it ends on the England-and-Wales calendar', async () => {
    expect(periods.map((p) => p.key)).toEqual(['2026/27-Q1', '2026/27-Q2', '2026/27-Q3', '2026/27-Q4']);
    const calendar = env.app.get(CalendarService);
    for (const p of periods) expect(p.dueDate).toBe(await calendar.addWorkingDays(p.periodEnd, 5));
    // Q4 ends on 31 March 2027, just after Easter (26 and 29 March): 5 working days is 7 April.
    expect(q('2026/27-Q4').dueDate).toBe('2027-04-07');
  });

  it('reproduces the worked example of docs/design.md#time: a period ending 31 March 2026 is due 9 April 2026', async () => {
    const stream = await givenStream(env, commissioner, 100_000, '2025/26');
    const org = await givenOrganisation(env, commissioner);
    const award = await env.http().post('/api/awards').set(as(commissioner)).send({ fundingStreamId: stream.id, recipientOrganisationId: org.id, title: 'x', grantType: 'y', amountPence: 1, startDate: '2026-01-01', endDate: '2026-03-31' });
    const schedule = await env.http().put(`/api/awards/${award.body.id}/reporting-schedule`).set(as(commissioner)).send({ frequency: 'quarterly', dueWorkingDays: 5 });
    expect(schedule.body.periods).toEqual([expect.objectContaining({ key: '2025/26-Q4', periodEnd: '2026-03-31', dueDate: '2026-04-09' })]);
  });

  it('refuses values that do not fit their indicator, naming the field, and writes nothing', async () => {
    const before = [await count(env, 'monitoring_return'), await count(env, 'audit_entry')];
    const cases: [unknown, RegExp][] = [
      [[{ indicatorCode: 'COPE', value: 101 }], /values\[0\]\.value/],
      [[{ indicatorCode: 'REF', value: 10 }, { indicatorCode: 'REF', value: -1 }], /values\[1\]/],
      [[{ indicatorCode: 'REF', value: 1.5 }], /values\[0\]\.value/],
      [[{ indicatorCode: 'XYZ', value: 1 }], /values\[0\]\.indicatorCode/],
      [[{ indicatorCode: 'REF', value: '12' }], /values\[0\]\.value/],
      [[{ indicatorCode: 'REF', value: null }], /value/],
    ];
    for (const [values, field] of cases) {
      const res = await env.http().put(`/api/reporting-periods/${q('2026/27-Q1').id}/return`).set(as(partner)).send({ values, spendPence: 100 });
      expect([JSON.stringify(values), res.status]).toEqual([JSON.stringify(values), 400]);
      expect(res.body.message).toMatch(field);
    }
    expect([await count(env, 'monitoring_return'), await count(env, 'audit_entry')]).toEqual(before);
  });

  it('runs the cycle: draft, incomplete refused, submit (late, certified), no-change refused, revision, resubmit, accept, reopen', async () => {
    const url = `/api/reporting-periods/${q('2026/27-Q1').id}/return`;
    const draft = await env.http().put(url).set(as(partner)).send({ values: [{ indicatorCode: 'REF', value: 120 }], spendPence: 240_000, narrative: 'First quarter.' });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', latestVersion: 0, draft: { spendPence: 240_000 } });

    const incomplete = await env.http().post(`${url}/submit`).set(as(partner)).send({ certified: true });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body).toMatchObject({ code: 'RETURN_INCOMPLETE', missing: ['COPE'] });
    expect((await env.http().post(`${url}/submit`).set(as(partner)).send({ certified: false })).status).toBe(400);

    await env.http().put(url).set(as(partner)).send({ values: [{ indicatorCode: 'REF', value: 120 }, { indicatorCode: 'COPE', value: 76.5 }, { indicatorCode: 'SUP', value: 3 }], spendPence: 240_000, narrative: 'First quarter.' }).expect(200);
    const submitted = await env.http().post(`${url}/submit`).set(as(partner)).send({ certified: true });
    expect(submitted.status).toBe(200);
    const calendar = env.app.get(CalendarService);
    const late = await calendar.workingDaysBetween(q('2026/27-Q1').dueDate, calendar.today());
    expect(submitted.body).toMatchObject({ status: 'submitted', latestVersion: 1, periodStatus: 'submitted' });
    expect(submitted.body.versions[0]).toMatchObject({ versionNumber: 1, spendPence: 240_000, late: late > 0, workingDaysLate: Math.max(late, 0), submittedOnBehalf: false });
    expect(submitted.body.versions[0].values).toEqual([
      { indicatorCode: 'COPE', value: 76.5 },
      { indicatorCode: 'REF', value: 120 },
      { indicatorCode: 'SUP', value: 3 },
    ]);

    const again = await env.http().post(`${url}/submit`).set(as(partner)).send({ certified: true });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NO_CHANGES');

    expect((await env.http().post(`${url}/request-revision`).set(as(commissioner)).send({})).status).toBe(400);
    const revision = await env.http().post(`${url}/request-revision`).set(as(commissioner)).send({ comment: 'Please split referrals by source.' });
    expect(revision.body).toMatchObject({ status: 'revision_requested' });
    await env.http().put(url).set(as(partner)).send({ values: [{ indicatorCode: 'REF', value: 121 }, { indicatorCode: 'COPE', value: 76.5 }, { indicatorCode: 'SUP', value: 3 }], spendPence: 240_000, narrative: 'Corrected.' }).expect(200);
    expect((await env.http().post(`${url}/submit`).set(as(partner)).send({ certified: true })).body).toMatchObject({ status: 'submitted', latestVersion: 2 });
    const accepted = await env.http().post(`${url}/accept`).set(as(commissioner)).send({});
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptedVersion: 2 });
    expect(accepted.body.versions).toHaveLength(2);

    const locked = await env.http().put(url).set(as(partner)).send({ values: [], spendPence: 1 });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('INVALID_TRANSITION');
    expect((await env.http().post(`${url}/reopen`).set(as(commissioner)).send({})).status).toBe(400);
    const reopened = await env.http().post(`${url}/reopen`).set(as(commissioner)).send({ comment: 'Audit found a double count.' });
    expect(reopened.body).toMatchObject({ status: 'revision_requested', acceptedVersion: 2 });
    expect(reopened.body.reviews.map((r: { decision: string }) => r.decision)).toEqual(['revision_requested', 'accepted', 'reopened']);

    const actions = (await env.db.query(`SELECT action FROM audit_entry WHERE entity_type = 'monitoring_return' ORDER BY id`)).map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['return.draft.save', 'return.submit', 'return.request-revision', 'return.accept', 'return.reopen']));
  });

  it('reports outcomes against targets from accepted versions only, with small victim counts as <5 for viewers and in the CSV', async () => {
    const res = await env.http().get('/api/reports/outcomes?financialYear=2026/27').set(as(commissioner));
    expect(res.status).toBe(200);
    const award = res.body.awards.find((a: { awardId: string }) => a.awardId === awardId);
    const line = (code: string) => award.indicators.find((l: { indicatorCode: string }) => l.indicatorCode === code);
    // Version 2 was accepted (REF corrected to 121); the reopen keeps it counting.
    expect(line('REF')).toMatchObject({ actual: 121, target: 400, onTarget: false, periodsReported: 1 });
    expect(line('COPE')).toMatchObject({ actual: 76.5, target: 80, baseline: 70, onTarget: false });
    // The commissioning staff see actual figures; a viewer, and every CSV, see <5 (small-numbers.e2e-spec.ts).
    expect(line('SUP')).toMatchObject({ actual: 3 });
    const viewed = await env.http().get('/api/reports/outcomes?financialYear=2026/27').set(as(viewer));
    const stream = viewed.body.streams.find((s: { indicators: { indicatorCode: string }[] }) => s.indicators.some((l) => l.indicatorCode === 'SUP'));
    expect(stream.indicators.find((l: { indicatorCode: string }) => l.indicatorCode === 'SUP').actual).toBe('<5');
    expect(res.body.year.indicators.find((l: { indicatorCode: string }) => l.indicatorCode === 'REF').actual).toBe(121);
    const csv = await env.http().get('/api/reports/outcomes?financialYear=2026/27&format=csv').set(as(commissioner));
    const supRows = csv.text.split('\n').filter((l) => l.includes('SUP Victims supported'));
    expect(supRows.length).toBeGreaterThan(0);
    for (const row of supRows) expect(row).toContain(',<5,');
    // The partner's own return shows its exact figure.
    const own = await env.http().get(`/api/reporting-periods/${q('2026/27-Q1').id}/return`).set(as(partner));
    expect(own.body.versions[1].values).toContainEqual({ indicatorCode: 'SUP', value: 3 });
    expect((await env.http().get('/api/reports/outcomes?financialYear=2026/27').set(as(partner))).status).toBe(403);
  });

  it('refuses to review a draft or a period with no return', async () => {
    const url = `/api/reporting-periods/${q('2026/27-Q2').id}/return`;
    expect((await env.http().post(`${url}/accept`).set(as(commissioner)).send({})).body).toMatchObject({ statusCode: 409, code: 'INVALID_TRANSITION' });
    await env.http().put(url).set(as(partner)).send({ values: [{ indicatorCode: 'REF', value: 1 }] }).expect(200);
    expect((await env.http().post(`${url}/accept`).set(as(commissioner)).send({})).body).toMatchObject({ statusCode: 409, code: 'INVALID_TRANSITION', status: 'draft' });
  });

  it('keeps submitted versions immutable in the database', async () => {
    const [version] = await env.db.query(`SELECT id FROM return_version LIMIT 1`);
    await expect(env.db.query(`UPDATE return_version SET spend_pence = 1 WHERE id = $1`, [version.id])).rejects.toThrow(/immutable/);
    await expect(env.db.query(`DELETE FROM return_value WHERE return_version_id = $1`, [version.id])).rejects.toThrow(/immutable/);
    await expect(env.db.query(`UPDATE return_value SET value_numeric = 0 WHERE return_version_id = $1`, [version.id])).rejects.toThrow(/immutable/);
    await expect(env.db.query(`INSERT INTO return_value (return_version_id, indicator_code, value_numeric) VALUES ($1, 'SAFE', 1)`, [version.id])).rejects.toThrow(/cannot be added/);
    await expect(env.db.query(`DELETE FROM return_review`)).rejects.toThrow(/immutable/);
  });

  it('lets a commissioner enter a return only on behalf, recorded; a partner cannot claim it', async () => {
    const url = `/api/reporting-periods/${q('2026/27-Q3').id}/return`;
    const values = [{ indicatorCode: 'REF', value: 90 }, { indicatorCode: 'COPE', value: 81 }];
    const refused = await env.http().put(url).set(as(commissioner)).send({ values, spendPence: 500_000 });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ON_BEHALF_REQUIRED');
    expect((await env.http().put(url).set(as(partner)).send({ values, spendPence: 500_000, onBehalf: true })).status).toBe(400);
    await env.http().put(url).set(as(commissioner)).send({ values, spendPence: 500_000, onBehalf: true }).expect(200);
    expect((await env.http().post(`${url}/submit`).set(as(commissioner)).send({ certified: true })).status).toBe(403);
    const submitted = await env.http().post(`${url}/submit`).set(as(commissioner)).send({ certified: true, onBehalf: true });
    expect(submitted.body.versions[0]).toMatchObject({ submittedOnBehalf: true });
    expect((await env.http().put(url).set(as(viewer)).send({ values })).status).toBe(403);
  });

  it('keeps other organisations out: 404 for another partner, read-only for staff', async () => {
    const url = `/api/reporting-periods/${q('2026/27-Q1').id}/return`;
    expect((await env.http().get(url).set(as(otherPartner))).status).toBe(404);
    expect((await env.http().put(url).set(as(otherPartner)).send({ values: [] })).status).toBe(404);
    expect((await env.http().get(`/api/awards/${awardId}/reporting-periods`).set(as(otherPartner))).status).toBe(404);
    expect((await env.http().get(url).set(as(viewer))).status).toBe(200);
    expect((await env.http().get(`/api/awards/${awardId}/reporting-periods`).set(as(partner))).status).toBe(200);
  });

  it('tells a partner everything it owes in one call', async () => {
    const res = await env.http().get('/api/obligations').set(as(partner));
    expect(res.status).toBe(200);
    const own = res.body.periods.filter((p: { awardId: string }) => p.awardId === awardId);
    expect(own.map((p: { key: string }) => p.key)).toEqual(['2026/27-Q1', '2026/27-Q2', '2026/27-Q3', '2026/27-Q4']);
    expect(own.find((p: { key: string }) => p.key === '2026/27-Q2')).toMatchObject({ returnMissing: true });
    expect(own.find((p: { key: string }) => p.key === '2026/27-Q1')).toMatchObject({ status: 'revision_requested', returnMissing: false, revisionComment: 'Audit found a double count.' });
    expect(res.body.targets.filter((t: { awardId: string }) => t.awardId === awardId).map((t: { indicatorCode: string }) => t.indicatorCode).sort()).toEqual(['COPE', 'REF']);
    const other = await env.http().get('/api/obligations').set(as(otherPartner));
    expect(other.body.periods.some((p: { awardId: string }) => p.awardId === awardId)).toBe(false);
    expect((await env.http().get('/api/obligations').set(as(commissioner))).status).toBe(400);
  });

  it('reports the year\'s returns by status with the overdue list in working days', async () => {
    const res = await env.http().get('/api/reports/returns?financialYear=2026/27').set(as(viewer));
    expect(res.status).toBe(200);
    const calendar = env.app.get(CalendarService);
    const today = calendar.today();
    expect(Object.values(res.body.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(res.body.totalPeriods);
    for (const o of res.body.overdue) {
      expect(o.dueDate < today).toBe(true);
      expect(o.workingDaysOverdue).toBe(await calendar.workingDaysBetween(o.dueDate, today));
    }
    const csv = await env.http().get('/api/reports/returns?financialYear=2026/27&format=csv').set(as(viewer));
    expect(csv.text.split('\n')[0]).toBe('Award reference,Organisation,Period,Due date,Working days overdue');
  });

  it('never deletes or changes a period with a submitted return when the schedule changes', async () => {
    const res = await env.http().put(`/api/awards/${awardId}/reporting-schedule`).set(as(commissioner)).send({ frequency: 'half_yearly', dueWorkingDays: 10 });
    expect(res.status).toBe(200);
    const keys = res.body.periods.map((p: { key: string }) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['2026/27-Q1', '2026/27-Q2', '2026/27-Q3', '2026/27-H1', '2026/27-H2']));
    expect(keys).not.toContain('2026/27-Q4');
    expect(res.body.periods.find((p: { key: string }) => p.key === '2026/27-Q1').dueDate).toBe(q('2026/27-Q1').dueDate);
    await expect(env.db.query(`DELETE FROM reporting_period WHERE id = $1`, [q('2026/27-Q1').id])).rejects.toThrow(/cannot be removed/);
    await expect(env.db.query(`UPDATE reporting_period SET due_date = due_date + 1 WHERE id = $1`, [q('2026/27-Q1').id])).rejects.toThrow(/cannot be changed/);
  });

  it('adds an extra period keyed within its financial year', async () => {
    const res = await env.http().post(`/api/awards/${awardId}/reporting-periods`).set(as(commissioner)).send({ periodStart: '2026-05-01', periodEnd: '2026-05-31', dueWorkingDays: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: '2026/27-X1', kind: 'extra', dueDate: await env.app.get(CalendarService).addWorkingDays('2026-05-31', 3) });
    expect((await env.http().post(`/api/awards/${awardId}/reporting-periods`).set(as(commissioner)).send({ periodStart: '2026-05-31', periodEnd: '2026-05-01' })).status).toBe(400);
  });
});
