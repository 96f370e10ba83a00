import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cheshire201415 } from '../../apps/api/src/seed/data/cheshire-2014-15.js';
import { giving360PackageValidator } from '../helpers/giving360-validator.js';
import { count, type DemoRole, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, DEMO_ROLES } from '../helpers/demo.js';

/** The plan's figures, from the plan's own data file (apps/api/src/seed/data, docs/data.md#demo-plans), not restated here. */
const PLAN = cheshire201415;
const NOT_PUBLISHED = 'log in, or ask for a published year';
const GRANTS = '/api/reports/grants?financialYear=2014/15';
const GRANTS_CSV = '/api/reports/grants?financialYear=2014/15&format=csv';
const PACKAGE = '/api/exports/360giving?financialYear=2014/15';

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * docs/api.md#authentication: the grants table and the 360Giving package are "staff; public when published". A
 * commissioner publishes a year; from then on anyone may fetch those two for it without logging
 * in, and sees exactly what staff see. Logged-in callers keep their roles.
 */
describe('publishing a year\'s grants', () => {
  let env: TestEnv;
  const tokens = {} as Record<DemoRole, string>;
  const publicationAudit = async () =>
    (await env.db.query(`SELECT action, entity_id, actor_user_id, before, after, request_id FROM audit_entry WHERE entity_type = 'grants_publication' ORDER BY id`)) as {
      action: string;
      entity_id: string;
      actor_user_id: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      request_id: string | null;
    }[];
  const written = async () => ({ publications: await count(env, 'grants_publication'), audit: await count(env, 'audit_entry') });

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...DEMO_ROLES));
  }, 60_000);
  afterAll(() => env.close(), 60_000);

  describe('before the year is published', () => {
    it.each([GRANTS, GRANTS_CSV, PACKAGE])('refuses %s without a token, as any unauthenticated call', async (url) => {
      const res = await env.http().get(url);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: NOT_PUBLISHED });
      // The same shape as a staff-only route answers without a token.
      const staffOnly = await env.http().get('/api/reports/finance?financialYear=2014/15');
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(staffOnly.body).sort());
    });

    it('still serves staff as before', async () => {
      const res = await env.http().get(GRANTS).set(as(tokens.viewer));
      expect(res.status).toBe(200);
      expect(res.body.rows).toHaveLength(9);
    });

    it('lists no publications to staff', async () => {
      const res = await env.http().get('/api/grants-publications').set(as(tokens.viewer));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    });
  });

  describe('who may publish', () => {
    it.each(['partner', 'viewer', 'finance'] as const)('refuses %s with 403, writing nothing', async (role) => {
      const before = await written();
      const res = await env.http().post('/api/grants-publications').set(as(tokens[role])).send({ financialYear: '2014/15' });
      expect(res.status).toBe(403);
      const del = await env.http().delete('/api/grants-publications/2014-15').set(as(tokens[role]));
      expect(del.status).toBe(403);
      expect(await written()).toEqual(before);
    });

    it('refuses a partner the list (staff only)', async () => {
      expect((await env.http().get('/api/grants-publications').set(as(tokens.partner))).status).toBe(403);
      expect((await env.http().get('/api/grants-publications')).status).toBe(401);
    });

    it('refuses input that is not a year or has unknown fields with 400 naming the field, writing nothing', async () => {
      const before = await written();
      const cases: [unknown, RegExp][] = [
        [{ financialYear: 'x' }, /financialYear/],
        [{ financialYear: '2014/16' }, /financialYear/],
        [{}, /financialYear/],
        [{ financialYear: '2014/15', publishedByUserId: '00000000-0000-4000-8000-000000000000' }, /publishedByUserId/],
        [{ financialYear: '2014/15', note: 42 }, /note/],
      ];
      for (const [body, field] of cases) {
        const res = await env.http().post('/api/grants-publications').set(as(tokens.commissioner)).send(body as object);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
        expect(res.body.message).toMatch(field);
      }
      for (const year of ['x', '2014-16', '2014']) {
        const res = await env.http().delete(`/api/grants-publications/${year}`).set(as(tokens.commissioner));
        expect([year, res.status]).toEqual([year, 400]);
        expect(res.body.message).toMatch(/year/);
      }
      // An anonymous caller's malformed year is a 400 too: validation runs before the publication check.
      const anonymous = await env.http().get('/api/reports/grants?financialYear=x');
      expect(anonymous.status).toBe(400);
      expect(anonymous.body.message).toMatch(/financialYear/);
      expect(await written()).toEqual(before);
    });

    it('refuses to publish a year with no committed awards (409 NOTHING_TO_PUBLISH), writing nothing', async () => {
      const before = await written();
      const res = await env.http().post('/api/grants-publications').set(as(tokens.commissioner)).send({ financialYear: '2030/31' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NOTHING_TO_PUBLISH');
      expect(await written()).toEqual(before);
    });

    it('answers 404 NOT_FOUND to withdrawing a year that is not published', async () => {
      const res = await env.http().delete('/api/grants-publications/2014-15').set(as(tokens.commissioner));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('once the commissioner publishes 2014/15', () => {
    let commissionerId: string;

    beforeAll(async () => {
      commissionerId = (await env.http().get('/api/auth/me').set(as(tokens.commissioner))).body.userId;
      const res = await env.http().post('/api/grants-publications').set(as(tokens.commissioner)).set('X-Request-Id', 'publish-2014-15').send({ financialYear: '2014/15', note: 'Police and Crime Plan 2014-16, annex' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ financialYear: '2014/15', publishedAt: expect.any(String), publishedByUserId: commissionerId, note: 'Police and Crime Plan 2014-16, annex' });
    });

    it('gives anyone the grants table, exactly as staff get it: nine grants, £801,456', async () => {
      const anonymous = await env.http().get(GRANTS);
      const staff = await env.http().get(GRANTS).set(as(tokens.viewer));
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual(staff.body);
      expect(anonymous.body.rows).toHaveLength(PLAN.awards.length);
      expect(anonymous.body.totalPence).toBe(80_145_600);
      expect(anonymous.body.totalPence).toBe(PLAN.totalPence);
    });

    it('gives anyone the same CSV', async () => {
      const anonymous = await env.http().get(GRANTS_CSV);
      const staff = await env.http().get(GRANTS_CSV).set(as(tokens.finance));
      expect(anonymous.status).toBe(200);
      expect(anonymous.headers['content-type']).toMatch(/^text\/csv/);
      expect(anonymous.headers['content-disposition']).toBe(staff.headers['content-disposition']);
      expect(anonymous.text).toBe(staff.text);
      expect(anonymous.text.trim().split('\n').at(-1)).toBe('Total,,801456.00,80145600,,,,');
    });

    it('gives anyone the same valid 360Giving package', async () => {
      const anonymous = await env.http().get(PACKAGE);
      const staff = await env.http().get(PACKAGE).set(as(tokens.viewer));
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual(staff.body);
      expect(anonymous.body.grants).toHaveLength(9);
      expect(giving360PackageValidator()(anonymous.body).errors).toEqual([]);
    });

    it('keeps another, unpublished year refused to anonymous callers', async () => {
      for (const url of ['/api/reports/grants?financialYear=2024/25', '/api/reports/grants?financialYear=2024/25&format=csv', '/api/exports/360giving?financialYear=2024/25']) {
        const res = await env.http().get(url);
        expect([url, res.status, res.body.message]).toEqual([url, 401, NOT_PUBLISHED]);
      }
    });

    it('keeps the quality warnings and the other reports staff-only', async () => {
      for (const url of ['/api/exports/360giving/quality?financialYear=2014/15', '/api/reports/finance?financialYear=2014/15', '/api/reports/returns?financialYear=2014/15', '/api/reports/outcomes?financialYear=2014/15']) {
        const res = await env.http().get(url);
        expect([url, res.status]).toEqual([url, 401]);
      }
    });

    it('keeps roles for callers with a token: a partner is still refused (403), a bad token is 401', async () => {
      for (const url of [GRANTS, PACKAGE]) {
        const partner = await env.http().get(url).set(as(tokens.partner));
        expect([url, partner.status]).toEqual([url, 403]);
        const bad = await env.http().get(url).set(as('not-a-token'));
        expect([url, bad.status]).toEqual([url, 401]);
        const empty = await env.http().get(url).set('Authorization', '');
        expect([url, empty.status]).toEqual([url, 401]);
      }
    });

    it('lists the publication to staff', async () => {
      const res = await env.http().get('/api/grants-publications').set(as(tokens.viewer));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([{ financialYear: '2014/15', publishedAt: expect.any(String), publishedByUserId: commissionerId, note: 'Police and Crime Plan 2014-16, annex' }]);
    });

    it('records who published it in the audit trail, with the request id', async () => {
      const audit = await publicationAudit();
      expect(audit).toEqual([
        expect.objectContaining({ action: 'grants-publication.publish', entity_id: '2014/15', actor_user_id: commissionerId, before: null, request_id: 'publish-2014-15' }),
      ]);
      expect(audit[0]!.after).toMatchObject({ financialYear: '2014/15', grants: 9, totalPence: 80_145_600 });
    });

    it('answers a second publish with the existing publication (200): one row, one audit row', async () => {
      const first = (await env.http().get('/api/grants-publications').set(as(tokens.viewer))).body.items[0];
      const before = await written();
      const again = await env.http().post('/api/grants-publications').set(as(tokens.admin)).send({ financialYear: '2014/15', note: 'another note' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first);
      expect(await written()).toEqual(before);
      expect(await count(env, 'grants_publication')).toBe(1);
      expect((await publicationAudit()).filter((a) => a.action === 'grants-publication.publish')).toHaveLength(1);
    });

    it('lets one of several simultaneous publishers publish a year: one row, one audit row, the others 200', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 6 }, (_, i) => env.http().post('/api/grants-publications').set(as(i % 2 ? tokens.admin : tokens.commissioner)).send({ financialYear: '2024/25' }).then((r) => r.status)),
      );
      expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect((await publicationAudit()).filter((a) => a.entity_id === '2024/25')).toHaveLength(1);
      expect((await env.http().get('/api/reports/grants?financialYear=2024/25')).status).toBe(200);
      expect((await env.http().delete('/api/grants-publications/2024-25').set(as(tokens.admin))).status).toBe(204);
    });

    describe('and then withdraws it', () => {
      beforeAll(async () => {
        const res = await env.http().delete('/api/grants-publications/2014-15').set(as(tokens.commissioner));
        expect(res.status).toBe(204);
      });

      it.each([GRANTS, GRANTS_CSV, PACKAGE])('refuses %s without a token again', async (url) => {
        const res = await env.http().get(url);
        expect(res.status).toBe(401);
        expect(res.body.message).toBe(NOT_PUBLISHED);
      });

      it('removes the row and audits the withdrawal with what was published', async () => {
        expect(await count(env, 'grants_publication')).toBe(0);
        const withdrawals = (await publicationAudit()).filter((a) => a.action === 'grants-publication.withdraw' && a.entity_id === '2014/15');
        expect(withdrawals).toEqual([expect.objectContaining({ actor_user_id: commissionerId, after: null, before: expect.objectContaining({ financialYear: '2014/15', publishedByUserId: commissionerId }) })]);
      });

      it('answers 404 to withdrawing it twice', async () => {
        const res = await env.http().delete('/api/grants-publications/2014-15').set(as(tokens.commissioner));
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
      });
    });
  });
});

describe('anonymous reads of a published year are rate limited per address', () => {
  let env: TestEnv;
  let viewer: string;

  beforeAll(async () => {
    env = await demoEnv({ REPORT_RATE_LIMIT: '3' });
    ({ viewer } = await demoAs(env, 'viewer'));
    const { commissioner } = await demoAs(env, 'commissioner');
    expect((await env.http().post('/api/grants-publications').set(as(commissioner)).send({ financialYear: '2014/15' })).status).toBe(201);
  }, 60_000);
  afterAll(() => env.close(), 60_000);

  it('refuses the fourth anonymous report in the window with 429 and Retry-After, while a logged-in user keeps their own count', async () => {
    for (let i = 0; i < 3; i++) expect((await env.http().get(GRANTS)).status).toBe(200);
    const limited = await env.http().get(GRANTS_CSV);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Unpublished years count too: the limit is on the address, before the publication check.
    expect((await env.http().get('/api/reports/grants?financialYear=2024/25')).status).toBe(429);
    expect((await env.http().get(GRANTS).set(as(viewer))).status).toBe(200);
  });

  it('counts exports in their own bucket, as for users', async () => {
    for (let i = 0; i < 3; i++) expect((await env.http().get(PACKAGE)).status).toBe(200);
    expect((await env.http().get(PACKAGE)).status).toBe(429);
  });
});
