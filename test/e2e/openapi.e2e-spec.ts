import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { API_TAGS } from '../../apps/api/src/common/api-document.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/seed/demo-seed.js';
import { RemindersService, ReconciliationService, systemActor } from '../../libs/domain/src/index.js';
import { fillPath, type RouteInfo } from '../helpers/routes.js';
import { sendUpload } from '../fixtures/document-scenarios.js';
import { answerValidator, generateTypes, operationsOf, redoclyLint, runNode, scratchDir, typeCheck, type OpenApiDocument, type Operation, type Schema } from '../helpers/openapi.js';
import { givenFor, ROLES, routeKey, SCENARIOS, startRouteSuite, type Call, type RouteSuite } from '../fixtures/route-scenarios.js';
import type { DemoRole } from '../helpers/test-env.js';

/**
 * The served OpenAPI document, checked three ways: Redocly's recommended ruleset (0 errors, 0
 * warnings), this project's own rules for every operation (success body, errors, security,
 * summary), and reality: every route is called and its answers must be what the document says,
 * field for field. Last, a client typed from the document must compile and work.
 */
describe('the OpenAPI document', () => {
  let suite: RouteSuite;
  let doc: OpenApiDocument;
  let scratch: ReturnType<typeof scratchDir>;
  let documentFile: string;
  let operations: Map<string, Operation>;
  const checked = { calls: 0, answers: 0 };

  beforeAll(async () => {
    suite = await startRouteSuite({ REPORT_RATE_LIMIT: '100000' });
    // What the worker would do, so runs have totals, counts and discrepancies (new and resolved):
    // answers with those parts filled in are checked too.
    const reconciliation = suite.env.app.get(ReconciliationService);
    for (const runId of Object.values(suite.ctx.world.run)) await reconciliation.execute(runId);
    const again = await reconciliation.request(systemActor('openapi-test'), { financialYear: '2014/15' });
    await reconciliation.execute(again.id);
    doc = (await suite.env.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    scratch = scratchDir();
    documentFile = join(scratch.dir, 'openapi.json');
    writeFileSync(documentFile, JSON.stringify(doc, null, 2));
    operations = new Map(operationsOf(doc));
  }, 120_000);

  afterAll(async () => {
    console.log(`openapi: ${operations?.size} operations; ${checked.calls} calls, ${checked.answers} answers checked against the document`);
    scratch?.remove();
    await suite?.env.close();
  });

  /** `/api/awards/:id` -> `GET /api/awards/{id}` */
  const operationKey = (route: RouteInfo) => `${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;

  it('passes Redocly\'s recommended ruleset with no errors and no warnings', async () => {
    const lint = await redoclyLint(documentFile);
    const shown = lint.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? '?'}`);
    expect(shown).toEqual([]);
    expect([lint.errors, lint.warnings]).toEqual([0, 0]);
  });

  it('has an operation for every route the app serves, and none for a route it does not', () => {
    const served = suite.routes.map(operationKey).sort();
    expect([...operations.keys()].sort()).toEqual(served);
  });

  it('describes every operation fully: id, summary, tag, success body, errors, path parameters, security', () => {
    const problems: string[] = [];
    const declaredTags = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
    const ids = new Set<string>();
    for (const route of suite.routes) {
      const key = operationKey(route);
      const op = operations.get(key);
      if (!op) continue;
      const say = (what: string) => problems.push(`${key} (${route.handler}): ${what}`);
      // Chosen names, not Nest's `AwardsController_list` fallback.
      if (!op.operationId || !/^[a-z][A-Za-z0-9]+$/.test(op.operationId)) say(`operationId "${op.operationId}" is not a chosen camelCase name (@ApiOperation({ operationId }))`);
      if (op.operationId && ids.has(op.operationId)) say(`operationId ${op.operationId} is used twice`);
      ids.add(op.operationId ?? '');
      if (!op.summary?.trim()) say('has no summary');
      if (!op.tags?.length || op.tags.some((t) => !declaredTags.get(t))) say(`tags ${JSON.stringify(op.tags)} must be listed with a description in API_TAGS`);
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => /^2/.test(s));
      if (success.length === 0) say('documents no success answer');
      for (const status of success) {
        const bodyless = status === '204';
        if (bodyless !== !op.responses[status]!.content) say(`success ${status} ${bodyless ? 'must have no body' : 'documents no body (@ApiOkResponse({ type }))'}`);
      }
      const errors = statuses.filter((s) => /^4/.test(s));
      for (const status of errors) {
        const schema = JSON.stringify(op.responses[status]!.content?.['application/json']?.schema ?? {});
        if (!schema.includes('#/components/schemas/ErrorResponse')) say(`${status} does not answer with ErrorResponse`);
      }
      const needs = (status: string, why: string) => !statuses.includes(status) && say(`does not document ${status} (${why})`);
      if (!route.isPublic) needs('401', 'it needs a token');
      if (!route.isPublic && ROLES.some((r) => !route.roles.includes(r as never))) needs('403', 'some roles may not call it');
      if (route.params.length) needs('404', 'it takes an id');
      if (route.params.length || route.takesBody || (op.parameters ?? []).some((p) => p.in === 'query')) needs('400', 'it validates input');
      for (const param of route.params) if (!(op.parameters ?? []).some((p) => p.in === 'path' && p.name === param)) say(`path parameter ${param} is not documented`);
      const bearer = (op.security ?? []).some((s) => 'bearer' in s);
      const anonymous = (op.security ?? []).some((s) => Object.keys(s).length === 0);
      if (bearer === route.isPublic) say(route.isPublic ? 'is public but asks for a bearer token' : 'does not declare bearer security');
      if (anonymous !== (route.isPublic || route.publicWhenPublished)) say(anonymous ? 'says a token is optional' : 'is public but does not say so (security: [{}])');
    }
    expect(problems).toEqual([]);
  });

  it('gives every field and parameter a type: none is the bare "object" TypeScript reports for `T | null`', () => {
    const untyped: string[] = [];
    const bare = (s: Schema) => s['type'] === 'object' && !s['properties'] && s['additionalProperties'] === undefined && !s['allOf'] && !s['oneOf'] && !s['anyOf'];
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const [field, property] of Object.entries((schema['properties'] ?? {}) as Record<string, Schema>)) {
        if (bare((property['items'] ?? property) as Schema)) untyped.push(`${name}.${field} (@ApiNullable, or a type in @ApiProperty)`);
      }
    }
    for (const [key, op] of operations) {
      for (const param of (op.parameters ?? []) as { name: string; schema?: Schema }[]) if (!param.schema || bare(param.schema)) untyped.push(`${key} parameter ${param.name}`);
    }
    // Nest's name for a property whose type it could not tell.
    if (doc.components.schemas['Object']) untyped.push(`a schema named Object, used at ${JSON.stringify(doc).match(/.{80}#\/components\/schemas\/Object"/g)?.slice(0, 3)}`);
    expect(untyped).toEqual([]);
  });

  it('documents the error shape, the info and the server', () => {
    expect(doc.components.schemas['ErrorResponse']).toMatchObject({ required: expect.arrayContaining(['statusCode', 'error', 'message']), additionalProperties: true });
    expect(doc.info).toMatchObject({ license: { name: 'AGPL-3.0-or-later', url: expect.any(String) }, contact: { name: expect.any(String) } });
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(Object.keys(API_TAGS).sort()).toEqual((doc.tags ?? []).map((t) => t.name).sort());
  });

  describe('answers as documented', () => {
    let closed: ReturnType<typeof answerValidator>;
    let open: ReturnType<typeof answerValidator>;
    beforeAll(() => {
      closed = answerValidator(doc, true);
      open = answerValidator(doc, false);
    });

    /** Problems with one answer: its status must be documented, and its body match the schema. */
    function check(op: Operation, res: Response, what: string, strict: boolean): string[] {
      checked.answers++;
      const documented = op.responses[String(res.status)];
      if (!documented) return [`${what}: answered ${res.status}, which is not documented (${Object.keys(op.responses).join(', ')})`];
      const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
      if (!documented.content) return res.status === 204 || res.text === '' ? [] : [`${what}: ${res.status} has a body the document does not describe`];
      const media = documented.content[type];
      if (!media) return [`${what}: ${res.status} answered ${type || 'nothing'}; documented ${Object.keys(documented.content).join(', ')}`];
      // Text (CSV) arrives as text; a downloaded file's bytes as a Buffer body.
      const bytes = typeof res.text === 'string' ? res.text.length : Buffer.isBuffer(res.body) ? res.body.length : 0;
      if (type !== 'application/json') return bytes > 0 ? [] : [`${what}: empty ${type}`];
      const validate = (strict ? closed : open)(media.schema as Schema);
      if (validate(res.body)) return [];
      return (validate.errors ?? []).slice(0, 8).map((e) => `${what}: ${res.status} body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    }

    async function send(route: RouteInfo, call: Call, path: string, body: unknown, query = ''): Promise<Response> {
      checked.calls++;
      const req = suite.env.http()[route.method.toLowerCase() as 'get'](path + query);
      if (call.role) req.set('Authorization', `Bearer ${suite.ctx.tokens[call.role]}`);
      // A file download: keep its bytes (superagent buffers only text and JSON by itself).
      if (route.method === 'GET' && route.path === '/api/documents/:id') req.buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const bytes = Buffer.concat(chunks);
          done(null, String(r.headers['content-type']).startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : bytes);
        });
      });
      const upload = SCENARIOS[routeKey(route)]?.upload;
      if (upload) {
        // A multipart route: its form, with the unknown field as one more form field when probing for it.
        const form = upload(suite.ctx, call);
        const unknown = typeof body === 'object' && body !== null && 'notAField' in body;
        return sendUpload(req, unknown ? { ...form, fields: { ...form.fields, notAField: 'true' } } : form);
      }
      return route.takesBody && body !== undefined ? req.send(body as object) : req;
    }

    it.each(Object.keys(SCENARIOS))('%s', async (key) => {
      const route = suite.byKey.get(key);
      if (!route) throw new Error(`${key}: no such route`);
      const op = operations.get(operationKey(route))!;
      const scenario = SCENARIOS[key]!;
      const problems: string[] = [];
      // Reads as every role that may read (a partner's view can differ); writes as the first allowed role.
      const allowed: (DemoRole | null)[] = route.isPublic ? [null] : ROLES.filter((r) => route.roles.includes(r as never));
      for (const role of route.method === 'GET' ? allowed : allowed.slice(0, 1)) {
        const given = await givenFor(suite.ctx, route, scenario, 'own');
        const call: Call = { role, which: 'own', given };
        const query = scenario.query?.(suite.ctx, call) ?? '';
        const res = await send(route, call, fillPath(route, given), scenario.body?.(suite.ctx, call), query);
        if (res.status !== scenario.success) problems.push(`${role}: expected ${scenario.success}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        problems.push(...check(op, res, `${role ?? 'anonymous'}`, true));
        if (key.startsWith('GET /api/reports/')) problems.push(...check(op, await send(route, call, fillPath(route, given), undefined, `${query || '?'}&format=csv`), `${role} csv`, true));
      }
      // The refusals the route documents, each in the error shape.
      const probe = await givenFor(suite.ctx, route, scenario, 'own');
      const probeBody = (role: DemoRole | null) => scenario.body?.(suite.ctx, { role, which: 'own', given: probe });
      const path = fillPath(route, probe);
      const query = scenario.query?.(suite.ctx, { role: null, which: 'own', given: probe }) ?? '';
      if (!route.isPublic) problems.push(...check(op, await send(route, { role: null, which: 'own', given: probe }, path, probeBody(null), query), 'anonymous', false));
      const outsider = ROLES.find((r) => !route.isPublic && !route.roles.includes(r as never));
      if (outsider) problems.push(...check(op, await send(route, { role: outsider, which: 'own', given: probe }, path, probeBody(outsider), query), `${outsider} (not allowed)`, false));
      const caller = allowed[0] ?? null;
      if (route.params.length) {
        const missing = await givenFor(suite.ctx, route, scenario, 'missing');
        problems.push(...check(op, await send(route, { role: caller, which: 'missing', given: missing }, fillPath(route, missing), probeBody(caller), query), 'missing id', false));
        const garbled = fillPath(route, Object.fromEntries(route.params.map((p) => [p, 'not-an-id'])));
        problems.push(...check(op, await send(route, { role: caller, which: 'own', given: probe }, garbled, probeBody(caller), query), 'malformed id', false));
      }
      if (route.takesBody) problems.push(...check(op, await send(route, { role: caller, which: 'own', given: probe }, path, { notAField: true }, query), 'unknown field', false));
      expect(problems).toEqual([]);
    }, 60_000);

    it('holds for answers with their optional parts filled in: run totals and discrepancies, a chasing record', async () => {
      const as = (role: DemoRole) => ({ Authorization: `Bearer ${suite.ctx.tokens[role]}` });
      const run = await suite.env.http().get(`/api/reconciliation-runs/${suite.ctx.world.run.own}`).set(as('finance'));
      expect(run.body).toMatchObject({ status: 'succeeded', totals: expect.any(Object), counts: expect.any(Object) });
      expect(run.body.discrepancies.length).toBeGreaterThan(0);
      // After the other routes: a chasing record keeps its periods (changing the schedule then is 404, a finding of its own).
      await suite.env.app.get(RemindersService).scan();
      const record = await suite.env.http().get(`/api/awards/${suite.ctx.world.award.own}/notifications`).set(as('commissioner'));
      expect(record.body.length).toBeGreaterThan(0);
      const problems = [
        ...check(operations.get('GET /api/reconciliation-runs/{id}')!, run, 'succeeded run', true),
        ...check(operations.get('GET /api/awards/{id}/notifications')!, record, 'chasing record', true),
      ];
      expect(problems).toEqual([]);
    });
  });

  describe('a client typed from it', () => {
    const program = (field: string) => `import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

const [baseUrl, email, password] = process.argv.slice(2) as [string, string, string];
const client = createClient<paths>({ baseUrl });
const login = await client.POST('/api/auth/login', { body: { email, password } });
if (!login.data) throw new Error('login refused: ' + JSON.stringify(login.error));
const headers = { Authorization: 'Bearer ' + login.data.accessToken };
const list = await client.GET('/api/awards', { params: { query: { financialYear: '2014/15', pageSize: 50 } }, headers });
if (!list.data) throw new Error('list refused: ' + JSON.stringify(list.error));
const first = list.data.items[0];
if (!first) throw new Error('no awards');
const read = await client.GET('/api/awards/{id}', { params: { path: { id: first.id } }, headers });
if (!read.data) throw new Error('read refused: ' + JSON.stringify(read.error));
const award = read.data;
const pence: number = award.${field};
const missing = await client.GET('/api/awards/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } }, headers });
console.log(JSON.stringify({ total: list.data.total, titles: list.data.items.map((a) => a.title), award: { id: award.id, reference: award.reference, status: award.status, pence }, notFound: missing.error?.statusCode }));
`;

    it('compiles a program that lists awards and reads one, and refuses one that names a field the API does not have', async () => {
      await generateTypes(documentFile, join(scratch.dir, 'schema.d.ts'));
      writeFileSync(join(scratch.dir, 'wrong.ts'), program('amountPounds'));
      const wrong = await typeCheck(scratch.dir, ['schema.d.ts', 'wrong.ts']);
      expect(wrong).toMatch(/wrong\.ts.*amountPounds/);
      writeFileSync(join(scratch.dir, 'awards.ts'), program('amountPence'));
      expect(await typeCheck(scratch.dir, ['schema.d.ts', 'awards.ts'], join(scratch.dir, 'out'))).toBe('');
    }, 120_000);

    it('runs that program against the live API: the Cheshire 2014/15 awards and one of them', async () => {
      const server = suite.env.app.getHttpServer();
      if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as AddressInfo;
      const finance = DEMO_USERS.find((u) => u.role === 'finance')!;
      const out = JSON.parse(await runNode(join(scratch.dir, 'out', 'awards.js'), [`http://127.0.0.1:${port}`, finance.email, DEMO_PASSWORD])) as {
        total: number;
        titles: string[];
        award: { id: string; reference: string; status: string; pence: number };
        notFound: number;
      };
      expect(out.total).toBe(9);
      expect(out.titles).toHaveLength(9);
      expect(out.award).toMatchObject({ reference: expect.stringMatching(/^CHES-1415-/), status: expect.any(String), pence: expect.any(Number) });
      expect(out.award.pence).toBeGreaterThan(0);
      expect(out.notFound).toBe(404);
    }, 60_000);
  });
});
