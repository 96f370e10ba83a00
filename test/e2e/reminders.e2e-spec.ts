import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { RemindersService } from '../../libs/domain/src/reminders/reminders.service.js';
import { CalendarService } from '../../libs/platform/src/calendar/calendar.service.js';
import { givenScheduledAward, waitFor } from '../factories/monitoring.factory.js';
import { loginAs, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

describe('reminders', () => {
  let env: TestEnv;
  let commissioner: string;
  let reminders: RemindersService;
  let calendar: CalendarService;
  const as = (t: string) => ({ Authorization: `Bearer ${t}` });
  const rows = async (awardId: string) =>
    (await env.db.query(`SELECT n.step_key, n.status, n.cc, n.recipients, p.key FROM notification n JOIN reporting_period p ON p.id = n.reporting_period_id WHERE n.award_id = $1 ORDER BY p.key, n.step_date`, [
      awardId,
    ])) as { step_key: string; status: string; cc: string[]; recipients: string[]; key: string }[];

  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner } = await demoAs(env, 'commissioner'));
    reminders = env.app.get(RemindersService);
    calendar = env.app.get(CalendarService);
  });
  afterAll(() => env.close());

  it('writes each step of the default policy once, on its working day, and nothing before', async () => {
    const award = await givenScheduledAward(env, commissioner, { startDate: '2026-04-01' });
    const q1 = award.periods.find((p) => p.key === '2026/27-Q1')!;
    const before10 = await calendar.addWorkingDays(q1.dueDate, -10);
    await reminders.scan(await calendar.addWorkingDays(before10, -1));
    expect(await rows(award.awardId)).toEqual([]);

    await reminders.scan(before10);
    await reminders.scan(before10);
    expect((await rows(award.awardId)).map((r) => [r.key, r.step_key, r.status])).toEqual([['2026/27-Q1', 'before-10', 'pending']]);

    await reminders.scan(q1.dueDate);
    const overdue3 = await calendar.addWorkingDays(q1.dueDate, 3);
    await reminders.scan(overdue3);
    const q1rows = (await rows(award.awardId)).filter((r) => r.key === '2026/27-Q1');
    expect(q1rows.map((r) => [r.step_key, r.status])).toEqual([
      ['before-10', 'pending'],
      ['due', 'pending'],
      ['overdue-3', 'pending'],
    ]);
    // Overdue steps copy the commissioning officer who made the award.
    expect(q1rows.find((r) => r.step_key === 'overdue-3')!.cc).toEqual(['commissioner@demo.ringfence.local']);
    expect(q1rows.find((r) => r.step_key === 'due')!.cc).toEqual([]);
    expect(q1rows[0]!.recipients).toEqual([expect.stringMatching(/^returns-.*@partner\.example\.org$/)]);
  });

  it('sends one reminder, not a burst, for a period found late, and records the missed steps as skipped', async () => {
    const award = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
    await reminders.scan('2026-11-24');
    const q1 = (await rows(award.awardId)).filter((r) => r.key === '2025/26-Q1');
    expect(q1.map((r) => [r.step_key, r.status])).toEqual([
      ['before-10', 'skipped'],
      ['due', 'skipped'],
      ['overdue-3', 'skipped'],
      ['overdue-10', 'pending'],
    ]);
  });

  it('sends nothing for submitted or accepted periods, and cancels a queued one whose return arrived', async () => {
    const award = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
    const { admin } = await demoAs(env, 'admin');
    await env.http().post('/api/users').set(as(admin)).send({ email: `p-${award.organisationId.slice(0, 8)}@partner.example.org`, name: 'P', role: 'partner', organisationId: award.organisationId, password: 'partner-password-1' }).expect(201);
    const partner = (await env.http().post('/api/auth/login').send({ email: `p-${award.organisationId.slice(0, 8)}@partner.example.org`, password: 'partner-password-1' })).body.accessToken;
    const q1 = award.periods.find((p) => p.key === '2025/26-Q1')!;
    await env.http().put(`/api/reporting-periods/${q1.id}/return`).set(as(partner)).send({ values: [], spendPence: 10 }).expect(200);
    await env.http().post(`/api/reporting-periods/${q1.id}/return/submit`).set(as(partner)).send({ certified: true }).expect(200);
    const q2 = award.periods.find((p) => p.key === '2025/26-Q2')!;
    await reminders.scan('2026-11-24');
    const keys = (await rows(award.awardId)).filter((r) => r.status === 'pending').map((r) => r.key);
    expect(keys).not.toContain('2025/26-Q1');
    expect(keys).toContain('2025/26-Q2');
    // The partner's user is a recipient too.
    expect((await rows(award.awardId)).find((r) => r.status === 'pending')!.recipients).toHaveLength(2);
    // Q2's reminder is pending; the return arrives before it goes out: it is cancelled, not sent.
    await env.http().put(`/api/reporting-periods/${q2.id}/return`).set(as(partner)).send({ values: [], spendPence: 20 }).expect(200);
    await env.http().post(`/api/reporting-periods/${q2.id}/return/submit`).set(as(partner)).send({ certified: true }).expect(200);
    const [n] = await env.db.query(`SELECT id FROM notification WHERE reporting_period_id = $1 AND status = 'pending'`, [q2.id]);
    expect(await reminders.send(n.id)).toBe('cancelled');
  });

  it('records an organisation with nowhere to write to as undeliverable', async () => {
    const award = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01', contactEmail: null });
    await reminders.scan('2026-11-24');
    const pendingOrNot = (await rows(award.awardId)).filter((r) => r.step_key === 'overdue-10');
    expect(pendingOrNot.every((r) => r.status === 'undeliverable')).toBe(true);
  });

  it('uses a stream\'s own policy, refusing bad steps with the field named', async () => {
    const award = await givenScheduledAward(env, commissioner, { startDate: '2026-04-01' });
    const bad = await env.http().put(`/api/funding-streams/${award.streamId}/reminder-policy`).set(as(commissioner)).send({ steps: [{ key: 'Due Day', offsetWorkingDays: 0, escalate: false }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/steps\[0\]\.key/);
    const ok = await env.http().put(`/api/funding-streams/${award.streamId}/reminder-policy`).set(as(commissioner)).send({ steps: [{ key: 'five-before', offsetWorkingDays: -5, escalate: false }] });
    expect(ok.status).toBe(200);
    expect((await env.http().get(`/api/funding-streams/${award.streamId}/reminder-policy`).set(as(await loginAs(env, 'viewer')))).body).toMatchObject({ default: false });
    const q1 = award.periods.find((p) => p.key === '2026/27-Q1')!;
    await reminders.scan(await calendar.addWorkingDays(q1.dueDate, -5));
    expect((await rows(award.awardId)).map((r) => r.step_key)).toEqual(['five-before']);
  });

  describe('delivery through the worker and SMTP', () => {
    let worker: INestApplicationContext;
    beforeAll(async () => {
      worker = await createWorkerApp(env.env);
    });
    afterAll(() => worker.close());

    it('delivers every pending reminder exactly once, saying which award, period, due date and what is missing', async () => {
      const award = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
      const pendingCount = async () => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE status = 'pending'`))[0].n);
      const sentCount = async () => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE status = 'sent'`))[0].n);
      // Let earlier tests' deliveries settle, then count sent rows and sink messages together:
      // the worker starts sending as soon as the scan enqueues, so anything counted after the scan
      // could already include some of this test's messages.
      await waitFor('earlier reminders settled', async () => (await pendingCount()) === 0);
      const sentBefore = await sentCount();
      const before = env.sink.messages.length;
      const result = await reminders.scan('2026-11-24');
      expect(result.enqueued).toBeGreaterThan(0);
      await waitFor('all reminders sent', async () => (await pendingCount()) === 0);
      const sent = await sentCount();
      const pending = sent - sentBefore;
      expect(pending).toBe(result.enqueued);
      // Exactly once: one SMTP message per row marked sent.
      expect(env.sink.messages.length - before).toBe(pending);
      const mine = env.sink.messages.filter((m) => m.raw.includes(award.reference));
      expect(mine).toHaveLength(4);
      // Undo quoted-printable soft line breaks and folded headers to read the message as sent.
      const q3 = mine.find((m) => m.raw.includes('2025/26-Q3'))!.raw.replace(/=\r?\n/g, '').replace(/\r?\n /g, ' ');
      expect(q3).toMatch(/Subject: Overdue: monitoring return 2025\/26-Q3 for AW-\S+ \(due 15 January 2026\)/);
      expect(q3).toContain('No return has been started yet.');
      expect(q3).toMatch(/period 2025\/26-Q3 \(1 October 2025 to 31 December 2025\), was due on 15 January 2026 and is overdue/);
      expect(q3).toContain('Cc: commissioner@demo.ringfence.local');
      // Scanning and sweeping again sends nothing more.
      await reminders.scan('2026-11-24');
      await reminders.enqueuePending(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(env.sink.messages.length - before).toBe(pending);
      const ids = env.sink.messages.map((m) => /X-Ringfence-Notification: (\S+)/.exec(m.raw)?.[1]).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('keeps reminders pending while SMTP refuses, then sends each once when it is back', async () => {
      await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
      env.sink.refuse = true;
      const before = env.sink.messages.length;
      const { enqueued } = await reminders.scan('2026-11-24');
      expect(enqueued).toBe(4);
      await waitFor('failed attempts recorded', async () => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE status = 'pending' AND attempts > 0`))[0].n) === 4);
      const [stuck] = await env.db.query(`SELECT count(*)::int AS n, max(last_error) AS err FROM notification WHERE status = 'pending'`);
      expect(stuck.n).toBe(4);
      expect(stuck.err).toMatch(/451|refusing/);
      expect(env.sink.messages.length).toBe(before);
      env.sink.refuse = false;
      await reminders.enqueuePending(0);
      await waitFor('sent after SMTP came back', async () => Number((await env.db.query(`SELECT count(*) AS n FROM notification WHERE status = 'pending'`))[0].n) === 0);
      expect(env.sink.messages.length - before).toBe(4);
    });

    it('shows staff the chasing record of an award', async () => {
      const award = await givenScheduledAward(env, commissioner, { startDate: '2025-04-01' });
      await reminders.scan('2026-11-24');
      const res = await env.http().get(`/api/awards/${award.awardId}/notifications`).set(as(await loginAs(env, 'viewer')));
      expect(res.status).toBe(200);
      expect(res.body.filter((n: { stepKey: string }) => n.stepKey === 'overdue-10').map((n: { periodKey: string }) => n.periodKey).sort()).toEqual(['2025/26-Q1', '2025/26-Q2', '2025/26-Q3', '2025/26-Q4']);
      expect((await env.http().get(`/api/awards/${award.awardId}/notifications`).set(as(await loginAs(env, 'partner')))).status).toBe(403);
      expect((await env.http().post('/api/reminders/scan').set(as(commissioner))).status).toBe(202);
    });
  });
});
