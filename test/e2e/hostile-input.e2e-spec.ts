import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import type { Response } from 'supertest';
import { bodyShapeOf, type BodyShape } from '../fuzz/dto-fields.js';
import { hostileRequests, toJson, type HostileRequest } from '../fuzz/hostile-values.js';
import { hostileUploads } from '../fuzz/hostile-uploads.js';
import { multipart } from '../fixtures/documents/multipart.js';
import { pdf } from '../fixtures/documents/sample-files.js';
import { fillPath, type RouteInfo } from '../helpers/routes.js';
import { REDIS_URL, type DemoRole, type TestEnv } from '../helpers/test-env.js';
import {
  changedTables,
  givenFor,
  routeKey,
  SCENARIOS,
  startRouteSuite,
  scenarioProblems,
  type Call,
  type ScenarioContext,
} from '../fixtures/route-scenarios.js';

/** Hostile requests per route; `npm run test:fuzz` sets FUZZ_RUNS higher. FUZZ_SEED replays a run. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);
/** A route's fuzz grows with the run count; the machine may be shared (2 cores). */
const ROUTE_TIMEOUT_MS = 60_000 + RUNS * 500;
/** The JSON body limit of api.bootstrap.ts. */
const BODY_LIMIT = 1024 * 1024;
/** FILES_MAX_BYTES here: small, so the over-the-limit upload is cheap. */
const UPLOAD_LIMIT = 64 * 1024;

/**
 * Every route that takes a body (from listRoutes), fuzzed with bodies generated from its own DTO
 * metadata and the scenario table's valid body: never a 5xx, certainly-wrong input always 4xx,
 * and nothing written (audit included) by any refused request.
 */
describe('hostile input to every route that takes a body', () => {
  let env: TestEnv;
  let ctx: ScenarioContext;
  let routes: RouteInfo[];
  let byKey: Map<string, RouteInfo>;
  let counts: () => Promise<Record<string, number>>;
  const started = Date.now();
  const tally = { routes: 0, tried: 0, refused: 0, accepted: 0, serverErrors: 0, rowsWrittenByRefused: 0 };

  beforeAll(async () => {
    // Hours of token life for a long `npm run test:fuzz`; reports are not rate-limited here.
    ({ env, ctx, routes, byKey, counts } = await startRouteSuite({ JWT_TTL: '4h', REPORT_RATE_LIMIT: '100000', FILES_MAX_BYTES: String(UPLOAD_LIMIT) }));
  }, 120_000);

  afterAll(async () => {
    console.log(
      `hostile input: ${tally.tried} requests tried on ${tally.routes} routes (${RUNS} generated per route + fixed cases): ` +
        `${tally.refused} refused (4xx), ${tally.accepted} accepted (2xx), 5xx seen: ${tally.serverErrors}, ` +
        `rows written by refused requests: ${tally.rowsWrittenByRefused}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await env?.close();
  }, 60_000);

  /** Who sends the hostile bodies: a partner where one may call the route (the outsider), else a role that may. */
  function fuzzRole(route: RouteInfo): DemoRole | null {
    if (route.isPublic) return null;
    const roles = route.roles as string[];
    return (['partner', 'commissioner', 'finance', 'admin'] as const).find((r) => roles.includes(r)) ?? (roles[0] as DemoRole);
  }

  async function send(route: RouteInfo, url: string, role: DemoRole | null, request: Pick<HostileRequest, 'payload' | 'contentType'>): Promise<Response> {
    tally.tried++;
    const req = env.http()[route.method.toLowerCase() as 'post'](url);
    if (role) req.set('Authorization', `Bearer ${ctx.tokens[role]}`);
    if (request.contentType !== null) req.set('Content-Type', request.contentType);
    // superagent sends a string as is under a JSON type (it would re-serialise a Buffer), and a
    // Buffer byte for byte under any other type or none (it would call a string a form).
    const json = request.contentType !== null && /json/i.test(request.contentType);
    const res = await req.send(json ? request.payload : Buffer.from(request.payload, 'utf8'));
    if (res.status >= 500) tally.serverErrors++;
    else if (res.status >= 400) tally.refused++;
    else tally.accepted++;
    return res;
  }

  /** Failed logins from the fuzz are counted per address; the valid login at the end must not meet that limit. */
  async function forgetFailedLogins(): Promise<void> {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.queuePrefix}:login-fail:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }

  const describeAnswer = (res: Response) => `${res.status} ${JSON.stringify(res.body ?? res.text).slice(0, 300)}`;

  it('has a valid body and a DTO shape for every route that takes a body', () => {
    expect(scenarioProblems(routes)).toEqual([]);
    const shapeless = routes.filter((r) => r.takesBody && !bodyShapeOf(env.app, r)).map(routeKey);
    expect(shapeless).toEqual([]);
  });

  it.each(Object.keys(SCENARIOS).filter((key) => SCENARIOS[key]!.body))('%s', async (key) => {
    const route = byKey.get(key);
    if (!route) throw new Error(`${key}: the app serves no such route (remove its scenario)`);
    const scenario = SCENARIOS[key]!;
    const shape = bodyShapeOf(env.app, route) as BodyShape;
    const role = fuzzRole(route);
    const given = await givenFor(ctx, route, scenario, 'own');
    let baseline = await counts();
    // With fresh state per request the valid body carries markers, replaced just before sending.
    const marked = scenario.fuzzFreshState ? Object.fromEntries(Object.keys(given).map((k) => [k, `\uE000given:${k}`])) : given;
    const call: Call = { role, which: 'own', given: marked };
    const valid = scenario.body!(ctx, call);
    const url = fillPath(route, given) + (scenario.query?.(ctx, { ...call, given }) ?? '');
    const withFreshState = async (request: HostileRequest): Promise<[string, HostileRequest]> => {
      if (!scenario.fuzzFreshState) return [url, request];
      const fresh = await givenFor(ctx, route, scenario, 'own');
      const payload = Object.entries(fresh).reduce((text, [k, v]) => text.replaceAll(`\uE000given:${k}`, v), request.payload);
      // Making the state wrote rows of its own (a login): count from here.
      baseline = await counts();
      return [fillPath(route, fresh) + (scenario.query?.(ctx, { ...call, given: fresh }) ?? ''), { ...request, payload }];
    };
    tally.routes++;

    /** Throws when a refused request left rows behind; moves the baseline past accepted ones. */
    const checkWrites = async (res: Response, why: string) => {
      const now = await counts();
      const before = baseline;
      baseline = now;
      if (res.status >= 400) {
        const written = changedTables(before, now);
        if (written.length) {
          tally.rowsWrittenByRefused += written.length;
          throw new Error(`${key}: ${why}: refused with ${res.status} but wrote ${written.join(', ')}`);
        }
        if (res.status < 500 && typeof res.body?.message !== 'string') throw new Error(`${key}: ${why}: ${res.status} without a JSON message: ${describeAnswer(res)}`);
      }
    };

    await fc.assert(
      fc.asyncProperty(hostileRequests(shape, valid), async (generated) => {
        const [target, hostile] = await withFreshState(generated);
        const res = await send(route, target, role, hostile);
        // Writes first: the baseline must move past an accepted request even when it should not have been.
        await checkWrites(res, hostile.why);
        if (res.status >= 500) throw new Error(`${key}: ${hostile.why}: answered ${describeAnswer(res)}`);
        if (hostile.mustRefuse && res.status < 400) throw new Error(`${key}: ${hostile.why}: must be refused, answered ${describeAnswer(res)}`);
        if (hostile.unreadBody && res.status !== 415) throw new Error(`${key}: ${hostile.why}: must be 415, answered ${describeAnswer(res)}`);
      }),
      { numRuns: RUNS, seed: SEED, verbose: fc.VerbosityLevel.None },
    );

    // Fixed cases: a body just over the limit, and a few hundred KB of junk under it.
    const over = `{"pad":"${'x'.repeat(BODY_LIMIT)}"}`;
    const tooLarge = await send(route, url, role, { payload: over, contentType: 'application/json' });
    expect([key, 'just over 1 MB', tooLarge.status]).toEqual([key, 'just over 1 MB', 413]);
    await checkWrites(tooLarge, 'a body over the limit');
    const junk = [
      { why: '300 KB in an unknown field', payload: toJson({ ...(Array.isArray(valid) ? {} : (valid as object)), junk: 'j'.repeat(300_000) }) },
      { why: '300 KB that is not JSON', payload: `{${'\u00FF<>;'.repeat(75_000)}` },
      { why: '300 KB of nested arrays', payload: `${'['.repeat(150_000)}${']'.repeat(150_000)}` },
    ];
    for (const { why, payload } of junk) {
      const res = await send(route, url, role, { payload, contentType: 'application/json' });
      expect([key, why, res.status]).toEqual([key, why, 400]);
      await checkWrites(res, why);
    }

    // The valid body under a type the JSON parser skips: the route sees no body at all.
    // On unused state, so what the route does with no body shows, not what the fuzz left behind.
    const unreadGiven = scenario.consumes ? await givenFor(ctx, route, scenario, 'own') : given;
    const unreadCall = { ...call, given: unreadGiven };
    baseline = await counts();
    const unread = await send(route, fillPath(route, unreadGiven) + (scenario.query?.(ctx, unreadCall) ?? ''), role, { payload: toJson(scenario.body!(ctx, unreadCall)), contentType: 'text/plain' });
    await checkWrites(unread, 'the valid body as text/plain');
    // Refused before any route sees it (api.bootstrap.ts), whether or not its fields are optional.
    expect([key, 'valid body as text/plain', unread.status]).toEqual([key, 'valid body as text/plain', 415]);

    // The valid body itself is accepted, so the refusals above were about the hostile part.
    if (route.path.startsWith('/api/auth/')) await forgetFailedLogins();
    const fresh = scenario.consumes ? await givenFor(ctx, route, scenario, 'own') : given;
    const freshCall = { ...call, given: fresh };
    const ok = await send(route, fillPath(route, fresh) + (scenario.query?.(ctx, freshCall) ?? ''), role, { payload: toJson(scenario.body!(ctx, freshCall)), contentType: 'application/json' });
    expect([key, 'valid body', ok.status === scenario.success ? scenario.success : describeAnswer(ok)]).toEqual([key, 'valid body', scenario.success]);
  }, ROUTE_TIMEOUT_MS);

  // Document uploads take multipart/form-data, not JSON: hostile forms, file names and contents instead.
  it.each(Object.keys(SCENARIOS).filter((key) => SCENARIOS[key]!.upload))('%s (multipart)', async (key) => {
    const route = byKey.get(key);
    if (!route) throw new Error(`${key}: the app serves no such route (remove its scenario)`);
    const scenario = SCENARIOS[key]!;
    const role = fuzzRole(route)!;
    const given = await givenFor(ctx, route, scenario, 'own');
    const url = fillPath(route, given);
    const valid = scenario.upload!(ctx, { role, which: 'own', given });
    const storedFiles = () => readdirSync(env.filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    let baseline = { rows: await counts(), files: storedFiles() };
    tally.routes++;

    const post = async (body: Buffer, contentType: string): Promise<Response> => {
      tally.tried++;
      const res = await env.http().post(url).set('Authorization', `Bearer ${ctx.tokens[role]}`).set('Content-Type', contentType).send(body);
      if (res.status >= 500) tally.serverErrors++;
      else if (res.status >= 400) tally.refused++;
      else tally.accepted++;
      return res;
    };
    /** Throws when a refused upload left rows or a stored file behind. */
    const checkWrites = async (res: Response, why: string) => {
      const now = { rows: await counts(), files: storedFiles() };
      const before = baseline;
      baseline = now;
      if (res.status < 400) return;
      const written = changedTables(before.rows, now.rows);
      if (now.files !== before.files) written.push(`stored files ${before.files} -> ${now.files}`);
      if (written.length) {
        tally.rowsWrittenByRefused += written.length;
        throw new Error(`${key}: ${why}: refused with ${res.status} but wrote ${written.join(', ')}`);
      }
      if (res.status < 500 && typeof res.body?.message !== 'string') throw new Error(`${key}: ${why}: ${res.status} without a JSON message: ${describeAnswer(res)}`);
    };

    await fc.assert(
      fc.asyncProperty(hostileUploads(valid), async (hostile) => {
        const res = await post(hostile.body, hostile.contentType);
        await checkWrites(res, hostile.why);
        if (res.status >= 500) throw new Error(`${key}: ${hostile.why}: answered ${describeAnswer(res)}`);
        if (hostile.mustRefuse && res.status < 400) throw new Error(`${key}: ${hostile.why}: must be refused, answered ${describeAnswer(res)}`);
      }),
      { numRuns: RUNS, seed: SEED, verbose: fc.VerbosityLevel.None },
    );

    const form = (content: Buffer) => multipart([...Object.entries(valid.fields).map(([name, value]) => ({ name, value })), { name: 'file', filename: valid.file.name, content }]);
    const over = form(Buffer.concat([pdf(), Buffer.alloc(UPLOAD_LIMIT)]));
    const tooLarge = await post(over.body, over.contentType);
    expect([key, 'one byte over FILES_MAX_BYTES', tooLarge.status, tooLarge.body.code]).toEqual([key, 'one byte over FILES_MAX_BYTES', 413, 'FILE_TOO_LARGE']);
    await checkWrites(tooLarge, 'a file over the limit');
    for (const [why, contentType, body] of [['the fields as JSON', 'application/json', toJson(valid.fields)], ['the fields as text/plain', 'text/plain', toJson(valid.fields)]] as const) {
      const res = await post(Buffer.from(body), contentType);
      expect([key, why, res.status]).toEqual([key, why, 415]);
      await checkWrites(res, why);
    }
    const validForm = form(valid.file.content);
    const ok = await post(validForm.body, validForm.contentType);
    expect([key, 'valid upload', ok.status === scenario.success ? scenario.success : describeAnswer(ok)]).toEqual([key, 'valid upload', scenario.success]);
  }, ROUTE_TIMEOUT_MS);

  it('leaves no polluted prototypes behind', () => {
    for (const key of ['polluted', 'role', 'admin', 'isAdmin']) expect([key, ({} as Record<string, unknown>)[key]]).toEqual([key, undefined]);
  });

  it('found no 5xx and no write by a refused request', () => {
    expect(tally.tried).toBeGreaterThan(0);
    expect({ serverErrors: tally.serverErrors, rowsWrittenByRefused: tally.rowsWrittenByRefused }).toEqual({ serverErrors: 0, rowsWrittenByRefused: 0 });
  });
});
