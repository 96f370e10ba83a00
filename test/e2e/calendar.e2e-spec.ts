import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { CalendarService } from '../../libs/platform/src/calendar/calendar.service.js';
import { count, type DemoRole, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

const ORACLE = JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'bank-holidays-england-and-wales.json'), 'utf8')) as { dates: Record<string, string[]> };
const ROLES: DemoRole[] = ['admin', 'commissioner', 'finance', 'partner', 'viewer'];

describe('working-day calendar', () => {
  let env: TestEnv;
  const tokens = {} as Record<DemoRole, string>;
  const as = (role: DemoRole) => ({ Authorization: `Bearer ${tokens[role]}` });
  const dueDate = async (from: string, add: number | string, role: DemoRole = 'partner') => {
    const res = await env.http().get(`/api/calendar/working-days?from=${from}&add=${add}`).set(as(role));
    expect([from, add, res.status]).toEqual([from, add, 200]);
    return res.body.date as string;
  };
  const isWorkingDay = async (date: string) => (await env.http().get(`/api/calendar/is-working-day?date=${date}`).set(as('viewer')).expect(200)).body.workingDay as boolean;

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...ROLES));
  });
  afterAll(() => env.close());

  it('answers the worked example of docs/design.md#time for every role: 5 working days after 2026-03-31 is 2026-04-09', async () => {
    for (const role of ROLES) expect([role, await dueDate('2026-03-31', 5, role)]).toEqual([role, '2026-04-09']);
    expect(await dueDate('2026-04-09', -5)).toBe('2026-03-31');
    expect(await dueDate('2026-04-03', 0)).toBe('2026-04-07');
    expect(await isWorkingDay('2026-04-03')).toBe(false);
    expect(await isWorkingDay('2026-04-02')).toBe(true);
  });

  it('lists the England-and-Wales bank holidays of a year, as GOV.UK publishes them', async () => {
    for (const year of ['2024', '2025', '2026', '2027', '2028']) {
      const res = await env.http().get(`/api/calendar/bank-holidays?year=${year}`).set(as('partner'));
      expect(res.status).toBe(200);
      expect(res.body.map((h: { date: string }) => h.date)).toEqual(ORACLE.dates[year]);
      expect(new Set(res.body.map((h: { source: string }) => h.source))).toEqual(new Set(['library']));
    }
    const range = await env.http().get('/api/calendar/bank-holidays?from=2027-12-01&to=2028-01-31').set(as('viewer'));
    expect(range.body).toEqual([
      { date: '2027-12-27', name: 'Christmas Day (substitute day)', source: 'library' },
      { date: '2027-12-28', name: 'Boxing Day (substitute day)', source: 'library' },
      { date: '2028-01-03', name: "New Year's Day (substitute day)", source: 'library' },
    ]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/calendar/working-days?from=2026-02-30&add=5', 'from'],
      ['/api/calendar/working-days?from=2026-03-31&add=1.5', 'add'],
      ['/api/calendar/working-days?from=2026-03-31&add=abc', 'add'],
      ['/api/calendar/working-days?from=2026-03-31&add=', 'add'],
      ['/api/calendar/working-days?from=2026-03-31&add=1e2', 'add'],
      ['/api/calendar/working-days?from=2026-03-31&add=1001', 'add'],
      ['/api/calendar/working-days?from=2026-03-31', 'add'],
      ['/api/calendar/working-days?add=5', 'from'],
      ['/api/calendar/working-days?from=1066-10-14&add=5', 'from'],
      ['/api/calendar/working-days?from=2026-03-31&add=5&surprise=1', 'surprise'],
      ['/api/calendar/is-working-day?date=2026-13-01', 'date'],
      ['/api/calendar/bank-holidays?year=20x6', 'year'],
      ['/api/calendar/bank-holidays', 'year'],
      ['/api/calendar/bank-holidays?year=2026&from=2026-01-01', 'from'],
      ['/api/calendar/bank-holidays?from=2026-01-01', 'to'],
      ['/api/calendar/bank-holidays?from=2026-02-01&to=2026-01-01', 'to'],
    ];
    for (const [path, field] of cases) {
      const res = await env.http().get(path).set(as('commissioner'));
      expect([path, res.status]).toEqual([path, 400]);
      expect([path, res.body.message]).toEqual([path, expect.stringContaining(field)]);
    }
  });

  it('refuses an override from anyone but an admin, and writes nothing', async () => {
    const before = [await count(env, 'bank_holiday_override'), await count(env, 'audit_entry')];
    for (const role of ['commissioner', 'finance', 'partner', 'viewer'] as const) {
      const res = await env.http().post('/api/calendar/bank-holidays').set(as(role)).send({ date: '2026-04-08', name: 'not allowed' });
      expect([role, res.status]).toEqual([role, 403]);
    }
    expect([await count(env, 'bank_holiday_override'), await count(env, 'audit_entry')]).toEqual(before);
    expect(await dueDate('2026-03-31', 5)).toBe('2026-04-09');
  });

  it('moves due dates at once when an admin adds a one-off bank holiday, and audits it', async () => {
    expect(await dueDate('2026-03-31', 5)).toBe('2026-04-09'); // cached before the write
    const created = await env
      .http()
      .post('/api/calendar/bank-holidays')
      .set(as('admin'))
      .set('X-Request-Id', 'req-calendar-add-1')
      .send({ date: '2026-04-08', name: 'test one-off', note: 'announced after the release' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ date: '2026-04-08', name: 'test one-off', kind: 'add', note: 'announced after the release' });

    expect(await dueDate('2026-03-31', 5)).toBe('2026-04-10');
    expect(await isWorkingDay('2026-04-08')).toBe(false);
    const listed = await env.http().get('/api/calendar/bank-holidays?year=2026').set(as('partner'));
    expect(listed.body).toContainEqual({ date: '2026-04-08', name: 'test one-off', source: 'override' });

    const me = await env.http().get('/api/auth/me').set(as('admin'));
    const audit = (await env.db.query(`SELECT action, actor_user_id, actor_role, after, request_id FROM audit_entry WHERE entity_type = 'bank_holiday_override' AND entity_id = $1`, [
      created.body.id,
    ])) as { action: string; actor_user_id: string; actor_role: string; after: Record<string, unknown>; request_id: string }[];
    expect(audit).toEqual([
      {
        action: 'bank-holiday-override.create',
        actor_user_id: me.body.userId,
        actor_role: 'admin',
        after: expect.objectContaining({ date: '2026-04-08', name: 'test one-off', kind: 'add' }),
        request_id: 'req-calendar-add-1',
      },
    ]);
    expect(created.body.createdByUserId).toBe(me.body.userId);
  });

  it('answers 409 for a second override of the same date, and writes nothing', async () => {
    const before = [await count(env, 'bank_holiday_override'), await count(env, 'audit_entry')];
    const res = await env.http().post('/api/calendar/bank-holidays').set(as('admin')).send({ date: '2026-04-08', name: 'again', kind: 'add' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', field: 'date' });
    expect([await count(env, 'bank_holiday_override'), await count(env, 'audit_entry')]).toEqual(before);
  });

  it('lets two admins race for the same date: one 201, one 409', async () => {
    const send = () => env.http().post('/api/calendar/bank-holidays').set(as('admin')).send({ date: '2026-11-11', name: 'race' });
    const statuses = (await Promise.all([send(), send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect(Number((await env.db.query(`SELECT count(*)::int AS n FROM bank_holiday_override WHERE date = '2026-11-11'`))[0].n)).toBe(1);
  });

  it('makes a library holiday a working day with a remove override', async () => {
    expect(await isWorkingDay('2026-05-04')).toBe(false);
    const res = await env.http().post('/api/calendar/bank-holidays').set(as('admin')).send({ date: '2026-05-04', name: 'Early May bank holiday moved', kind: 'remove' });
    expect(res.status).toBe(201);
    expect(await isWorkingDay('2026-05-04')).toBe(true);
    expect(await dueDate('2026-05-01', 1)).toBe('2026-05-04');
    const listed = await env.http().get('/api/calendar/bank-holidays?from=2026-05-01&to=2026-05-31').set(as('viewer'));
    expect(listed.body).toEqual([{ date: '2026-05-25', name: 'Spring bank holiday', source: 'library' }]);
  });

  it('refuses overrides that would change nothing, naming the field', async () => {
    const before = await count(env, 'bank_holiday_override');
    const cases: [Record<string, unknown>, string][] = [
      [{ date: '2026-04-11', name: 'a Saturday' }, 'date'],
      [{ date: '2026-04-03', name: 'already Good Friday' }, 'date'],
      [{ date: '2026-04-07', name: 'not a holiday', kind: 'remove' }, 'date'],
      [{ date: '2026-02-30', name: 'no such day' }, 'date'],
      [{ date: '2026-06-01', name: '   ' }, 'name'],
      [{ date: '2026-06-01', name: 'x', kind: 'move' }, 'kind'],
      [{ date: '2026-06-01' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await env.http().post('/api/calendar/bank-holidays').set(as('admin')).send(body);
      expect([body, res.status]).toEqual([body, 400]);
      expect([body, res.body.message]).toEqual([body, expect.stringContaining(field)]);
    }
    expect(await count(env, 'bank_holiday_override')).toBe(before);
  });

  it('documents the calendar routes in the OpenAPI document', async () => {
    const doc = await env.http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/calendar/working-days', '/api/calendar/is-working-day', '/api/calendar/bank-holidays']));
    expect(Object.keys(doc.body.paths['/api/calendar/bank-holidays'])).toEqual(expect.arrayContaining(['get', 'post']));
  });

  it('gives the worker the same calendar (DataSource injection in both processes)', async () => {
    let worker: INestApplicationContext | undefined;
    try {
      worker = await createWorkerApp(env.env);
      const calendar = worker.get(CalendarService);
      expect(await calendar.addWorkingDays('2026-03-31', 5)).toBe('2026-04-10'); // with the one-off of 2026-04-08
      expect(await calendar.isWorkingDay('2026-05-04')).toBe(true);
      expect(await calendar.workingDaysBetween('2026-12-23', '2027-01-05')).toBe(6);
    } finally {
      await worker?.close();
    }
  });
});
