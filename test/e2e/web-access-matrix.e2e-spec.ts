import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { listWebRoutes, type WebRouteInfo } from '../helpers/web-routes.js';
import { loadDemo, type DemoRole } from '../helpers/test-env.js';
import { createWebTestEnv, csrfTokenIn, demoUser, sessionCookieFrom, signInWithoutBrowser, type WebTestEnv } from '../helpers/web-env.js';
import { WEB_SCENARIO_SETS } from '../fixtures/web-scenarios/index.js';
import type { WebCase, WebCaller, WebScenario } from '../fixtures/web-scenarios/scenario.js';

/**
 * Deny-by-default and the partner wall for web pages, generated from the web's controllers like
 * the API's access matrix: every route x every role (and signed out) x own / another
 * organisation's / missing record, each answer expected from the route's @Roles/@Public alone.
 * A state-changing route is also called without its CSRF token by everyone: 403, nothing written.
 */
type Case = WebCase;
type Caller = WebCaller;
const ROLES: DemoRole[] = ['admin', 'commissioner', 'finance', 'partner', 'viewer'];
const CALLERS: Caller[] = [...ROLES, 'signed out'];

interface Session {
  cookie: string;
  csrf: string;
}

describe('web access matrix: every page, every role, own / other / missing', () => {
  let env: WebTestEnv;
  let routes: WebRouteInfo[];
  let awards: { own: string; other: string };
  const tally = { routes: 0, calls: 0, refusedWithoutCsrf: 0 };

  /** Every area's routes (test/fixtures/web-scenarios/), merged; a route listed by two areas fails. */
  const SCENARIOS: Record<string, WebScenario> = {};
  /** One signed-in session per caller for the whole file (sign-in is argon2: slow on purpose). */
  const sessions = new Map<Caller, Session>();
  const key = (route: Pick<WebRouteInfo, 'method' | 'path'>) => `${route.method} ${route.path}`;

  beforeAll(async () => {
    env = await createWebTestEnv();
    await loadDemo(env);
    routes = listWebRoutes(env.web);
    const awardOf = async (identifier: string) =>
      ((await env.db.query(`SELECT a.id FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE o.identifier360 = $1 ORDER BY a.reference LIMIT 1`, [identifier])) as [{ id: string }])[0].id;
    awards = { own: await awardOf('GB-LAE-WRT'), other: await awardOf('GB-LAE-HAL') };
    const idOf = async (sql: string, params: unknown[] = []) => {
      const rows = (await env.db.query(sql, params)) as Record<string, unknown>[];
      if (!rows.length) throw new Error(`no row for ${sql}`);
      return String(Object.values(rows[0]!)[0]);
    };
    for (const set of WEB_SCENARIO_SETS) {
      for (const [routeKey, scenario] of Object.entries(await set({ env, awards, idOf }))) {
        if (SCENARIOS[routeKey]) throw new Error(`${routeKey} has a scenario in two areas' files`);
        SCENARIOS[routeKey] = scenario;
      }
    }
  }, 120_000);

  afterAll(async () => {
    console.log(`web access matrix: ${tally.routes} routes x ${CALLERS.length} callers, ${tally.calls} calls; ${tally.refusedWithoutCsrf} calls without a CSRF token refused`);
    await env?.close();
  }, 60_000);

  /** A session for a caller: a signed-in one, or for "signed out" the anonymous session the sign-in page starts. */
  async function sessionFor(caller: Caller): Promise<Session> {
    if (caller !== 'signed out') return signInWithoutBrowser(env, demoUser(caller).email, demoUser(caller).password);
    const page = await env.site().get('/sign-in');
    return { cookie: sessionCookieFrom(page)!, csrf: csrfTokenIn(page.text) };
  }

  function expected(route: WebRouteInfo, scenario: WebScenario, caller: Caller, which: Case): { status: number; location?: string } {
    if (route.isPublic) return { status: scenario.success };
    if (caller === 'signed out') return { status: 303, location: '/sign-in' };
    if (!route.roles.includes(caller as never)) return { status: 403 };
    if (which === 'missing' || (which === 'other' && caller === 'partner')) return { status: 404 };
    return { status: scenario.success };
  }

  async function pathFor(route: WebRouteInfo, scenario: WebScenario, which: Case, caller: Caller): Promise<string> {
    const values = (await scenario.params?.(which, caller)) ?? {};
    return route.path.replace(/:(\w+)/g, (_, name: string) => values[name]!);
  }

  function call(route: WebRouteInfo, scenario: WebScenario, caller: Caller, path: string, session: Session, withToken = true) {
    tally.calls++;
    const req = env.site()[route.method.toLowerCase() as 'get' | 'post'](path).set('Cookie', session.cookie);
    if (route.method === 'GET') return req;
    if (scenario.file) {
      // An upload form: multipart, the token first (as the page's form sends it).
      if (withToken) req.field('_csrf', session.csrf);
      for (const [name, value] of Object.entries(scenario.body?.(caller) ?? {})) req.field(name, value);
      return req.attach(scenario.file.field, Buffer.from(scenario.file.content), scenario.file.name);
    }
    return req.type('form').send({ ...(scenario.body?.(caller) ?? {}), ...(withToken ? { _csrf: session.csrf } : {}) });
  }

  async function tableCounts(): Promise<Record<string, number>> {
    const tables = (await env.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)) as { table_name: string }[];
    // One statement for every table (twice per state-changing route, so not one round trip a table).
    const sql = tables.map(({ table_name }) => `SELECT '${table_name}' AS name, count(*)::int AS n FROM "${table_name}"`).join(' UNION ALL ');
    const counts: Record<string, number> = Object.fromEntries(((await env.db.query(sql)) as { name: string; n: number }[]).map((r) => [r.name, r.n]));
    // A sign-in writes no row, only the user's last login time.
    const [{ latest }] = (await env.db.query(`SELECT max(last_login_at)::text AS latest FROM app_user`)) as [{ latest: string }];
    counts[`app_user.last_login_at ${latest}`] = 1;
    return counts;
  }

  it('has a scenario for every route the web serves, and none for a route it does not', () => {
    expect(routes.map(key).sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  it('makes every route declare its roles or say it is public (deny by default)', () => {
    expect(routes.filter((r) => !r.isPublic && r.roles.length === 0).map(key)).toEqual([]);
    // Public is the exception, kept to what must work signed out.
    expect(routes.filter((r) => r.isPublic).map(key).sort()).toEqual(
      ['GET /accessibility', 'GET /contact', 'GET /privacy', 'GET /sign-in', 'GET /signed-out', 'POST /sign-in', 'POST /sign-out', 'GET /set-password/:token', 'POST /set-password/:token'].sort(),
    );
  });

  // The routes are known once the app is up; one test walks them all, naming each failing route.
  it('answers every route as its roles say, for every caller and case', async () => {
    const failures: string[] = [];
    for (const routeKey of Object.keys(SCENARIOS).sort()) {
      try {
        await checkRoute(routeKey);
      } catch (error) {
        failures.push(`${routeKey}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);

  async function checkRoute(routeKey: string): Promise<void> {
    const route = routes.find((r) => key(r) === routeKey);
    if (!route) throw new Error(`${routeKey}: the web serves no such route (remove its scenario)`);
    const scenario = SCENARIOS[routeKey]!;
    const cases: Case[] = route.params.length ? ['own', 'other', 'missing'] : ['own'];
    const mismatches: string[] = [];
    const partnerNotFound: Partial<Record<Case, Response>> = {};
    tally.routes++;
    for (const caller of CALLERS) {
      for (const which of cases) {
        let session = sessions.get(caller);
        if (!session || scenario.consumesSession) {
          session = await sessionFor(caller);
          sessions.set(caller, session);
        }
        const want = expected(route, scenario, caller, which);
        const path = await pathFor(route, scenario, which, caller);
        const res = await call(route, scenario, caller, path, session);
        const location = String(res.headers['location'] ?? '');
        if (res.status !== want.status || (want.location && !location.startsWith(want.location))) {
          mismatches.push(`${caller} ${which}: expected ${want.status}${want.location ? ` to ${want.location}` : ''}, got ${res.status} ${location}`);
        }
        if (caller === 'partner' && res.status === 404) partnerNotFound[which] = res;
        if (scenario.consumesSession) sessions.delete(caller);
        // A signed-out GET comes back to the page after sign-in.
        if (caller === 'signed out' && want.location && route.method === 'GET' && route.path !== '/') {
          expect(new URLSearchParams(location.split('?')[1]).get('returnTo')).toBe(path);
        }
      }
    }
    if (partnerNotFound.other && partnerNotFound.missing) {
      const main = (res: Response) => /<main[\s\S]*<\/main>/.exec(res.text)?.[0];
      if (main(partnerNotFound.other) !== main(partnerNotFound.missing)) mismatches.push("a partner's 404 for another organisation's record differs from a missing one");
    }
    expect(mismatches).toEqual([]);

    if (route.method !== 'GET') {
      // Each caller's session of the file (a new one where a scenario consumed it): a session that no
      // longer worked would be answered 303 to the sign-in page, not 403, so it cannot pass unnoticed.
      const ofCallers = await Promise.all(CALLERS.map(async (caller) => sessions.get(caller) ?? sessions.set(caller, await sessionFor(caller)).get(caller)!));
      const paths = await Promise.all(CALLERS.map((caller) => pathFor(route, scenario, 'own', caller)));
      const before = await tableCounts();
      for (const [i, caller] of CALLERS.entries()) {
        const res = await call(route, scenario, caller, paths[i]!, ofCallers[i]!, false);
        tally.refusedWithoutCsrf++;
        expect([caller, res.status]).toEqual([caller, 403]);
      }
      expect(await tableCounts()).toEqual(before);
    }
  }
});
