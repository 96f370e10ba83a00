import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { systemActor } from '../../libs/domain/src/access/actor.js';
import { OutcomesService } from '../../libs/domain/src/outcomes/outcomes.service.js';
import { VICTIMS_SERVICES_EXAMPLE_FRAMEWORK, victimsServicesFrameworkInput } from '../../libs/domain/src/outcomes/victims-framework.example.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { count, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, demoUserId, DEMO_ROLES } from '../helpers/demo.js';

interface Indicator {
  id: string;
  code: string;
  unit: string;
  aggregation: string;
  isVictimCount: boolean;
  position: number;
}
interface Framework {
  id: string;
  name: string;
  financialYear: string | null;
  fundingStreamId: string | null;
  indicators: Indicator[];
}
interface Target {
  indicatorCode: string;
  periodKey: string | null;
  baseline: number | null;
  target: number;
}

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('outcome frameworks, indicators and award targets', () => {
  let env: TestEnv;
  const tokens: Record<string, string> = {};
  let commissionerUserId: string;
  let partnerOrganisationId: string;
  let stream: { id: string };
  let framework: Framework;
  /** The partner's own award in `stream`, measured against `framework`. */
  let ownAward: { id: string };
  /** Another organisation's award in `stream`, measured against `framework`. */
  let otherAward: { id: string };

  const as = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });
  const post = (path: string, body: unknown, role = 'commissioner') => env.http().post(path).set(as(role)).send(body as object);
  const put = (path: string, body: unknown, role = 'commissioner') => env.http().put(path).set(as(role)).send(body as object);
  const get = (path: string, role = 'commissioner') => env.http().get(path).set(as(role));
  const written = async () => ({
    frameworks: await count(env, 'outcome_framework'),
    indicators: await count(env, 'outcome_indicator'),
    awardFrameworks: await count(env, 'award_outcome_framework'),
    targets: await count(env, 'award_target'),
    audit: await count(env, 'audit_entry'),
  });
  const storedTargets = async (awardId: string) =>
    (await env.db.query(
      `SELECT i.code, t.period_key, t.baseline::text AS baseline, t.target::text AS target
         FROM award_target t JOIN outcome_indicator i ON i.id = t.indicator_id WHERE t.award_id = $1 ORDER BY i.position, t.period_key NULLS FIRST`,
      [awardId],
    )) as { code: string; period_key: string | null; baseline: string | null; target: string }[];

  async function freshAward(recipientOrganisationId?: string, streamId = stream.id): Promise<{ id: string }> {
    const recipient = recipientOrganisationId ?? (await givenOrganisation(env, tokens['commissioner']!)).id;
    return givenDraftAward(env, tokens['commissioner']!, { fundingStreamId: streamId, recipientOrganisationId: recipient, amountPence: 10_000 });
  }

  async function withFramework(award: { id: string }, frameworkId = framework.id): Promise<void> {
    const res = await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: frameworkId });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...DEMO_ROLES));
    commissionerUserId = await demoUserId(env, 'commissioner');
    [{ organisation_id: partnerOrganisationId }] = (await env.db.query(`SELECT organisation_id FROM app_user WHERE email = 'partner@demo.ringfence.local'`)) as {
      organisation_id: string;
    }[];
    stream = await givenStream(env, tokens['commissioner']!, 1_000_000, '2026/27');
  });
  afterAll(() => env.close());

  describe('frameworks and indicators', () => {
    it("creates the victims' services example framework for a stream, in the stream's year, and audits it", async () => {
      const res = await post('/api/outcome-frameworks', victimsServicesFrameworkInput({ fundingStreamId: stream.id }));
      expect(res.status).toBe(201);
      framework = res.body as Framework;
      expect(framework).toMatchObject({ name: VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.name, financialYear: '2026/27', fundingStreamId: stream.id, planObjectiveId: null, createdByUserId: commissionerUserId });
      expect(framework.name).toMatch(/illustrative/);
      expect(framework.indicators.map((i) => [i.code, i.unit, i.aggregation, i.isVictimCount, i.position])).toEqual([
        ['REF', 'count', 'sum', true, 0],
        ['SUP', 'count', 'sum', true, 1],
        ['COPE', 'percentage', 'mean', false, 2],
        ['SAFE', 'percentage', 'mean', false, 3],
        ['INFO', 'percentage', 'mean', false, 4],
      ]);
      const audit = await env.db.query(`SELECT action, actor_user_id, before, after FROM audit_entry WHERE entity_type = 'outcome_framework' AND entity_id = $1`, [framework.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'outcome-framework.create', actor_user_id: commissionerUserId, before: null, after: { id: framework.id, indicators: expect.any(Array) } });
      ownAward = await freshAward(partnerOrganisationId);
      otherAward = await freshAward();
    });

    it('lets staff list (filtered by year and stream) and read frameworks; partners cannot', async () => {
      const byYear = await get('/api/outcome-frameworks?financialYear=2026/27', 'viewer');
      expect(byYear.status).toBe(200);
      expect(byYear.body).toMatchObject({ page: 1, pageSize: 50 });
      expect((byYear.body.items as Framework[]).map((f) => f.id)).toContain(framework.id);
      expect((await get('/api/outcome-frameworks?financialYear=2014/15', 'finance').expect(200)).body.items.map((f: Framework) => f.id)).not.toContain(framework.id);
      const byStream = (await get(`/api/outcome-frameworks?fundingStreamId=${stream.id}`, 'admin').expect(200)).body;
      expect(byStream).toMatchObject({ total: 1, items: [{ id: framework.id }] });
      expect((await get(`/api/outcome-frameworks/${framework.id}`, 'finance').expect(200)).body).toEqual(framework);
      expect((await get(`/api/outcome-frameworks/${NOBODY}`)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await get('/api/outcome-frameworks?financialYear=2026/28')).status).toBe(400);
      expect((await get('/api/outcome-frameworks', 'partner')).status).toBe(403);
      expect((await get(`/api/outcome-frameworks/${framework.id}`, 'partner')).status).toBe(403);
    });

    it('adds indicators later, after the others, with victim counts defaulting by unit', async () => {
      const res = await post(`/api/outcome-frameworks/${framework.id}/indicators`, {
        code: 'RJ_CASES',
        title: 'Restorative justice cases completed',
        level: 'output',
        unit: 'count',
        direction: 'higher_is_better',
        aggregation: 'sum',
      });
      expect(res.status).toBe(201);
      expect((res.body as Framework).indicators.at(-1)).toMatchObject({ code: 'RJ_CASES', position: 5, isVictimCount: true });
      const story = await post(`/api/outcome-frameworks/${framework.id}/indicators`, {
        code: 'STORY',
        title: 'A case study of a victim supported',
        level: 'impact',
        unit: 'text',
        direction: 'higher_is_better',
        aggregation: 'latest',
      });
      expect(story.status).toBe(201);
      framework = story.body as Framework;
      expect(framework.indicators.map((i) => i.code)).toEqual(['REF', 'SUP', 'COPE', 'SAFE', 'INFO', 'RJ_CASES', 'STORY']);
      expect(framework.indicators.at(-1)).toMatchObject({ unit: 'text', isVictimCount: false, position: 6 });
      const audit = await env.db.query(`SELECT action, after FROM audit_entry WHERE entity_type = 'outcome_framework' AND entity_id = $1 ORDER BY id`, [framework.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['outcome-framework.create', 'outcome-framework.add-indicator', 'outcome-framework.add-indicator']);
      expect(audit[2].after).toMatchObject({ code: 'STORY', unit: 'text' });
    });

    it('never reuses a code (409 CONFLICT) and refuses a bad indicator (400 naming the field), writing nothing', async () => {
      const before = await written();
      const indicator = { code: 'NEW', title: 'New', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' };
      const taken = await post(`/api/outcome-frameworks/${framework.id}/indicators`, { ...indicator, code: 'REF' });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'CONFLICT', field: 'code' });
      for (const [fields, field] of [
        [{ unit: 'text', aggregation: 'sum' }, 'aggregation'],
        [{ unit: 'percentage', aggregation: 'mean', isVictimCount: true }, 'isVictimCount'],
        [{ code: 'new' }, 'code'],
        [{ level: 'vibes' }, 'level'],
        [{ extra: 1 }, 'extra'],
      ] as const) {
        const res = await post(`/api/outcome-frameworks/${framework.id}/indicators`, { ...indicator, ...fields });
        expect(res.status).toBe(400);
        expect(res.body.message).toContain(field);
      }
      expect((await post(`/api/outcome-frameworks/${NOBODY}/indicators`, indicator)).status).toBe(404);
      expect(await written()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string, number]>([
      ['no stream, objective or year', { fundingStreamId: undefined }, 'financialYear', 400],
      ['no indicators', { indicators: [] }, 'indicators', 400],
      ['a repeated code', { indicators: [{ ...VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.indicators[0] }, { ...VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.indicators[0] }] }, 'indicators[1].code', 400],
      ['a lower-case code', { indicators: [{ ...VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.indicators[0], code: 'ref' }] }, 'indicators[0].code', 400],
      ['a summed text indicator', { indicators: [{ ...VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.indicators[0], unit: 'text' }] }, 'indicators[0].aggregation', 400],
      ['an unknown unit', { indicators: [{ ...VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.indicators[0], unit: 'pounds' }] }, 'indicators[0].unit', 400],
      ["a year that is not the stream's", { financialYear: '2025/26' }, 'financialYear', 400],
      ['a year that is not a financial year', { fundingStreamId: undefined, financialYear: '2026/28' }, 'financialYear', 400],
      ['an unknown stream', { fundingStreamId: NOBODY }, 'funding stream', 404],
      ['an unknown plan objective', { planObjectiveId: NOBODY }, 'plan objective', 404],
    ])('refuses a framework with %s, writing nothing', async (_, fields, named, status) => {
      const before = await written();
      const res = await post('/api/outcome-frameworks', { ...victimsServicesFrameworkInput({ fundingStreamId: stream.id }), ...fields });
      expect(res.status).toBe(status);
      expect(res.body.message).toContain(named);
      expect(await written()).toEqual(before);
    });

    it('makes frameworks for a year or a plan objective alone', async () => {
      const [{ id: objectiveId }] = (await env.db.query(`SELECT id FROM plan_objective LIMIT 1`)) as { id: string }[];
      const forObjective = await post('/api/outcome-frameworks', { ...victimsServicesFrameworkInput({ planObjectiveId: objectiveId }), name: 'Objective framework' });
      expect(forObjective.status).toBe(201);
      expect(forObjective.body).toMatchObject({ planObjectiveId: objectiveId, financialYear: null, fundingStreamId: null });
      const forYear = await post('/api/outcome-frameworks', { ...victimsServicesFrameworkInput({ financialYear: '2026/27' }), name: 'Year framework' });
      expect(forYear.status).toBe(201);
      expect(forYear.body).toMatchObject({ financialYear: '2026/27', fundingStreamId: null });
    });
  });

  describe("an award's framework", () => {
    it('refuses targets before the award has a framework (409 NO_OUTCOME_FRAMEWORK), writing nothing', async () => {
      const before = await written();
      const res = await put(`/api/awards/${ownAward.id}/targets`, [{ indicatorCode: 'REF', target: 100 }]);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'NO_OUTCOME_FRAMEWORK', message: expect.stringMatching(/outcome-framework/) });
      expect(await written()).toEqual(before);
      expect((await get(`/api/awards/${ownAward.id}/targets`).expect(200)).body).toEqual({ awardId: ownAward.id, framework: null, figures: 'actual', targets: [] });
    });

    it('sets the framework, audited once; setting it again writes nothing', async () => {
      const res = await put(`/api/awards/${ownAward.id}/outcome-framework`, { outcomeFrameworkId: framework.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ awardId: ownAward.id, framework: { id: framework.id }, targets: [] });
      const before = await written();
      await put(`/api/awards/${ownAward.id}/outcome-framework`, { outcomeFrameworkId: framework.id }).expect(200);
      expect(await written()).toEqual(before);
      const audit = await env.db.query(`SELECT action, before, after FROM audit_entry WHERE entity_type = 'award_targets' AND entity_id = $1`, [ownAward.id]);
      expect(audit).toEqual([{ action: 'award-outcome-framework.set', before: null, after: { outcomeFrameworkId: framework.id, frameworkName: framework.name } }]);
      await withFramework(otherAward);
    });

    it("refuses a framework of another stream, an unknown framework and an unknown award", async () => {
      const elsewhere = await givenStream(env, tokens['commissioner']!, 50_000, '2026/27');
      const award = await freshAward(undefined, elsewhere.id);
      const before = await written();
      const wrongStream = await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: framework.id });
      expect(wrongStream.status).toBe(400);
      expect(wrongStream.body).toMatchObject({ code: 'VALIDATION', field: 'outcomeFrameworkId' });
      expect((await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: NOBODY })).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await put(`/api/awards/${NOBODY}/outcome-framework`, { outcomeFrameworkId: framework.id })).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: 'nope' })).status).toBe(400);
      expect(await written()).toEqual(before);
    });
  });

  describe('targets', () => {
    const first: Target[] = [
      { indicatorCode: 'REF', periodKey: null, baseline: 18000, target: 20000 },
      { indicatorCode: 'REF', periodKey: '2026/27-Q1', baseline: null, target: 5000 },
      { indicatorCode: 'COPE', periodKey: '2026/27-H1', baseline: 80, target: 85.25 },
      { indicatorCode: 'SUP', periodKey: '2026/27', baseline: null, target: 19000 },
    ];

    it('replaces the targets as a whole, in indicator order, with numbers back, audited with before and after', async () => {
      const before = await written();
      const res = await put(`/api/awards/${ownAward.id}/targets`, [first[2], { indicatorCode: 'REF', periodKey: '2026/27-Q1', target: 5000 }, first[3], first[0]]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ awardId: ownAward.id, framework: { id: framework.id } });
      expect(res.body.targets).toEqual([first[0], first[1], first[3], first[2]]);
      expect(await storedTargets(ownAward.id)).toEqual([
        { code: 'REF', period_key: null, baseline: '18000', target: '20000' },
        { code: 'REF', period_key: '2026/27-Q1', baseline: null, target: '5000' },
        { code: 'SUP', period_key: '2026/27', baseline: null, target: '19000' },
        { code: 'COPE', period_key: '2026/27-H1', baseline: '80', target: '85.25' },
      ]);
      expect(await written()).toEqual({ ...before, targets: before.targets + 4, audit: before.audit + 1 });
      const [audit] = await env.db.query(`SELECT action, actor_user_id, before, after FROM audit_entry WHERE entity_type = 'award_targets' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [ownAward.id]);
      expect(audit).toEqual({
        action: 'award-targets.replace',
        actor_user_id: commissionerUserId,
        before: { outcomeFrameworkId: framework.id, targets: [] },
        after: { outcomeFrameworkId: framework.id, targets: [first[0], first[1], first[3], first[2]] },
      });
    });

    it('replaces them again: what is left out goes, what changes changes, and the audit shows both', async () => {
      const second: Target[] = [
        { indicatorCode: 'REF', periodKey: null, baseline: 18000, target: 21000 },
        { indicatorCode: 'SAFE', periodKey: '2026/27-Q4', baseline: null, target: 70 },
      ];
      const res = await put(`/api/awards/${ownAward.id}/targets`, second);
      expect(res.status).toBe(200);
      expect(res.body.targets).toEqual(second);
      expect((await storedTargets(ownAward.id)).map((t) => [t.code, t.period_key, t.target])).toEqual([
        ['REF', null, '21000'],
        ['SAFE', '2026/27-Q4', '70'],
      ]);
      const [audit] = await env.db.query(`SELECT before, after FROM audit_entry WHERE entity_type = 'award_targets' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [ownAward.id]);
      expect(audit.before.targets).toEqual([first[0], first[1], first[3], first[2]]);
      expect(audit.after.targets).toEqual(second);

      // The same set again changes nothing and writes nothing.
      const before = await written();
      expect((await put(`/api/awards/${ownAward.id}/targets`, [...second].reverse())).body.targets).toEqual(second);
      expect(await written()).toEqual(before);
    });

    const targetsNow = async () => (await get(`/api/awards/${ownAward.id}/targets`).expect(200)).body.targets as Target[];

    it.each<[string, unknown, string]>([
      ['a percentage of 101', [{ indicatorCode: 'REF', target: 1 }, { indicatorCode: 'COPE', target: 101 }], 'targets[1].target'],
      ['a percentage with 3 decimal places', [{ indicatorCode: 'COPE', target: 50.125 }], 'targets[0].target'],
      ['a count of -1', [{ indicatorCode: 'REF', target: -1 }], 'targets[0].target'],
      ['a count of 1.5', [{ indicatorCode: 'SUP', periodKey: '2026/27-Q2', target: 1.5 }], 'targets[0].target'],
      ['a negative baseline', [{ indicatorCode: 'SUP', baseline: -3, target: 10 }], 'targets[0].baseline'],
      ['an unknown indicator code', [{ indicatorCode: 'REF', target: 1 }, { indicatorCode: 'SUP', target: 1 }, { indicatorCode: 'NOPE', target: 1 }], 'targets[2].indicatorCode'],
      ['an indicator code that is not a code', [{ indicatorCode: 'ref', target: 1 }], 'targets[0].indicatorCode'],
      ['a text indicator', [{ indicatorCode: 'STORY', target: 1 }], 'targets[0].indicatorCode'],
      ['the period 2026/28-Q1 (not a financial year)', [{ indicatorCode: 'REF', periodKey: '2026/28-Q1', target: 1 }], 'targets[0].periodKey'],
      ['the period 2026/27-Q5', [{ indicatorCode: 'REF', periodKey: '2026/27-Q5', target: 1 }], 'targets[0].periodKey'],
      ["a period outside the award's dates", [{ indicatorCode: 'REF', periodKey: '2024/25-Q1', target: 1 }], 'targets[0].periodKey'],
      ['the same indicator and period twice', [{ indicatorCode: 'REF', periodKey: '2026/27-Q1', target: 1 }, { indicatorCode: 'REF', periodKey: '2026/27-Q1', target: 2 }], 'targets[1].periodKey'],
      ['two whole-award targets for one indicator', [{ indicatorCode: 'REF', target: 1 }, { indicatorCode: 'REF', periodKey: null, target: 2 }], 'targets[1].periodKey'],
      ['a target given as a string', [{ indicatorCode: 'REF', target: '10' }], 'targets[0].target'],
      ['no target', [{ indicatorCode: 'REF' }], 'targets[0].target'],
      ['an unknown field', [{ indicatorCode: 'REF', target: 1, actual: 3 }], 'targets[0].actual'],
      ['an object instead of a list', { indicatorCode: 'REF', target: 1 }, 'array'],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, field) => {
      const before = await written();
      const was = await targetsNow();
      const res = await put(`/api/awards/${ownAward.id}/targets`, body);
      expect(res.status).toBe(400);
      if (field.startsWith('targets[')) expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
      else expect(res.body.message).toContain(field);
      expect(await written()).toEqual(before);
      expect(await targetsNow()).toEqual(was);
    });

    it('names every bad field of one request at once', async () => {
      const res = await put(`/api/awards/${ownAward.id}/targets`, [
        { indicatorCode: 'COPE', target: 101 },
        { indicatorCode: 'NOPE', target: 1 },
        { indicatorCode: 'REF', target: -1 },
      ]);
      expect(res.status).toBe(400);
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['targets[0].target', 'targets[1].indicatorCode', 'targets[2].target']);
    });

    it("lets a partner read its own award's targets and answers 404 for another's, exactly as for an unknown award", async () => {
      await put(`/api/awards/${otherAward.id}/targets`, [{ indicatorCode: 'REF', target: 77777 }]).expect(200);
      const own = await get(`/api/awards/${ownAward.id}/targets`, 'partner');
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ awardId: ownAward.id, framework: { id: framework.id, indicators: expect.any(Array) }, targets: expect.any(Array) });
      expect(own.body.framework.indicators.map((i: Indicator) => i.code)).toContain('COPE');
      const theirs = await get(`/api/awards/${otherAward.id}/targets`, 'partner');
      const unknown = await get(`/api/awards/${NOBODY}/targets`, 'partner');
      expect(theirs.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(theirs.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(theirs.body)).not.toContain('77777');
      expect(theirs.body.message.replace(otherAward.id, 'X')).toBe(unknown.body.message.replace(NOBODY, 'X'));
      for (const role of ['admin', 'finance', 'viewer']) {
        expect((await get(`/api/awards/${otherAward.id}/targets`, role)).body.targets).toEqual([{ indicatorCode: 'REF', periodKey: null, baseline: null, target: 77777 }]);
      }
    });

    it('lets only the commissioner write (403 for the others, writing nothing)', async () => {
      const before = await written();
      const indicator = { code: 'NEWER', title: 'New', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' };
      for (const role of ['partner', 'finance', 'viewer', 'admin']) {
        expect((await post('/api/outcome-frameworks', victimsServicesFrameworkInput({ fundingStreamId: stream.id }), role)).status).toBe(403);
        expect((await post(`/api/outcome-frameworks/${framework.id}/indicators`, indicator, role)).status).toBe(403);
        expect((await put(`/api/awards/${ownAward.id}/outcome-framework`, { outcomeFrameworkId: framework.id }, role)).status).toBe(403);
        expect((await put(`/api/awards/${ownAward.id}/targets`, [{ indicatorCode: 'REF', target: 1 }], role)).status).toBe(403);
      }
      expect(await written()).toEqual(before);
    });

    it('keeps the framework while the award has targets (409 OUTCOME_FRAMEWORK_IN_USE); clearing them frees it', async () => {
      const award = await freshAward();
      await withFramework(award);
      await put(`/api/awards/${award.id}/targets`, [{ indicatorCode: 'REF', target: 10 }]).expect(200);
      const yearFramework = (await post('/api/outcome-frameworks', { ...victimsServicesFrameworkInput({ financialYear: '2026/27' }), name: 'Another' }).expect(201)).body as Framework;
      const before = await written();
      const res = await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: yearFramework.id });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'OUTCOME_FRAMEWORK_IN_USE', outcomeFrameworkId: framework.id, targetCount: 1 });
      expect(await written()).toEqual(before);

      expect((await put(`/api/awards/${award.id}/targets`, [])).body.targets).toEqual([]);
      const moved = await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: yearFramework.id });
      expect(moved.status).toBe(200);
      expect(moved.body.framework.id).toBe(yearFramework.id);
      const audit = await env.db.query(`SELECT action, before, after FROM audit_entry WHERE entity_type = 'award_targets' AND entity_id = $1 ORDER BY id`, [award.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['award-outcome-framework.set', 'award-targets.replace', 'award-targets.replace', 'award-outcome-framework.set']);
      expect(audit[3]).toMatchObject({ before: { outcomeFrameworkId: framework.id }, after: { outcomeFrameworkId: yearFramework.id } });
    });

    it('refuses targets and framework changes on a cancelled award (409 INVALID_TRANSITION)', async () => {
      const award = await freshAward();
      await withFramework(award);
      await post(`/api/awards/${award.id}/cancel`, { reason: 'provider withdrew' }).expect(200);
      const before = await written();
      const res = await put(`/api/awards/${award.id}/targets`, [{ indicatorCode: 'REF', target: 10 }]);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', status: 'cancelled', action: 'set targets' });
      expect((await put(`/api/awards/${award.id}/outcome-framework`, { outcomeFrameworkId: framework.id })).body).toMatchObject({ code: 'INVALID_TRANSITION' });
      expect(await written()).toEqual(before);
    });

    it('lets exactly one of several simultaneous replacements stand, whole', async () => {
      const award = await freshAward();
      await withFramework(award);
      const sets = [1, 2, 3, 4, 5].map((n) => [
        { indicatorCode: 'REF', periodKey: null, baseline: null, target: n * 100 },
        { indicatorCode: 'SUP', periodKey: `2026/27-Q${(n % 4) + 1}`, baseline: null, target: n },
      ]);
      const answers = await Promise.all(sets.map((set) => put(`/api/awards/${award.id}/targets`, set)));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const final = (await get(`/api/awards/${award.id}/targets`).expect(200)).body.targets as Target[];
      expect(sets).toContainEqual(final);
      const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM award_target WHERE award_id = $1`, [award.id]);
      expect(n).toBe(2);
      const [{ audits }] = await env.db.query(`SELECT count(*)::int AS audits FROM audit_entry WHERE entity_id = $1 AND action = 'award-targets.replace'`, [award.id]);
      expect(audits).toBe(5);
    });
  });

  describe('for the reporting area', () => {
    it("gives the award's framework, indicators and targets, inside a caller's transaction too", async () => {
      const outcomes = env.app.get(OutcomesService);
      const found = await outcomes.frameworkForAward(null, ownAward.id);
      expect(found?.framework.id).toBe(framework.id);
      expect(found?.indicators.map((i) => i.code)).toEqual(['REF', 'SUP', 'COPE', 'SAFE', 'INFO', 'RJ_CASES', 'STORY']);
      expect(await outcomes.frameworkForAward(null, NOBODY)).toBeNull();
      expect(await outcomes.targetsForAward(ownAward.id)).toEqual([
        { indicatorCode: 'REF', periodKey: null, baseline: 18000, target: 21000 },
        { indicatorCode: 'SAFE', periodKey: '2026/27-Q4', baseline: null, target: 70 },
      ]);

      // setAwardFramework joins the caller's transaction: when the caller fails, nothing stays.
      const award = await freshAward();
      const before = await written();
      await expect(
        env.app.get(DataSource).transaction(async (tx) => {
          await outcomes.setAwardFramework(tx, systemActor('test'), award.id, framework.id);
          expect((await outcomes.frameworkForAward(tx, award.id))?.framework.id).toBe(framework.id);
          throw new Error('the caller fails later');
        }),
      ).rejects.toThrow('the caller fails later');
      expect(await written()).toEqual(before);
      expect(await outcomes.frameworkForAward(null, award.id)).toBeNull();
    });

    it('documents the routes and their bodies in OpenAPI', async () => {
      const doc = (await env.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/outcome-frameworks', '/api/outcome-frameworks/{id}', '/api/outcome-frameworks/{id}/indicators', '/api/awards/{id}/targets', '/api/awards/{id}/outcome-framework']),
      );
      expect(JSON.stringify(doc.paths['/api/awards/{id}/targets']!['put']!.requestBody)).toMatch(/array/);
      expect(JSON.stringify(doc.paths['/api/outcome-frameworks']!['post']!.requestBody)).toMatch(/CreateOutcomeFrameworkDto/);
    });
  });
});
