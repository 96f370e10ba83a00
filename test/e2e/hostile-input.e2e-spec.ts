import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { hostileBody, type FieldSpec } from '../fuzz/hostile-values.js';
import { createTestEnv, loadDemo, loginAs, type TestEnv } from '../helpers/test-env.js';

/** Runs per endpoint; `npm run test:fuzz` sets FUZZ_RUNS higher. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);

/** Every table a create endpoint could write to, and the audit trail. */
const TABLES = ['organisation', 'app_user', 'funding_source', 'funding_stream', 'funding_stream_source', 'plan_objective', 'plan_objective_measure', 'award', 'award_line', 'award_co_funder', 'award_objective', 'award_variation', 'award_condition', 'condition_template', 'payment', 'outcome_framework', 'outcome_indicator', 'award_target', 'reporting_schedule', 'reporting_period', 'monitoring_return', 'return_version', 'return_value', 'bank_holiday_override', 'idempotency_key', 'audit_entry'];

describe('hostile input to the create endpoints writes nothing and never answers 5xx', () => {
  let env: TestEnv;
  const tokens: Record<string, string> = {};
  let tried = 0;
  let counts: () => Promise<Record<string, number>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env);
    tokens['admin'] = await loginAs(env, 'admin');
    tokens['commissioner'] = await loginAs(env, 'commissioner');
    tokens['finance'] = await loginAs(env, 'finance');
    const stream = await givenStream(env, tokens['commissioner']!, 1_000_000);
    const org = await givenOrganisation(env, tokens['commissioner']!);
    const award = await givenDraftAward(env, tokens['commissioner']!, { fundingStreamId: stream.id, recipientOrganisationId: org.id, amountPence: 10_000 });
    await env.http().post(`/api/awards/${award.id}/approve`).set('Authorization', `Bearer ${tokens['commissioner']}`).send({}).expect(200);
    await env.http().post(`/api/awards/${award.id}/activate`).set('Authorization', `Bearer ${tokens['commissioner']}`).send({}).expect(200);
    Object.assign(ids, { stream: stream.id, source: stream.fundingSourceId, funder: stream.funderId, org: org.id, award: award.id });
    // A partner's award with a schedule and a framework, so a return draft can be fuzzed.
    const warrington = (await env.http().get('/api/organisations?q=Warrington').set('Authorization', `Bearer ${tokens['commissioner']}`)).body.items[0];
    const own = await givenDraftAward(env, tokens['commissioner']!, { fundingStreamId: stream.id, recipientOrganisationId: warrington.id, amountPence: 1_000 });
    const framework = await env.http().post('/api/outcome-frameworks').set('Authorization', `Bearer ${tokens['commissioner']}`).send({
      name: 'Fuzz framework', fundingStreamId: stream.id, indicators: [{ code: 'REF', title: 'Referrals', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' }],
    });
    const schedule = await env.http().put(`/api/awards/${own.id}/reporting-schedule`).set('Authorization', `Bearer ${tokens['commissioner']}`).send({ frequency: 'quarterly', dueWorkingDays: 5, outcomeFrameworkId: framework.body.id });
    tokens['partner'] = await loginAs(env, 'partner');
    Object.assign(ids, { ownAward: own.id, period: schedule.body.periods[0].id });
    counts = async () => {
      const row = (await env.db.query(`SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`))[0] as Record<string, number>;
      return row;
    };
  });
  afterAll(async () => {
    process.stdout.write(`hostile-input: ${tried} hostile requests tried\n`);
    await env.close();
  });

  const endpoints: () => { name: string; path: string; role: string; method?: 'put'; status?: number; valid: Record<string, unknown>; fields: FieldSpec[] }[] = () => [
    {
      name: 'organisations',
      path: '/api/organisations',
      role: 'commissioner',
      valid: { name: 'Fuzz Org', kind: 'charity', charityNumber: '1234567', contactEmail: 'a@b.org' },
      fields: [
        { name: 'name', kind: 'text', required: true, max: 300 },
        { name: 'kind', kind: 'enum', required: true },
        { name: 'charityNumber', kind: 'enum', required: false, nullable: true },
        { name: 'contactEmail', kind: 'email', required: false, nullable: true },
        { name: 'identifier360', kind: 'enum', required: false, nullable: true },
      ],
    },
    {
      name: 'funding sources',
      path: '/api/funding-sources',
      role: 'finance',
      valid: { funderOrganisationId: ids['funder'], name: 'Fuzz grant', financialYear: '2026/27', amountPence: 100, restricted: true },
      fields: [
        { name: 'funderOrganisationId', kind: 'uuid', required: true },
        { name: 'name', kind: 'text', required: true, max: 300 },
        { name: 'financialYear', kind: 'financialYear', required: true },
        { name: 'amountPence', kind: 'pence', required: true },
        { name: 'restricted', kind: 'boolean', required: true },
      ],
    },
    {
      name: 'funding streams',
      path: '/api/funding-streams',
      role: 'commissioner',
      valid: { name: 'Fuzz stream', financialYear: '2026/27', purpose: 'other', sources: [] },
      fields: [
        { name: 'name', kind: 'text', required: true, max: 300 },
        { name: 'financialYear', kind: 'financialYear', required: true },
        { name: 'purpose', kind: 'enum', required: true },
        { name: 'sources', kind: 'objectArray', required: true },
      ],
    },
    {
      name: 'awards',
      path: '/api/awards',
      role: 'commissioner',
      valid: { fundingStreamId: ids['stream'], recipientOrganisationId: ids['org'], title: 'Fuzz award', grantType: 'x', amountPence: 100, startDate: '2026-04-01', endDate: '2027-03-31' },
      fields: [
        { name: 'fundingStreamId', kind: 'uuid', required: true },
        { name: 'recipientOrganisationId', kind: 'uuid', required: true },
        { name: 'title', kind: 'text', required: true, max: 300 },
        { name: 'grantType', kind: 'text', required: true, max: 200 },
        { name: 'amountPence', kind: 'pence', required: true },
        { name: 'startDate', kind: 'date', required: true },
        { name: 'endDate', kind: 'date', required: true },
        { name: 'objectiveIds', kind: 'uuidArray', required: false },
        { name: 'coFunders', kind: 'objectArray', required: false },
      ],
    },
    {
      name: 'variations',
      path: `/api/awards/${ids['award']}/variations`,
      role: 'commissioner',
      valid: { amountPence: 12_000, reason: 'more demand' },
      fields: [
        { name: 'amountPence', kind: 'pence', required: true },
        { name: 'reason', kind: 'text', required: true, max: 2000 },
      ],
    },
    {
      name: 'award lines',
      path: `/api/awards/${ids['award']}/lines`,
      role: 'commissioner',
      valid: { label: 'Fuzz line', amountPence: 10 },
      fields: [
        { name: 'label', kind: 'text', required: true, max: 300 },
        { name: 'amountPence', kind: 'pence', required: false, nullable: true },
      ],
    },
    {
      name: 'conditions',
      path: `/api/awards/${ids['award']}/conditions`,
      role: 'commissioner',
      valid: { title: 'Fuzz condition', category: 'monitoring', holdsPayments: false, dueDate: '2026-06-30' },
      fields: [
        { name: 'title', kind: 'text', required: true, max: 300 },
        { name: 'category', kind: 'enum', required: true },
        { name: 'holdsPayments', kind: 'boolean', required: true },
        { name: 'dueDate', kind: 'date', required: false, nullable: true },
      ],
    },
    {
      name: 'condition templates',
      path: `/api/funding-streams/${ids['stream']}/condition-templates`,
      role: 'commissioner',
      valid: { title: 'Fuzz template', category: 'financial', holdsPayments: true },
      fields: [
        { name: 'title', kind: 'text', required: true, max: 300 },
        { name: 'category', kind: 'enum', required: true },
        { name: 'holdsPayments', kind: 'boolean', required: true },
      ],
    },
    {
      name: 'payments',
      path: `/api/awards/${ids['award']}/payments`,
      role: 'finance',
      valid: { amountPence: 100, plannedDate: '2026-07-01', kind: 'payment' },
      fields: [
        { name: 'amountPence', kind: 'pence', required: true },
        { name: 'plannedDate', kind: 'date', required: true },
        { name: 'kind', kind: 'enum', required: true },
        { name: 'note', kind: 'text', required: false, nullable: true },
      ],
    },
    {
      name: 'outcome frameworks',
      path: '/api/outcome-frameworks',
      role: 'commissioner',
      valid: { name: 'Fuzz outcomes', financialYear: '2026/27', indicators: [{ code: 'SUP', title: 'Supported', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' }] },
      fields: [
        { name: 'name', kind: 'text', required: true, max: 300 },
        { name: 'financialYear', kind: 'financialYear', required: false },
        { name: 'indicators', kind: 'objectArray', required: true },
      ],
    },
    {
      name: 'extra reporting periods',
      path: `/api/awards/${ids['ownAward']}/reporting-periods`,
      role: 'commissioner',
      valid: { periodStart: '2026-05-01', periodEnd: '2026-05-31', dueWorkingDays: 3 },
      fields: [
        { name: 'periodStart', kind: 'date', required: true },
        { name: 'periodEnd', kind: 'date', required: true },
        { name: 'dueDate', kind: 'date', required: false, nullable: true },
      ],
    },
    {
      name: 'return drafts',
      path: `/api/reporting-periods/${ids['period']}/return`,
      method: 'put',
      status: 200,
      role: 'partner',
      valid: { values: [{ indicatorCode: 'REF', value: 12 }], spendPence: 1_000, narrative: 'Fuzz' },
      fields: [
        { name: 'values', kind: 'objectArray', required: true },
        { name: 'spendPence', kind: 'pence', required: false, nullable: true },
        { name: 'narrative', kind: 'text', required: false, nullable: true, max: 20_000 },
      ],
    },
    {
      name: 'bank holiday overrides',
      path: '/api/calendar/bank-holidays',
      role: 'admin',
      valid: { date: '2026-06-15', name: 'Fuzz one-off holiday', kind: 'add' },
      fields: [
        { name: 'date', kind: 'date', required: true },
        { name: 'name', kind: 'text', required: true, max: 200 },
        { name: 'kind', kind: 'enum', required: false, nullable: true },
      ],
    },
    {
      name: 'plan objectives',
      path: '/api/plan-objectives',
      role: 'commissioner',
      valid: { code: 'F1', title: 'Fuzz', planName: 'Fuzz plan', measures: ['m'] },
      fields: [
        { name: 'code', kind: 'text', required: true, max: 20 },
        { name: 'title', kind: 'text', required: true, max: 500 },
        { name: 'planName', kind: 'text', required: true, max: 300 },
        { name: 'measures', kind: 'stringArray', required: true },
      ],
    },
    {
      name: 'users',
      path: '/api/users',
      role: 'admin',
      valid: { email: 'fuzz@test.ringfence.local', name: 'Fuzz', role: 'viewer', password: 'a-long-fuzz-password' },
      fields: [
        { name: 'email', kind: 'email', required: true },
        { name: 'name', kind: 'text', required: true, max: 200 },
        { name: 'role', kind: 'enum', required: true },
        { name: 'organisationId', kind: 'uuid', required: false, nullable: true },
        { name: 'password', kind: 'text', required: true, max: 200 },
      ],
    },
  ];

  it.each(['organisations', 'funding sources', 'funding streams', 'awards', 'variations', 'award lines', 'conditions', 'condition templates', 'payments', 'outcome frameworks', 'extra reporting periods', 'return drafts', 'bank holiday overrides', 'plan objectives', 'users'])('%s', async (name) => {
    const endpoint = endpoints().find((e) => e.name === name)!;
    const before = await counts();
    await fc.assert(
      fc.asyncProperty(hostileBody(endpoint.valid, endpoint.fields), async ({ body, why }) => {
        tried++;
        const res = await env
          .http()
          [endpoint.method ?? 'post'](endpoint.path)
          .set('Authorization', `Bearer ${tokens[endpoint.role]}`)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        if (res.status < 400 || res.status >= 500) throw new Error(`${why}: answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        if (res.status === 400 && typeof res.body.message !== 'string') throw new Error(`${why}: 400 without a message`);
      }),
      { numRuns: RUNS },
    );
    expect(await counts()).toEqual(before);
    // The valid body itself is accepted, so the refusals above were about the hostile part.
    const ok = await env.http()[endpoint.method ?? 'post'](endpoint.path).set('Authorization', `Bearer ${tokens[endpoint.role]}`).send(endpoint.valid);
    expect([endpoint.name, ok.status]).toEqual([endpoint.name, endpoint.status ?? 201]);
  });

  it('leaves no polluted prototypes behind', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['role']).toBeUndefined();
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });
});
