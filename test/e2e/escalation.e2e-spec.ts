import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { RemindersService } from '../../libs/domain/src/reminders/reminders.service.js';
import { givenScheduledAward, waitFor } from '../factories/monitoring.factory.js';
import { loginAs, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/**
 * Escalation never vanishes (issue 12, item 4; docs/design.md#escalation). An overdue step copies the
 * award's lead officer, else the stream's, else every active commissioner of the commissioning
 * organisation; when nobody can receive it the chasing record says so and staff see it counted.
 * Checked where it matters: who the SMTP server was asked to deliver each message to.
 */
describe('escalation of overdue reminders', () => {
  let env: TestEnv;
  let admin: string;
  let commissioner: string;
  let reminders: RemindersService;
  const as = (t: string) => ({ Authorization: `Bearer ${t}` });
  const DEMO_COMMISSIONER = 'commissioner@demo.ringfence.local';
  const PASSWORD = 'grey-otter-sings-at-dawn-42';

  async function givenCommissioner(email: string): Promise<string> {
    const res = await env.http().post('/api/users').set(as(admin)).send({ email, name: email, role: 'commissioner', password: PASSWORD });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  const setDisabled = async (userId: string, disabled: boolean) => env.http().patch(`/api/users/${userId}`).set(as(admin)).send({ disabled }).expect(200);
  const rows = async (awardId: string) =>
    (await env.db.query(`SELECT status, escalated, cc, escalation_route, escalation_error FROM notification WHERE award_id = $1 AND status <> 'skipped'`, [awardId])) as {
      status: string;
      escalated: boolean;
      cc: string[];
      escalation_route: string | null;
      escalation_error: string | null;
    }[];
  const mailFor = (reference: string) => env.sink.messages.filter((m) => m.raw.includes(reference));
  const undeliverable = async () => (await env.http().get('/api/reminders/undeliverable?pageSize=200').set(as(await loginAs(env, 'viewer')))).body;

  beforeAll(async () => {
    env = await demoEnv();
    ({ admin, commissioner } = await demoAs(env, 'admin', 'commissioner'));
    reminders = env.app.get(RemindersService);
  });
  afterAll(() => env.close());

  it('takes as lead officer only an active commissioner, refusing anyone else with the field named, and audits and shows it', async () => {
    const award = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
    const lead = await givenCommissioner('lead-check@commissioning.example.org');
    const retired = await givenCommissioner('retired-check@commissioning.example.org');
    await setDisabled(retired, true);
    const [finance] = await env.db.query(`SELECT id FROM app_user WHERE email = 'finance@demo.ringfence.local'`);
    for (const refused of [finance.id, retired, '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f']) {
      const stream = await env.http().patch(`/api/funding-streams/${award.streamId}`).set(as(commissioner)).send({ leadOfficerUserId: refused });
      expect(stream.status).toBe(400);
      expect(stream.body.message).toMatch(/^leadOfficerUserId /);
      const onAward = await env.http().patch(`/api/awards/${award.awardId}`).set(as(commissioner)).send({ leadOfficerUserId: refused });
      expect(onAward.status).toBe(400);
      expect(onAward.body.message).toMatch(/^leadOfficerUserId /);
    }
    // Nothing was written by the refusals.
    expect((await env.http().get(`/api/funding-streams/${award.streamId}`).set(as(commissioner))).body.leadOfficerUserId).toBeNull();
    expect((await env.http().get(`/api/awards/${award.awardId}`).set(as(commissioner))).body.leadOfficerUserId).toBeNull();

    expect((await env.http().patch(`/api/funding-streams/${award.streamId}`).set(as(commissioner)).send({ leadOfficerUserId: lead })).body.leadOfficerUserId).toBe(lead);
    expect((await env.http().patch(`/api/awards/${award.awardId}`).set(as(commissioner)).send({ leadOfficerUserId: lead })).body.leadOfficerUserId).toBe(lead);
    expect((await env.http().get(`/api/funding-streams/${award.streamId}`).set(as(await loginAs(env, 'viewer')))).body.leadOfficerUserId).toBe(lead);
    expect((await env.http().get(`/api/awards/${award.awardId}`).set(as(commissioner))).body.leadOfficerUserId).toBe(lead);
    const audited = await env.db.query(
      `SELECT entity_type, action, before->>'leadOfficerUserId' AS before, after->>'leadOfficerUserId' AS after FROM audit_entry
        WHERE entity_id IN ($1, $2) AND action IN ('funding-stream.update', 'award.update') ORDER BY id`,
      [award.streamId, award.awardId],
    );
    expect(audited).toEqual([
      { entity_type: 'funding_stream', action: 'funding-stream.update', before: null, after: lead },
      { entity_type: 'award', action: 'award.update', before: null, after: lead },
    ]);
    // Naming nobody again is allowed.
    expect((await env.http().patch(`/api/awards/${award.awardId}`).set(as(commissioner)).send({ leadOfficerUserId: null })).body.leadOfficerUserId).toBeNull();

    // The database is the second wall: a lead officer who is no active commissioner is refused
    // whatever writes it, and so is an escalated row that copies nobody without saying why.
    await expect(env.db.query(`UPDATE funding_stream SET lead_officer_user_id = $1 WHERE id = $2`, [finance.id, award.streamId])).rejects.toThrow(/not an active commissioner/);
    await expect(env.db.query(`UPDATE award SET lead_officer_user_id = $1 WHERE id = $2`, [retired, award.awardId])).rejects.toThrow(/not an active commissioner/);
    const [period] = await env.db.query(`SELECT id FROM reporting_period WHERE award_id = $1 LIMIT 1`, [award.awardId]);
    await expect(
      env.db.query(`INSERT INTO notification (reporting_period_id, award_id, step_key, step_date, escalated, subject, body) VALUES ($1, $2, 'manual', '2026-01-01', true, 's', 'b')`, [
        period.id,
        award.awardId,
      ]),
    ).rejects.toThrow(/notification_escalation_recorded/);
  });

  it("gives the demo's streams the demo commissioner as lead officer", async () => {
    const streams = (await env.db.query(
      `SELECT s.name, u.email FROM funding_stream s LEFT JOIN app_user u ON u.id = s.lead_officer_user_id WHERE s.financial_year IN ('2014/15','2024/25') ORDER BY s.name`,
    )) as { name: string; email: string | null }[];
    expect(streams.length).toBeGreaterThanOrEqual(3);
    expect(streams.every((s) => s.email === DEMO_COMMISSIONER)).toBe(true);
  });

  describe('through the worker and SMTP', () => {
    const awardLead = 'award-lead@commissioning.example.org';
    const streamLead = 'stream-lead@commissioning.example.org';
    const leftLead = 'left-lead@commissioning.example.org';
    type Award = Awaited<ReturnType<typeof givenScheduledAward>>;
    let worker: INestApplicationContext;
    let a: Award;
    let b: Award;
    let c: Award;
    let d: Award;
    let e: Award;
    let countBefore: number;
    let sinkBefore: number;
    const pending = async () => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE status = 'pending'`))[0].n);
    // Who the SMTP server was asked to deliver each message to, beside the partner's addresses.
    const officersMailed = (reference: string) => mailFor(reference).map((m) => m.to.filter((to) => !/partner\.example\.org$/.test(to)).sort());

    beforeAll(async () => {
      worker = await createWorkerApp(env.env);
      const awardLeadId = await givenCommissioner(awardLead);
      const streamLeadId = await givenCommissioner(streamLead);
      const leftLeadId = await givenCommissioner(leftLead);
      // A names its own lead officer; its stream names another.
      a = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
      await env.http().patch(`/api/funding-streams/${a.streamId}`).set(as(commissioner)).send({ leadOfficerUserId: streamLeadId }).expect(200);
      await env.http().patch(`/api/awards/${a.awardId}`).set(as(commissioner)).send({ leadOfficerUserId: awardLeadId }).expect(200);
      // B names a lead officer who has since left; its stream names one who has not.
      b = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
      await env.http().patch(`/api/funding-streams/${b.streamId}`).set(as(commissioner)).send({ leadOfficerUserId: streamLeadId }).expect(200);
      await env.http().patch(`/api/awards/${b.awardId}`).set(as(commissioner)).send({ leadOfficerUserId: leftLeadId }).expect(200);
      await setDisabled(leftLeadId, true);
      // C names no lead officer anywhere.
      c = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
      // E's partner has nowhere to write to: nothing is sent, so no officer hears of it either.
      e = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01', contactEmail: null });
      // D is made now (making awards needs a commissioner); its first period is not overdue until
      // a later scan, by when nobody can receive an escalation.
      d = await givenScheduledAward(env, commissioner, { startDate: '2026-10-01', endDate: '2027-03-31' });

      await waitFor('earlier reminders settled', async () => (await pending()) === 0);
      countBefore = (await undeliverable()).total as number;
      sinkBefore = env.sink.messages.length;
      // Every 2025/26 quarter is past its overdue-10 step: one escalated reminder per quarter.
      await reminders.scan('2026-11-24');
      await waitFor('reminders sent', async () => (await pending()) === 0);
    }, 60_000);
    afterAll(() => worker.close());

    it("copies the award's lead officer when it names one", async () => {
      for (const r of await rows(a.awardId)) expect(r).toMatchObject({ escalated: true, cc: [awardLead], escalation_route: 'award_lead_officer', escalation_error: null });
      expect(officersMailed(a.reference)).toEqual(Array(4).fill([awardLead]));
      expect(mailFor(a.reference)[0]!.raw.replace(/\r?\n /g, ' ')).toContain(`Cc: ${awardLead}`);
    });

    it("copies the stream's lead officer when the award's is no longer an active commissioner", async () => {
      for (const r of await rows(b.awardId)) expect(r).toMatchObject({ cc: [streamLead], escalation_route: 'stream_lead_officer' });
      expect(officersMailed(b.reference)).toEqual(Array(4).fill([streamLead]));
      expect(env.sink.messages.slice(sinkBefore).flatMap((m) => m.to)).not.toContain(leftLead);
    });

    it('copies every active commissioner of the commissioning organisation when no lead officer is named', async () => {
      // Staff carry no organisation, so every active commissioner acts for it; those disabled do not.
      const everyone = [awardLead, DEMO_COMMISSIONER, 'lead-check@commissioning.example.org', streamLead].sort();
      for (const r of await rows(c.awardId)) expect(r).toMatchObject({ cc: everyone, escalation_route: 'commissioning_organisation' });
      expect(officersMailed(c.reference)).toEqual(Array(4).fill(everyone));
    });

    it("escalates the demo's overdue returns to its streams' lead officer", async () => {
      const demo = await env.db.query(
        `SELECT n.cc, n.escalation_route, n.status FROM notification n JOIN award a ON a.id = n.award_id
          WHERE a.reference LIKE 'CHES-VS-2425-%' AND n.escalated AND n.status <> 'skipped'`,
      );
      expect(demo.length).toBeGreaterThan(0);
      for (const n of demo) expect(n).toEqual({ cc: [DEMO_COMMISSIONER], escalation_route: 'stream_lead_officer', status: 'sent' });
    });

    it('counts an escalation that went nowhere because nothing could be sent, with the reason', async () => {
      expect(mailFor(e.reference)).toHaveLength(0);
      const listed = await undeliverable();
      const ofE = listed.items.filter((i: { awardId: string }) => i.awardId === e.awardId);
      expect(ofE).toHaveLength(4);
      expect(ofE[0]).toMatchObject({ awardReference: e.reference, stepKey: 'overdue-10', status: 'undeliverable', reason: 'nothing was sent: no contact email for the organisation and no partner users' });
      expect(listed.total).toBe(countBefore + 4);
    });

    it('records an escalation nobody can receive on the chasing record, still writes to the partner, and counts it for staff', async () => {
      const countNow = (await undeliverable()).total as number;
      const active = (await env.db.query(`SELECT id FROM app_user WHERE role = 'commissioner' AND NOT disabled`)) as { id: string }[];
      for (const u of active) await setDisabled(u.id, true);
      try {
        const sinkNow = env.sink.messages.length;
        // D's 2026/27-Q3 is past its overdue-10 step. The demo's current-year award (its periods
        // dated from today's date) may have steps due by then too: those are counted apart below.
        const scanStarted = ((await env.db.query(`SELECT now() AS t`)) as [{ t: Date }])[0].t;
        const scan = await reminders.scan('2027-02-15');
        await waitFor('reminders sent', async () => (await pending()) === 0);
        const dRows = await rows(d.awardId);
        expect(dRows).toHaveLength(1);
        expect(dRows[0]).toMatchObject({ status: 'sent', escalated: true, cc: [], escalation_route: 'undeliverable' });
        expect(dRows[0]!.escalation_error).toMatch(/^nobody can receive this escalation: the award names no lead officer; the stream names no lead officer; no active commissioner acts for/);
        const [{ n: others }] = (await env.db.query(
          `SELECT count(*)::int AS n FROM notification WHERE created_at >= $1 AND award_id <> $2 AND escalated AND status <> 'skipped' AND (escalation_route = 'undeliverable' OR status = 'undeliverable')`,
          [scanStarted, d.awardId],
        )) as [{ n: number }];
        expect(scan.escalationsUndeliverable).toBe(1 + others);
        // The partner still hears; no officer does.
        const dMail = env.sink.messages.slice(sinkNow).filter((m) => m.raw.includes(d.reference));
        expect(dMail).toHaveLength(1);
        expect(dMail[0]!.to).toEqual([expect.stringMatching(/partner\.example\.org$/)]);
        expect(dMail[0]!.raw).not.toMatch(/^Cc:/m);

        // The chasing record says so (the missed overdue-3 step, skipped for overdue-10, records it too but is not counted).
        const record = (await env.http().get(`/api/awards/${d.awardId}/notifications`).set(as(admin))).body as { stepKey: string; status: string; escalationRoute: string }[];
        expect(record.filter((n) => n.escalationRoute === 'undeliverable').map((n) => [n.stepKey, n.status]).sort()).toEqual([
          ['overdue-10', 'sent'],
          ['overdue-3', 'skipped'],
        ]);
        const listed = await undeliverable();
        expect(listed.total).toBe(countNow + 1 + others);
        expect(listed.items.filter((i: { awardId: string }) => i.awardId === d.awardId)).toEqual([
          expect.objectContaining({ awardReference: d.reference, fundingStreamId: d.streamId, periodKey: '2026/27-Q3', stepKey: 'overdue-10', status: 'sent', reason: dRows[0]!.escalation_error }),
        ]);
        expect((await env.http().get('/api/reminders/undeliverable').set(as(await loginAs(env, 'partner')))).status).toBe(403);
      } finally {
        for (const u of active) await setDisabled(u.id, false);
      }
    });
  });
});
