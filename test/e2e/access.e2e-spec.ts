import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { PUBLIC_KEY, ROLES_KEY } from '../../apps/api/src/common/access.decorators.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { createTestEnv, loadDemo, loginAs, type DemoRole, type TestEnv } from '../helpers/test-env.js';

describe('access: roles and partner scoping', () => {
  let env: TestEnv;
  const tokens = {} as Record<DemoRole, string>;
  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env);
    for (const role of ['admin', 'commissioner', 'finance', 'partner', 'viewer'] as const) tokens[role] = await loginAs(env, role);
  });
  afterAll(() => env.close());

  const as = (role: DemoRole) => ({ Authorization: `Bearer ${tokens[role]}` });

  it('makes every route declare its roles or say it is public (deny by default)', () => {
    const discovery = env.app.get(DiscoveryService);
    const scanner = env.app.get(MetadataScanner);
    const reflector = env.app.get(Reflector);
    const undeclared: string[] = [];
    let routes = 0;
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object;
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[name] as object;
        if (Reflect.getMetadata('method', handler) === undefined) continue;
        routes++;
        const targets = [handler, wrapper.metatype as object];
        const roles = reflector.getAllAndOverride<string[]>(ROLES_KEY, targets as never);
        const open = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets as never);
        if (!open && !(roles && roles.length)) undeclared.push(`${wrapper.name}.${name} ${RequestMethod[Reflect.getMetadata('method', handler) as number]}`);
      }
    }
    expect(routes).toBeGreaterThan(15);
    expect(undeclared).toEqual([]);
  });

  it.each<[string, string, DemoRole[], DemoRole[]]>([
    ['GET', '/api/users', ['admin'], ['commissioner', 'finance', 'partner', 'viewer']],
    ['GET', '/api/funding-streams', ['admin', 'commissioner', 'finance', 'viewer'], ['partner']],
    ['GET', '/api/funding-sources', ['admin', 'commissioner', 'finance', 'viewer'], ['partner']],
    ['GET', '/api/audit', ['admin', 'commissioner', 'finance'], ['partner', 'viewer']],
    ['GET', '/api/reports/grants?financialYear=2014/15', ['admin', 'commissioner', 'finance', 'viewer'], ['partner']],
    ['GET', '/api/awards', ['admin', 'commissioner', 'finance', 'partner', 'viewer'], []],
  ])('%s %s is allowed for %j and refused (403) for %j', async (method, path, allowed, refused) => {
    for (const role of allowed) expect([role, (await env.http().get(path).set(as(role))).status]).toEqual([role, 200]);
    for (const role of refused) expect([role, (await env.http().get(path).set(as(role))).status]).toEqual([role, 403]);
    expect(method).toBe('GET');
  });

  it('lets only commissioners create streams and awards, and writes nothing when refused', async () => {
    const before = Number((await env.db.query(`SELECT count(*) AS n FROM funding_stream`))[0].n);
    for (const role of ['admin', 'finance', 'partner', 'viewer'] as const) {
      const res = await env.http().post('/api/funding-streams').set(as(role)).send({ name: 'X', financialYear: '2026/27', purpose: 'other', sources: [] });
      expect([role, res.status]).toEqual([role, 403]);
    }
    expect(Number((await env.db.query(`SELECT count(*) AS n FROM funding_stream`))[0].n)).toBe(before);
    const ok = await env.http().post('/api/funding-streams').set(as('commissioner')).send({ name: 'Empty stream', financialYear: '2026/27', purpose: 'other', sources: [] });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ budgetPence: 0, committedPence: 0, remainingPence: 0 });
  });

  describe('a partner (Warrington Borough Council)', () => {
    it('lists only its own organisation\'s awards', async () => {
      const res = await env.http().get('/api/awards?pageSize=200').set(as('partner'));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(new Set(res.body.items.map((a: { recipientName: string }) => a.recipientName))).toEqual(new Set(['Warrington Borough Council']));
      const staff = await env.http().get('/api/awards?pageSize=200&financialYear=2014/15').set(as('viewer'));
      expect(staff.body.total).toBe(9);
    });

    it('gets 404 for another organisation\'s award, exactly as for an id that does not exist', async () => {
      const all = await env.http().get('/api/awards?pageSize=200').set(as('viewer'));
      const halton = all.body.items.find((a: { recipientName: string }) => a.recipientName === 'Halton Borough Council');
      const own = all.body.items.find((a: { recipientName: string }) => a.recipientName === 'Warrington Borough Council');
      expect((await env.http().get(`/api/awards/${own.id}`).set(as('partner'))).status).toBe(200);
      const other = await env.http().get(`/api/awards/${halton.id}`).set(as('partner'));
      const missing = await env.http().get(`/api/awards/${randomUUID()}`).set(as('partner'));
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(Object.keys(other.body).sort()).toEqual(Object.keys(missing.body).sort());
      expect((await env.http().get(`/api/awards/${halton.id}/lines`).set(as('partner'))).status).toBe(404);
    });

    it('sees only its own organisation in the organisation list', async () => {
      const res = await env.http().get('/api/organisations').set(as('partner'));
      expect(res.body.items.map((o: { name: string }) => o.name)).toEqual(['Warrington Borough Council']);
    });

    it('cannot filter its way into another organisation\'s awards', async () => {
      const orgs = await env.http().get('/api/organisations?q=Halton').set(as('viewer'));
      const res = await env.http().get(`/api/awards?recipientOrganisationId=${orgs.body.items[0].id}`).set(as('partner'));
      expect(res.body).toMatchObject({ items: [], total: 0 });
    });

    it('sees a new award for another organisation nowhere', async () => {
      const stream = await givenStream(env, tokens.commissioner, 100_000);
      const other = await givenOrganisation(env, tokens.commissioner);
      const award = await givenDraftAward(env, tokens.commissioner, { fundingStreamId: stream.id, recipientOrganisationId: other.id, amountPence: 1000 });
      expect((await env.http().get(`/api/awards/${award.id}`).set(as('partner'))).status).toBe(404);
      const list = await env.http().get(`/api/awards?fundingStreamId=${stream.id}`).set(as('partner'));
      expect(list.body.total).toBe(0);
    });
  });
});
