import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { fillPath, type RouteInfo } from '../helpers/routes.js';
import { type DemoRole, type TestEnv } from '../helpers/test-env.js';
import {
  changedTables,
  givenFor,
  routeKey,
  ROLES,
  SCENARIOS,
  startRouteSuite,
  scenarioProblems,
  type Call,
  type Case,
  type Given,
  type RouteScenario,
  type ScenarioContext,
} from '../fixtures/route-scenarios.js';
import { sendUpload } from '../fixtures/document-scenarios.js';

/**
 * docs/design.md#invariant-8 and deny-by-default, generated from the routes the app serves: every route x
 * every role x (own row, another organisation's row, a missing id). The expected status comes
 * from the route's own @Roles/@Public metadata and the scenario's success code, never from what
 * the app answered before.
 */
describe('access matrix: every route, every role, own / other / missing', () => {
  let env: TestEnv;
  let ctx: ScenarioContext;
  let routes: RouteInfo[];
  let byKey: Map<string, RouteInfo>;
  let counts: () => Promise<Record<string, number>>;
  const started = Date.now();
  const tally = { routes: 0, cells: 0, anonymous: 0, requests: 0, refused: 0, rowsWrittenByRefused: 0 };

  beforeAll(async () => {
    // The report and export rate limit is another test's subject; here every role calls each report many times.
    ({ env, ctx, routes, byKey, counts } = await startRouteSuite({ REPORT_RATE_LIMIT: '100000' }));
  }, 120_000);

  afterAll(async () => {
    console.log(
      `access matrix: ${tally.routes} routes x ${ROLES.length} roles = ${tally.routes * ROLES.length} route-role pairs, ` +
        `x own/other/missing where the route takes an id = ${tally.cells} cells ` +
        `(+ ${tally.anonymous} unauthenticated calls); ${tally.requests} requests, ${tally.refused} refused, ` +
        `rows written by refused requests: ${tally.rowsWrittenByRefused}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await env?.close();
  }, 60_000);

  /** What a call must answer, from the route's metadata alone. */
  function expectedStatus(route: RouteInfo, scenario: RouteScenario, role: DemoRole | null, which: Case): number {
    if (route.isPublic) return scenario.success;
    if (role === null) return 401;
    if (!route.roles.includes(role as never)) return 403;
    if (which === 'missing') return 404;
    // Staff see every organisation; a partner's view of another organisation's row is a 404 (invariant 8).
    if (which === 'other' && role === 'partner') return 404;
    return scenario.success;
  }

  async function send(route: RouteInfo, scenario: RouteScenario, call: Call): Promise<Response> {
    tally.requests++;
    const path = fillPath(route, call.given) + (scenario.query?.(ctx, call) ?? '');
    const req = env.http()[route.method.toLowerCase() as 'get'](path);
    if (call.role) req.set('Authorization', `Bearer ${ctx.tokens[call.role]}`);
    if (scenario.upload) return sendUpload(req, scenario.upload(ctx, call));
    return route.takesBody ? req.send(scenario.body!(ctx, call) as object) : req;
  }

  const show = (res: Response) => `${res.status} ${JSON.stringify(res.body ?? res.text).slice(0, 200)}`;

  it('has a scenario for every route the app serves, and no scenario for a route it does not', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(scenarioProblems(routes)).toEqual([]);
  });

  it('makes every route declare its roles or say it is public (deny by default)', () => {
    const undeclared = routes.filter((r) => !r.isPublic && r.roles.length === 0).map((r) => `${routeKey(r)} (${r.handler})`);
    expect(undeclared).toEqual([]);
    // Public is the exception, kept to what must work before logging in.
    expect(routes.filter((r) => r.isPublic).map(routeKey).sort()).toEqual(['GET /health', 'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/refresh']);
    // Anonymous for a published year only (docs/api.md#authentication "public when published"); an unpublished one is 401 below.
    expect(routes.filter((r) => r.publicWhenPublished).map(routeKey).sort()).toEqual(['GET /api/exports/360giving', 'GET /api/reports/grants']);
  });

  it.each(Object.keys(SCENARIOS))('%s', async (key) => {
    const route = byKey.get(key);
    if (!route) throw new Error(`${key}: the app serves no such route (remove its scenario)`);
    const scenario = SCENARIOS[key]!;
    const cases: Case[] = route.params.length ? ['own', 'other', 'missing'] : ['own'];
    const callers: (DemoRole | null)[] = [...ROLES, null];
    const mismatches: string[] = [];
    tally.routes++;
    tally.cells += ROLES.length * cases.length;

    // One state per case for every refused call; refusals must not use it up.
    const probes = new Map<Case, Given>();
    for (const which of cases) probes.set(which, await givenFor(ctx, route, scenario, which));

    const refusals: Call[] = [];
    const successes: Call[] = [];
    for (const role of callers) {
      for (const which of role === null && !route.isPublic ? (['own'] as Case[]) : cases) {
        const call = { role, which, given: probes.get(which)! };
        (expectedStatus(route, scenario, role, which) >= 400 ? refusals : successes).push(call);
      }
    }
    tally.anonymous += route.isPublic ? 0 : 1;

    const before = await counts();
    const notFound: Record<string, Response> = {};
    for (const call of refusals) {
      const expected = expectedStatus(route, scenario, call.role, call.which);
      const res = await send(route, scenario, call);
      tally.refused++;
      if (res.status !== expected) mismatches.push(`${call.role ?? 'anonymous'} ${call.which}: expected ${expected}, got ${show(res)}`);
      if (call.role === 'partner' && res.status === 404) notFound[call.which] = res;
    }
    const written = changedTables(before, await counts());
    tally.rowsWrittenByRefused += written.length;
    if (written.length) mismatches.push(`refused calls wrote rows: ${written.join(', ')}`);

    // Another organisation's row must be indistinguishable from a row that does not exist.
    if (notFound['other'] && notFound['missing']) {
      const shape = (res: Response) => ({
        keys: Object.keys(res.body).sort(),
        code: res.body.code,
        error: res.body.error,
        message: String(res.body.message).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id'),
      });
      if (JSON.stringify(shape(notFound['other'])) !== JSON.stringify(shape(notFound['missing']))) {
        mismatches.push(`partner 404 for another organisation's row differs from a missing one: ${show(notFound['other'])} vs ${show(notFound['missing'])}`);
      }
    }

    const unused = new Set(probes.keys());
    for (const call of successes) {
      let given = call.given;
      if (scenario.consumes && !unused.delete(call.which)) given = await givenFor(ctx, route, scenario, call.which);
      const res = await send(route, scenario, { ...call, given });
      if (res.status !== scenario.success) mismatches.push(`${call.role ?? 'anonymous'} ${call.which}: expected ${scenario.success}, got ${show(res)}`);
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  describe('a partner (Warrington Borough Council) reading lists and rows', () => {
    /** Organisation-owned rows by id: the organisation itself, its users, its awards and everything hanging off an award. */
    let owners: (ids: string[]) => Promise<Map<string, string>>;
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    // Keys that name another organisation by design, on the partner's own row: its award's co-funders.
    const FOREIGN_BY_DESIGN = new Set(['coFunders']);

    beforeAll(async () => {
      owners = await ownershipResolver(env);
    });

    function uuidsIn(value: unknown, found = new Set<string>()): Set<string> {
      if (typeof value === 'string' && UUID.test(value)) found.add(value.toLowerCase());
      else if (Array.isArray(value)) value.forEach((v) => uuidsIn(v, found));
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) if (!FOREIGN_BY_DESIGN.has(k)) uuidsIn(v, found);
      }
      return found;
    }

    const partnerGets = () => Object.keys(SCENARIOS).filter((key) => SCENARIOS[key]!.partnerSees);

    it.each(partnerGets())('%s shows a partner its own organisation\'s rows only', async (key) => {
      const route = byKey.get(key);
      if (!route) throw new Error(`${key}: the app serves no such route`);
      const scenario = SCENARIOS[key]!;
      const given = await givenFor(ctx, route, scenario, 'own');
      const call: Call = { role: 'partner', which: 'own', given };
      const queries = [scenario.query?.(ctx, call) ?? '', ...(scenario.partnerProbes?.(ctx) ?? [])];
      const problems: string[] = [];
      let ownRows = 0;
      for (const query of queries) {
        const res = await env.http().get(fillPath(route, given) + query).set('Authorization', `Bearer ${ctx.tokens.partner}`);
        tally.requests++;
        if (res.status !== 200) {
          problems.push(`${query || '(no query)'}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          continue;
        }
        // A download answers bytes, not ids: the row it names must be the partner's own.
        const owned = await owners(scenario.partnerSees === 'own-file' ? [given['id']!] : [...uuidsIn(res.body)]);
        for (const [id, org] of owned) {
          if (org === ctx.world.org.own) ownRows++;
          else problems.push(`${query || '(no query)'}: ${id} belongs to organisation ${org}`);
        }
        // A total that counts rows the page does not show would leak how many others have.
        const { items, total, pageSize } = res.body as { items?: unknown[]; total?: number; pageSize?: number };
        if (Array.isArray(items) && typeof total === 'number' && typeof pageSize === 'number' && items.length < pageSize && total !== items.length) {
          problems.push(`${query || '(no query)'}: total ${total} but ${items.length} items on a page of ${pageSize}`);
        }
      }
      expect(problems).toEqual([]);
      if (scenario.partnerSees === 'own-rows' || scenario.partnerSees === 'own-file') expect([key, ownRows > 0]).toEqual([key, true]);
      else expect([key, ownRows]).toEqual([key, 0]);
    }, 30_000);

    it('finds the other organisation\'s rows in the same lists for staff, so the checks above can fail', async () => {
      const res = await env.http().get(`/api/awards?pageSize=200&fundingStreamId=${ctx.world.stream.other}`).set('Authorization', `Bearer ${ctx.tokens.viewer}`);
      const owned = await owners([...uuidsIn(res.body)]);
      expect([...owned.values()]).toContain(ctx.world.org.other);
    });
  });
});

/**
 * Maps ids to the organisation that owns the row, generated from the schema's foreign keys:
 * `organisation` owns itself, a user belongs to its organisation, an award to its recipient,
 * and any row that reaches an award through foreign keys (conditions, payments, periods,
 * returns, versions, values...) to that award's recipient. A new table hanging off an award is
 * covered the day its migration lands.
 */
async function ownershipResolver(env: TestEnv): Promise<(ids: string[]) => Promise<Map<string, string>>> {
  const fks = (await env.db.query(`
    SELECT c.conrelid::regclass::text AS tbl, a.attname AS col, c.confrelid::regclass::text AS ref, af.attname AS refcol
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`)) as { tbl: string; col: string; ref: string; refcol: string }[];
  const withId = new Set(
    ((await env.db.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'`)) as { table_name: string }[]).map(
      (r) => r.table_name,
    ),
  );
  // Shortest foreign-key path from each table to award (by id columns only).
  const paths = new Map<string, { col: string; ref: string }[]>([['award', []]]);
  for (let depth = 0; depth < 5; depth++) {
    // Breadth first: only tables known before this round extend a path, so a table with a direct
    // award_id never takes a longer (and nullable) way round through a sibling found this round.
    const known = new Set(paths.keys());
    for (const fk of fks) {
      if (fk.refcol !== 'id' || paths.has(fk.tbl) || !known.has(fk.ref) || !withId.has(fk.tbl)) continue;
      paths.set(fk.tbl, [{ col: fk.col, ref: fk.ref }, ...paths.get(fk.ref)!]);
    }
  }
  const selects = [`SELECT id::text AS id, id::text AS org FROM organisation WHERE id = ANY($1::uuid[])`, `SELECT id::text, organisation_id::text FROM app_user WHERE id = ANY($1::uuid[]) AND organisation_id IS NOT NULL`];
  for (const [table, path] of paths) {
    const joins = path.map((step, i) => `JOIN "${step.ref}" t${i + 1} ON t${i + 1}.id = t${i}."${step.col}"`).join(' ');
    selects.push(`SELECT t0.id::text, t${path.length}.recipient_organisation_id::text FROM "${table}" t0 ${joins} WHERE t0.id = ANY($1::uuid[])`);
  }
  const sql = selects.join(' UNION ALL ');
  return async (ids) => {
    if (ids.length === 0) return new Map();
    const rows = (await env.db.query(sql, [ids])) as { id: string; org: string }[];
    return new Map(rows.map((r) => [r.id, r.org]));
  };
}
