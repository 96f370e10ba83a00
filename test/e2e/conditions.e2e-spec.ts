import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Role } from '../../libs/domain/src/access/role.js';
import { ConditionsService } from '../../libs/domain/src/conditions/conditions.service.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { count, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, demoUserId, DEMO_ROLES } from '../helpers/demo.js';

interface AwardRow {
  id: string;
  recipientName: string;
  startDate: string;
}

describe('award conditions', () => {
  let env: TestEnv;
  const tokens: Record<string, string> = {};
  let commissionerUserId: string;
  let warringtonAward: AwardRow;
  let otherAward: AwardRow;

  const as = (role: string) => ({ Authorization: `Bearer ${tokens[role]}` });
  const post = (path: string, body: object = {}, role = 'commissioner') => env.http().post(path).set(as(role)).send(body);
  const get = (path: string, role = 'commissioner') => env.http().get(path).set(as(role));
  const condition = (fields: Record<string, unknown> = {}) => ({ title: 'Return the signed grant agreement', category: 'grant_agreement', holdsPayments: true, dueDate: '2014-05-01', ...fields });
  const written = async () => ({ conditions: await count(env, 'award_condition'), templates: await count(env, 'condition_template'), audit: await count(env, 'audit_entry') });

  async function freshAward(): Promise<{ id: string; streamId: string }> {
    const stream = await givenStream(env, tokens['commissioner']!, 100_000);
    const recipient = await givenOrganisation(env, tokens['commissioner']!);
    const award = await givenDraftAward(env, tokens['commissioner']!, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 10_000 });
    return { id: award.id, streamId: stream.id };
  }

  async function openCondition(awardId = warringtonAward.id, fields: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await post(`/api/awards/${awardId}/conditions`, condition(fields));
    expect(res.status).toBe(201);
    return res.body as { id: string };
  }

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...DEMO_ROLES));
    const awards = (await get('/api/awards?pageSize=200').expect(200)).body.items as AwardRow[];
    warringtonAward = awards.find((a) => a.recipientName === 'Warrington Borough Council')!;
    otherAward = awards.find((a) => a.recipientName === 'Halton Borough Council')!;
    expect(warringtonAward).toBeDefined();
    expect(otherAward).toBeDefined();
    commissionerUserId = await demoUserId(env, 'commissioner');
  });
  afterAll(() => env.close());

  describe('attaching and reading', () => {
    it('attaches an open condition to an award and audits it', async () => {
      const res = await post(`/api/awards/${warringtonAward.id}/conditions`, condition({ description: 'Clause 4 of the agreement' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        awardId: warringtonAward.id,
        title: 'Return the signed grant agreement',
        description: 'Clause 4 of the agreement',
        category: 'grant_agreement',
        holdsPayments: true,
        dueDate: '2014-05-01',
        status: 'open',
        note: null,
        resolvedByUserId: null,
        resolvedAt: null,
        templateId: null,
        createdByUserId: commissionerUserId,
      });
      const audit = await env.db.query(`SELECT action, actor_user_id, before, after FROM audit_entry WHERE entity_type = 'condition' AND entity_id = $1`, [res.body.id]);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'condition.create', actor_user_id: commissionerUserId, before: null, after: { id: res.body.id, status: 'open', holdsPayments: true } });
    });

    it('lets every staff role and the recipient partner read the conditions, oldest first', async () => {
      const first = await openCondition(warringtonAward.id, { title: 'Safeguarding policy', category: 'safeguarding', holdsPayments: false, dueDate: undefined });
      const second = await openCondition(warringtonAward.id, { title: 'Quarterly monitoring returns', category: 'monitoring', holdsPayments: false });
      for (const role of ['commissioner', 'finance', 'viewer', 'admin', 'partner']) {
        const res = await get(`/api/awards/${warringtonAward.id}/conditions`, role);
        expect(res.status).toBe(200);
        const ids = (res.body as { id: string }[]).map((c) => c.id);
        expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
        expect(ids.indexOf(second.id)).toBeGreaterThan(ids.indexOf(first.id));
      }
      const safeguarding = ((await get(`/api/awards/${warringtonAward.id}/conditions`, 'partner')).body as { id: string; dueDate: string | null }[]).find((c) => c.id === first.id);
      expect(safeguarding?.dueDate).toBeNull();
    });

    it('filters by status', async () => {
      const c = await openCondition();
      await post(`/api/conditions/${c.id}/met`, { note: 'Evidence received' }).expect(200);
      const open = (await get(`/api/awards/${warringtonAward.id}/conditions?status=open`).expect(200)).body as { id: string; status: string }[];
      const met = (await get(`/api/awards/${warringtonAward.id}/conditions?status=met`).expect(200)).body as { id: string; status: string }[];
      expect(open.every((x) => x.status === 'open')).toBe(true);
      expect(open.map((x) => x.id)).not.toContain(c.id);
      expect(met.map((x) => x.id)).toContain(c.id);
      await get(`/api/awards/${warringtonAward.id}/conditions?status=pending`).expect(400);
    });

    it("answers a partner 404 for another organisation's award, exactly as for an unknown one", async () => {
      await openCondition(otherAward.id, { title: 'Halton only' });
      expect((await get(`/api/awards/${otherAward.id}/conditions`, 'commissioner')).status).toBe(200);
      const theirs = await get(`/api/awards/${otherAward.id}/conditions`, 'partner');
      const unknown = await get(`/api/awards/00000000-0000-4000-8000-000000000000/conditions`, 'partner');
      expect(theirs.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(theirs.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(theirs.body)).not.toContain('Halton only');
      expect(theirs.body.message.replace(otherAward.id, 'X')).toBe(unknown.body.message.replace('00000000-0000-4000-8000-000000000000', 'X'));
    });

    it('lets only the commissioner write (partner, finance and viewer get 403 and nothing is written)', async () => {
      const c = await openCondition();
      const before = await written();
      for (const role of ['partner', 'finance', 'viewer', 'admin']) {
        expect((await post(`/api/awards/${warringtonAward.id}/conditions`, condition(), role)).status).toBe(403);
        expect((await post(`/api/conditions/${c.id}/met`, { note: 'done' }, role)).status).toBe(403);
      }
      expect(await written()).toEqual(before);
    });

    it('answers 404 for an unknown award or condition and 400 for an id that is not a UUID', async () => {
      const nobody = '00000000-0000-4000-8000-000000000000';
      expect((await post(`/api/awards/${nobody}/conditions`, condition())).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await get(`/api/awards/${nobody}/conditions`)).status).toBe(404);
      expect((await post(`/api/conditions/${nobody}/met`, { note: 'x' })).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect((await post(`/api/conditions/not-a-uuid/waive`, { note: 'x' })).status).toBe(400);
    });
  });

  describe('bad input is 400 naming the field and writes nothing', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['no title', { title: undefined }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a title over 300 characters', { title: 'x'.repeat(301) }, 'title'],
      ['a description over 5000 characters', { description: 'x'.repeat(5001) }, 'description'],
      ['an unknown category', { category: 'vibes' }, 'category'],
      ['no category', { category: undefined }, 'category'],
      ['holdsPayments as a string', { holdsPayments: 'true' }, 'holdsPayments'],
      ['no holdsPayments', { holdsPayments: undefined }, 'holdsPayments'],
      ['a date that does not exist', { dueDate: '2014-02-30' }, 'dueDate'],
      ['a date in another format', { dueDate: '01/05/2014' }, 'dueDate'],
      ['an unknown field', { status: 'met' }, 'status'],
    ])('refuses a condition with %s', async (_, fields, field) => {
      const before = await written();
      const res = await post(`/api/awards/${warringtonAward.id}/conditions`, condition(fields));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(await written()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>]>([
      ['no note', {}],
      ['an empty note', { note: '' }],
      ['a whitespace note', { note: '  \n ' }],
      ['a note that is not text', { note: 42 }],
      ['a note over 5000 characters', { note: 'x'.repeat(5001) }],
      ['an unknown field beside the note', { note: 'fine', resolvedByUserId: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses met, waive and breach with %s, leaving the condition open', async (_, body) => {
      const c = await openCondition();
      const before = await written();
      for (const action of ['met', 'waive', 'breach']) {
        const res = await post(`/api/conditions/${c.id}/${action}`, body);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).toMatch(/note|resolvedByUserId/);
      }
      expect(await written()).toEqual(before);
      const [row] = await env.db.query(`SELECT status, note FROM award_condition WHERE id = $1`, [c.id]);
      expect(row).toEqual({ status: 'open', note: null });
    });
  });

  describe('lifecycle: open -> met | waived | breached', () => {
    it.each([
      ['met', 'met', 'Signed agreement received 3 April 2014'],
      ['waive', 'waived', 'Agreement superseded by the joint commissioning contract'],
      ['breach', 'breached', 'Safeguarding lead left in June and was not replaced'],
    ])('%s records the note, who and when, and audits before and after', async (action, status, note) => {
      const c = await openCondition();
      const res = await post(`/api/conditions/${c.id}/${action}`, { note });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: c.id, status, note, resolvedByUserId: commissionerUserId });
      expect(new Date(res.body.resolvedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const [row] = await env.db.query(`SELECT status, note, resolved_by_user_id FROM award_condition WHERE id = $1`, [c.id]);
      expect(row).toEqual({ status, note, resolved_by_user_id: commissionerUserId });
      const audit = await env.db.query(`SELECT action, before, after FROM audit_entry WHERE entity_type = 'condition' AND entity_id = $1 ORDER BY id`, [c.id]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['condition.create', `condition.${action}`]);
      expect(audit[1]).toMatchObject({ before: { status: 'open', note: null }, after: { status, note, resolvedByUserId: commissionerUserId } });
    });

    const resolved: [string, string][] = [['met', 'met'], ['waive', 'waived'], ['breach', 'breached']];
    it.each(resolved.flatMap(([first, status]) => ['met', 'waive', 'breach'].map((then) => [first, status, then] as const)))(
      'after %s (%s), refuses %s with 409 INVALID_TRANSITION and changes nothing',
      async (first, status, then) => {
        const c = await openCondition();
        await post(`/api/conditions/${c.id}/${first}`, { note: 'first decision' }).expect(200);
        const before = await written();
        const res = await post(`/api/conditions/${c.id}/${then}`, { note: 'second decision' });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ statusCode: 409, code: 'INVALID_TRANSITION', status, action: then });
        expect(await written()).toEqual(before);
        const [row] = await env.db.query(`SELECT status, note FROM award_condition WHERE id = $1`, [c.id]);
        expect(row).toEqual({ status, note: 'first decision' });
      },
    );

    it('lets exactly one of several simultaneous resolutions through', async () => {
      const c = await openCondition();
      const answers = await Promise.all(
        ['met', 'waive', 'breach', 'met', 'waive', 'breach'].map((action, i) => post(`/api/conditions/${c.id}/${action}`, { note: `attempt ${i}` })),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'INVALID_TRANSITION')).toBe(true);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(5);
      const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action <> 'condition.create'`, [c.id]);
      expect(n).toBe(1);
    });

    it('refuses new conditions on a cancelled or closed award (409 INVALID_TRANSITION), writing nothing', async () => {
      const cancelled = await freshAward();
      await post(`/api/awards/${cancelled.id}/cancel`, { reason: 'provider withdrew' }).expect(200);
      const closed = await freshAward();
      await post(`/api/awards/${closed.id}/approve`).expect(200);
      await post(`/api/awards/${closed.id}/activate`, { agreementSignedOn: '2026-04-01' }).expect(200);
      await post(`/api/awards/${closed.id}/close`, { reason: 'delivered' }).expect(200);
      for (const [award, status] of [[cancelled, 'cancelled'], [closed, 'closed']] as const) {
        const before = await written();
        const res = await post(`/api/awards/${award.id}/conditions`, condition());
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', status, action: 'add condition' });
        expect(await written()).toEqual(before);
        // The database refuses it too, whatever the code does.
        await expect(
          env.db.query(`INSERT INTO award_condition (award_id, title, category, holds_payments) VALUES ($1, 'sneaked in', 'other', true)`, [award.id]),
        ).rejects.toThrow(new RegExp(`award ${award.id} is ${status}; conditions cannot be added`));
      }
    });

    it('still takes conditions on draft, approved, active and suspended awards', async () => {
      const award = await freshAward();
      await openCondition(award.id);
      await post(`/api/awards/${award.id}/approve`).expect(200);
      await openCondition(award.id);
      await post(`/api/awards/${award.id}/activate`, { agreementSignedOn: '2026-04-01' }).expect(200);
      await openCondition(award.id);
      await post(`/api/awards/${award.id}/suspend`, { reason: 'review' }).expect(200);
      await openCondition(award.id);
      expect((await get(`/api/awards/${award.id}/conditions`).expect(200)).body).toHaveLength(4);
    });
  });

  describe('held by the database', () => {
    it('refuses a resolved status without a note, resolver and time', async () => {
      const c = await openCondition();
      await expect(env.db.query(`UPDATE award_condition SET status = 'met' WHERE id = $1`, [c.id])).rejects.toThrow(/award_condition_resolution_recorded/);
      await expect(
        env.db.query(`UPDATE award_condition SET status = 'met', note = '  ', resolved_by_user_id = $2, resolved_at = now() WHERE id = $1`, [c.id, commissionerUserId]),
      ).rejects.toThrow(/award_condition_resolution_recorded/);
      await expect(env.db.query(`UPDATE award_condition SET status = 'waived', note = 'reason' WHERE id = $1`, [c.id])).rejects.toThrow(/award_condition_resolution_recorded/);
      await expect(
        env.db.query(`UPDATE award_condition SET status = 'done', note = 'x', resolved_by_user_id = $2, resolved_at = now() WHERE id = $1`, [c.id, commissionerUserId]),
      ).rejects.toThrow(/award_condition_status_check/);
      await expect(env.db.query(`UPDATE award_condition SET note = 'notes belong to resolutions' WHERE id = $1`, [c.id])).rejects.toThrow(/award_condition_resolution_recorded/);
      const [row] = await env.db.query(`SELECT status, note FROM award_condition WHERE id = $1`, [c.id]);
      expect(row).toEqual({ status: 'open', note: null });
      // With everything recorded, the database accepts it.
      await env.db.query(`UPDATE award_condition SET status = 'met', note = 'evidence', resolved_by_user_id = $2, resolved_at = now() WHERE id = $1`, [c.id, commissionerUserId]);
    });

    it('keeps a resolution final: no reopening, no rewriting the note, no deleting', async () => {
      const c = await openCondition();
      await post(`/api/conditions/${c.id}/waive`, { note: 'not needed for a council' }).expect(200);
      await expect(
        env.db.query(`UPDATE award_condition SET status = 'open', note = NULL, resolved_by_user_id = NULL, resolved_at = NULL WHERE id = $1`, [c.id]),
      ).rejects.toThrow(/resolution is final/);
      await expect(env.db.query(`UPDATE award_condition SET note = 'rewritten' WHERE id = $1`, [c.id])).rejects.toThrow(/resolution is final/);
      await expect(env.db.query(`UPDATE award_condition SET status = 'met' WHERE id = $1`, [c.id])).rejects.toThrow(/resolution is final/);
      await expect(env.db.query(`UPDATE award_condition SET award_id = $2 WHERE id = $1`, [c.id, otherAward.id])).rejects.toThrow(/cannot move to another award/);
      await expect(env.db.query(`DELETE FROM award_condition WHERE id = $1`, [c.id])).rejects.toThrow(/never deleted/);
      // Documents reference conditions, so PostgreSQL refuses the TRUNCATE before the trigger runs; either way nothing goes.
      await expect(env.db.query(`TRUNCATE award_condition`)).rejects.toThrow(/never deleted|referenced in a foreign key constraint/);
      const [row] = await env.db.query(`SELECT status, note FROM award_condition WHERE id = $1`, [c.id]);
      expect(row).toEqual({ status: 'waived', note: 'not needed for a council' });
    });

    it('refuses an unknown category', async () => {
      await expect(
        env.db.query(`INSERT INTO award_condition (award_id, title, category, holds_payments) VALUES ($1, 'x', 'vibes', false)`, [warringtonAward.id]),
      ).rejects.toThrow(/award_condition_category_check/);
    });

    it('lists the open and breached conditions that hold payments for the payment trigger (docs/design.md#invariant-5)', async () => {
      const { id: awardId } = await freshAward();
      const holdingCount = async () => ((await env.db.query(`SELECT jsonb_array_length(award_holding_conditions($1)) AS n`, [awardId])) as [{ n: number }])[0].n;
      expect(await holdingCount()).toBe(0);
      const agreement = await openCondition(awardId, { title: 'Signed agreement', holdsPayments: true, dueDate: '2026-04-15' });
      const insurance = await openCondition(awardId, { title: 'Insurance certificate', category: 'insurance', holdsPayments: true, dueDate: null });
      const audited = await openCondition(awardId, { title: 'Audited accounts', category: 'financial', holdsPayments: true, dueDate: '2026-04-10' });
      await openCondition(awardId, { title: 'Publicity', category: 'publicity', holdsPayments: false });
      expect(await holdingCount()).toBe(3);

      await post(`/api/conditions/${audited.id}/met`, { note: 'Accounts for 2025 received' }).expect(200);
      expect(await holdingCount()).toBe(2);

      const conditions = env.app.get(ConditionsService);
      const holding = () => env.app.get(DataSource).transaction((tx) => conditions.holdingConditions(tx, awardId));
      expect(await holding()).toEqual([
        { id: agreement.id, title: 'Signed agreement', dueDate: '2026-04-15', status: 'open' },
        { id: insurance.id, title: 'Insurance certificate', dueDate: null, status: 'open' },
      ]);

      await post(`/api/conditions/${agreement.id}/waive`, { note: 'Agreement signed under the framework contract' }).expect(200);
      await post(`/api/conditions/${insurance.id}/breach`, { note: 'No certificate provided; award suspended' }).expect(200);
      // A breach holds for good; only met and waive (recorded while open) release.
      expect(await holdingCount()).toBe(1);
      expect(await holding()).toEqual([{ id: insurance.id, title: 'Insurance certificate', dueDate: null, status: 'breached' }]);
    });
  });

  describe('stream condition templates', () => {
    const template = (fields: Record<string, unknown> = {}) => ({ title: 'Provide a safeguarding policy', category: 'safeguarding', holdsPayments: true, dueDaysAfterStart: 30, ...fields });

    it('lets the commissioner add templates and staff read them; audits each', async () => {
      const stream = await givenStream(env, tokens['commissioner']!, 50_000);
      const res = await post(`/api/funding-streams/${stream.id}/condition-templates`, template({ description: 'Policy and a named lead' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ fundingStreamId: stream.id, title: 'Provide a safeguarding policy', description: 'Policy and a named lead', category: 'safeguarding', holdsPayments: true, dueDaysAfterStart: 30 });
      await post(`/api/funding-streams/${stream.id}/condition-templates`, template({ title: 'Publicity', category: 'publicity', holdsPayments: false, dueDaysAfterStart: undefined })).expect(201);
      for (const role of ['commissioner', 'finance', 'viewer', 'admin']) {
        const list = await get(`/api/funding-streams/${stream.id}/condition-templates`, role);
        expect(list.status).toBe(200);
        expect((list.body as { title: string; dueDaysAfterStart: number | null }[]).map((t) => [t.title, t.dueDaysAfterStart])).toEqual([
          ['Provide a safeguarding policy', 30],
          ['Publicity', null],
        ]);
      }
      const audit = await env.db.query(`SELECT action, after FROM audit_entry WHERE entity_type = 'condition_template' AND entity_id = $1`, [res.body.id]);
      expect(audit).toEqual([{ action: 'condition-template.create', after: expect.objectContaining({ id: res.body.id, fundingStreamId: stream.id }) }]);
    });

    it('keeps partners out and answers 404 for an unknown stream', async () => {
      const stream = await givenStream(env, tokens['commissioner']!, 50_000);
      const before = await written();
      expect((await get(`/api/funding-streams/${stream.id}/condition-templates`, 'partner')).status).toBe(403);
      for (const role of ['partner', 'finance', 'viewer']) expect((await post(`/api/funding-streams/${stream.id}/condition-templates`, template(), role)).status).toBe(403);
      const nobody = '00000000-0000-4000-8000-000000000000';
      expect((await get(`/api/funding-streams/${nobody}/condition-templates`)).status).toBe(404);
      expect((await post(`/api/funding-streams/${nobody}/condition-templates`, template())).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(await written()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['negative due days', { dueDaysAfterStart: -1 }, 'dueDaysAfterStart'],
      ['fractional due days', { dueDaysAfterStart: 1.5 }, 'dueDaysAfterStart'],
      ['due days as a string', { dueDaysAfterStart: '30' }, 'dueDaysAfterStart'],
      ['more than ten years of due days', { dueDaysAfterStart: 3661 }, 'dueDaysAfterStart'],
      ['an unknown category', { category: 'misc' }, 'category'],
      ['a blank title', { title: '' }, 'title'],
      ['an unknown field', { fundingStreamId: '00000000-0000-4000-8000-000000000000' }, 'fundingStreamId'],
    ])('refuses a template with %s (400 naming the field, nothing written)', async (_, fields, field) => {
      const stream = await givenStream(env, tokens['commissioner']!, 50_000);
      const before = await written();
      const res = await post(`/api/funding-streams/${stream.id}/condition-templates`, template(fields));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
      expect(await written()).toEqual(before);
    });

    it('copies the templates into open conditions inside the caller transaction (copyTemplatesToAward)', async () => {
      // The award exists before its stream has templates, so only the direct call below copies.
      const award = await freshAward();
      await post(`/api/funding-streams/${award.streamId}/condition-templates`, template({ title: 'Signed agreement', category: 'grant_agreement', dueDaysAfterStart: 0 })).expect(201);
      const safeguarding = await post(`/api/funding-streams/${award.streamId}/condition-templates`, template({ dueDaysAfterStart: 30 })).expect(201);
      await post(`/api/funding-streams/${award.streamId}/condition-templates`, template({ title: 'Acknowledge the funding', category: 'publicity', holdsPayments: false, dueDaysAfterStart: null })).expect(201);
      // A template of another stream is never copied.
      const elsewhere = await givenStream(env, tokens['commissioner']!, 1_000);
      await post(`/api/funding-streams/${elsewhere.id}/condition-templates`, template({ title: 'Not this one' })).expect(201);

      const conditions = env.app.get(ConditionsService);
      const dataSource = env.app.get(DataSource);
      const actor = { userId: commissionerUserId, role: Role.Commissioner, organisationId: null, requestId: 'conditions-e2e' };

      // Rolled back with its caller: nothing stays behind.
      const before = await written();
      await expect(
        dataSource.transaction(async (tx) => {
          expect(await conditions.copyTemplatesToAward(tx, actor, award.streamId, award.id, '2026-04-01')).toBe(3);
          throw new Error('caller failed');
        }),
      ).rejects.toThrow('caller failed');
      expect(await written()).toEqual(before);

      const copied = await dataSource.transaction((tx) => conditions.copyTemplatesToAward(tx, actor, award.streamId, award.id, '2026-04-01'));
      expect(copied).toBe(3);
      const list = (await get(`/api/awards/${award.id}/conditions`).expect(200)).body as Record<string, unknown>[];
      expect(list.map((c) => [c['title'], c['category'], c['holdsPayments'], c['dueDate'], c['status']])).toEqual([
        ['Signed agreement', 'grant_agreement', true, '2026-04-01', 'open'],
        ['Provide a safeguarding policy', 'safeguarding', true, '2026-05-01', 'open'],
        ['Acknowledge the funding', 'publicity', false, null, 'open'],
      ]);
      expect(list[1]).toMatchObject({ templateId: safeguarding.body.id, createdByUserId: commissionerUserId });
      const audit = await env.db.query(
        `SELECT a.action, a.request_id FROM audit_entry a JOIN award_condition c ON a.entity_id = c.id::text WHERE a.entity_type = 'condition' AND c.award_id = $1`,
        [award.id],
      );
      expect(audit).toHaveLength(3);
      expect(audit.every((a: { action: string; request_id: string }) => a.action === 'condition.create' && a.request_id === 'conditions-e2e')).toBe(true);
      expect(await count(env, 'award_condition')).toBe(before.conditions + 3);
    });

    it('copies nothing for a stream without templates', async () => {
      const award = await freshAward();
      const conditions = env.app.get(ConditionsService);
      const actor = { userId: commissionerUserId, role: Role.Commissioner, organisationId: null };
      expect(await env.app.get(DataSource).transaction((tx) => conditions.copyTemplatesToAward(tx, actor, award.streamId, award.id, '2026-04-01'))).toBe(0);
      expect((await get(`/api/awards/${award.id}/conditions`).expect(200)).body).toEqual([]);
    });

    // Needs AwardsService.create to call ConditionsService.copyTemplatesToAward in its transaction.
    it('starts a new award (POST /api/awards) with its stream templates as open conditions', async () => {
      const stream = await givenStream(env, tokens['commissioner']!, 100_000);
      await post(`/api/funding-streams/${stream.id}/condition-templates`, template({ title: 'Signed agreement', category: 'grant_agreement', dueDaysAfterStart: 14 })).expect(201);
      await post(`/api/funding-streams/${stream.id}/condition-templates`, template({ title: 'Quarterly returns', category: 'monitoring', holdsPayments: false, dueDaysAfterStart: null })).expect(201);
      const recipient = await givenOrganisation(env, tokens['commissioner']!);
      const award = await givenDraftAward(env, tokens['commissioner']!, { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: 5_000, startDate: '2026-06-01', endDate: '2027-03-31' });
      const list = (await get(`/api/awards/${award.id}/conditions`).expect(200)).body as Record<string, unknown>[];
      expect(list.map((c) => [c['title'], c['holdsPayments'], c['dueDate'], c['status']])).toEqual([
        ['Signed agreement', true, '2026-06-15', 'open'],
        ['Quarterly returns', false, null, 'open'],
      ]);
      const [{ n }] = await env.db.query(
        `SELECT count(*)::int AS n FROM audit_entry a JOIN award_condition c ON a.entity_id = c.id::text WHERE a.action = 'condition.create' AND c.award_id = $1`,
        [award.id],
      );
      expect(n).toBe(2);
    });
  });
});
