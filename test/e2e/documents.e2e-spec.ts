import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { isDocumentUpload } from '../../apps/api/src/documents/multipart-routes.js';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { givenAwardAt, givenCondition } from '../factories/lifecycle.factory.js';
import { uploadForm, multipart } from '../fixtures/documents/multipart.js';
import * as sample from '../fixtures/documents/sample-files.js';
import { listRoutes } from '../helpers/routes.js';
import { count, type DemoRole, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs, DEMO_ROLES } from '../helpers/demo.js';

/** Small, so "too large" is cheap to send; every sample file is far below it. */
const MAX_BYTES = 20_000;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Documents (issue 14 item 12): files attached to awards and conditions, checked by their
 * bytes, kept by a random key, readable by exactly those who can read the parent.
 */
describe('documents on awards and conditions', () => {
  let env: TestEnv;
  const tokens = {} as Record<DemoRole, string>;
  let own: { award: string; condition: string };
  let other: { award: string; condition: string };

  const as = (role: DemoRole) => ({ Authorization: `Bearer ${tokens[role]}` });
  const send = (role: DemoRole, path: string, form: { body: Buffer; contentType: string }) => env.http().post(path).set(as(role)).set('Content-Type', form.contentType).send(form.body);
  const upload = (role: DemoRole, path: string, content: Buffer, name: string, fields: Record<string, string> = {}) => send(role, path, uploadForm(content, name, fields));
  const download = (role: DemoRole, id: string) =>
    env.http().get(`/api/documents/${id}`).set(as(role)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  /** Every file in the store, wherever it is. */
  const storedFiles = () => readdirSync(env.filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const snapshot = async () => ({ documents: await count(env, 'document'), audit: await count(env, 'audit_entry'), files: storedFiles().length });

  beforeAll(async () => {
    env = await demoEnv({ FILES_MAX_BYTES: String(MAX_BYTES) });
    Object.assign(tokens, await demoAs(env, ...DEMO_ROLES));
    const me = await env.http().get('/api/auth/me').set(as('partner'));
    const otherOrg = await givenOrganisation(env, tokens.commissioner);
    const stream = await givenStream(env, tokens.commissioner, 10_000_000);
    const build = async (organisationId: string) => {
      const award = await givenAwardAt(env, tokens.commissioner, 'active', { fundingStreamId: stream.id, recipientOrganisationId: organisationId });
      return { award: award.id, condition: (await givenCondition(env, tokens.commissioner, award.id)).id };
    };
    own = await build(me.body.organisationId as string);
    other = await build(otherOrg.id);
  }, 120_000);

  afterAll(() => env?.close());

  it.each([
    ['minutes.pdf', 'application/pdf'],
    ['site-visit.png', 'image/png'],
    ['poster.jpeg', 'image/jpeg'],
    ['agreement.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['spend.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['policy.odt', 'application/vnd.oasis.opendocument.text'],
    ['budget.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
    ['figures.csv', 'text/csv'],
    ['case-study.txt', 'text/plain'],
  ])('accepts %s as %s by its bytes and gives the same bytes back', async (name, mediaType) => {
    const make = { pdf: sample.pdf, png: sample.png, jpeg: sample.jpeg, docx: sample.docx, xlsx: sample.xlsx, odt: sample.odt, ods: sample.ods, csv: sample.csv, txt: sample.text }[name.split('.')[1]!]!;
    const content = make();
    const res = await upload('commissioner', `/api/awards/${own.award}/documents`, content, name, { title: `Evidence ${name}` });
    expect([res.status, res.body.mediaType]).toEqual([201, mediaType]);
    expect(res.body).toMatchObject({ awardId: own.award, parentKind: 'award', purpose: 'grant_agreement', originalName: name, sizeBytes: content.length, sha256: sha256(content), returnVersionNumber: null });

    const got = await download('viewer', res.body.id);
    expect(got.status).toBe(200);
    expect(sha256(got.body as Buffer)).toBe(sha256(content));
    expect(got.headers['content-type']).toBe(mediaType.startsWith('text/') ? `${mediaType}; charset=utf-8` : mediaType);
    expect(got.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-length': String(content.length),
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
  });

  it.each([
    ['a Windows program named as a PDF', sample.exe, 'evidence.pdf', /application\/x-msdownload/],
    ['a web page named as a PDF', sample.html, 'report.pdf', /matches no accepted type/],
    ['a web page named as text', sample.html, 'notes.txt', /HTML, SVG or XML/],
    ['a plain zip named as a Word document', sample.plainZip, 'agreement.docx', /application\/zip/],
    ['a macro-enabled Word document', sample.docm, 'agreement.docx', /macroenabled/],
    ['binary bytes named as CSV', () => Buffer.from([0x00, 0xff, 0x10, 0x80, 0x41]), 'figures.csv', /not UTF-8 text/],
    ['text with a control character', () => Buffer.from('a,b\n1,\u0007\n'), 'figures.csv', /not UTF-8 text/],
  ])('refuses %s with 415 naming the field, and stores nothing', async (_, make, name, why) => {
    const before = await snapshot();
    const res = await upload('commissioner', `/api/awards/${own.award}/documents`, make(), name);
    expect([res.status, res.body.code]).toEqual([415, 'UNSUPPORTED_FILE_TYPE']);
    expect(res.body.message).toMatch(/^file /);
    expect(res.body.message).toMatch(why);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file over FILES_MAX_BYTES with 413 naming the limit, whether or not Content-Length says so up front', async () => {
    const before = await snapshot();
    const big = Buffer.concat([sample.pdf(), Buffer.alloc(MAX_BYTES, 0x20)]);
    const res = await upload('commissioner', `/api/awards/${own.award}/documents`, big, 'big.pdf');
    expect([res.status, res.body.code, res.body.message]).toEqual([413, 'FILE_TOO_LARGE', `file is larger than the limit of 19.5 KB (${MAX_BYTES} bytes)`]);
    const huge = await upload('commissioner', `/api/awards/${own.award}/documents`, Buffer.concat([sample.pdf(), Buffer.alloc(MAX_BYTES * 10)]), 'huge.pdf');
    expect([huge.status, huge.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const exactly = await upload('commissioner', `/api/awards/${own.award}/documents`, Buffer.concat([sample.pdf(), Buffer.alloc(MAX_BYTES - sample.pdf().length, 0x20)]), 'limit.pdf');
    expect([exactly.status, exactly.body.sizeBytes]).toEqual([201, MAX_BYTES]);
    expect((await snapshot()).files).toBe(before.files + 1);
  });

  it('refuses a form without exactly one file, with unknown fields, or sent as anything but multipart', async () => {
    const before = await snapshot();
    const path = `/api/awards/${own.award}/documents`;
    const cases: [string, Response, number, RegExp][] = [
      ['no file', await send('commissioner', path, multipart([{ name: 'title', value: 'No file' }])), 400, /^file is required/],
      ['two files', await send('commissioner', path, multipart([{ name: 'file', filename: 'a.pdf', content: sample.pdf() }, { name: 'file', filename: 'b.pdf', content: sample.pdf() }])), 400, /^file is not expected/],
      ['the file in another field', await send('commissioner', path, multipart([{ name: 'upload', filename: 'a.pdf', content: sample.pdf() }])), 400, /^upload is not expected/],
      ['an empty file', await upload('commissioner', path, Buffer.alloc(0), 'empty.pdf'), 400, /^file is empty/],
      ['an unknown field', await upload('commissioner', path, sample.pdf(), 'a.pdf', { role: 'admin' }), 400, /property role should not exist/],
      ['a purpose of another parent', await upload('commissioner', path, sample.pdf(), 'a.pdf', { purpose: 'condition_evidence' }), 400, /purpose must be one of/],
      ['a blank title', await upload('commissioner', path, sample.pdf(), 'a.pdf', { title: '   ' }), 400, /title must not be blank/],
      ['a JSON body', await env.http().post(path).set(as('commissioner')).send({ title: 'JSON' }), 415, /multipart\/form-data/],
      ['a broken multipart body', await env.http().post(path).set(as('commissioner')).set('Content-Type', 'multipart/form-data; boundary=x').send(Buffer.from('--x\r\nnot a header\r\n')), 400, /^form /],
    ];
    for (const [what, res, status, message] of cases) expect([what, res.status, res.body.message]).toEqual([what, status, expect.stringMatching(message)]);
    // Multipart anywhere else is refused before any route reads it.
    const elsewhere = await send('commissioner', `/api/awards/${own.award}/conditions`, uploadForm(sample.pdf(), 'a.pdf'));
    expect(elsewhere.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('lets a partner attach evidence to its own conditions only; another organisation\'s is a 404 exactly like a missing one', async () => {
    const mine = await upload('partner', `/api/conditions/${own.condition}/documents`, sample.pdf(), 'dbs-policy.pdf', { title: 'Safeguarding policy' });
    expect([mine.status, mine.body.parentKind, mine.body.conditionId, mine.body.purpose]).toEqual([201, 'condition', own.condition, 'condition_evidence']);
    const before = await snapshot();
    const theirs = await upload('partner', `/api/conditions/${other.condition}/documents`, sample.pdf(), 'x.pdf');
    const missing = await upload('partner', '/api/conditions/00000000-0000-4000-8000-000000000000/documents', sample.pdf(), 'x.pdf');
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(theirs.body.message.replace(other.condition, ':id')).toBe(missing.body.message.replace('00000000-0000-4000-8000-000000000000', ':id'));
    // Grant agreements are staff's; finance, admins and viewers attach nothing.
    for (const [role, path] of [['partner', `/api/awards/${own.award}/documents`], ['viewer', `/api/conditions/${own.condition}/documents`], ['finance', `/api/awards/${own.award}/documents`], ['admin', `/api/awards/${own.award}/documents`]] as const) {
      expect([role, (await upload(role, path, sample.pdf(), 'x.pdf')).status]).toEqual([role, 403]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('shows documents to whoever can read the parent: staff all, a partner its own, another organisation\'s a 404', async () => {
    const agreement = await upload('commissioner', `/api/awards/${other.award}/documents`, sample.pdf(), 'halton-agreement.pdf');
    const ownAgreement = await upload('commissioner', `/api/awards/${own.award}/documents`, sample.pdf(), 'warrington-agreement.pdf');
    expect([agreement.status, ownAgreement.status]).toEqual([201, 201]);

    expect((await download('partner', ownAgreement.body.id)).status).toBe(200);
    const theirs = await download('partner', agreement.body.id);
    const missing = await download('partner', '00000000-0000-4000-8000-000000000000');
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(JSON.parse(theirs.body.toString()).message.replace(agreement.body.id, ':id')).toBe(JSON.parse(missing.body.toString()).message.replace('00000000-0000-4000-8000-000000000000', ':id'));
    for (const role of ['viewer', 'finance', 'admin', 'commissioner'] as const) expect([role, (await download(role, agreement.body.id)).status]).toEqual([role, 200]);

    const list = await env.http().get(`/api/awards/${own.award}/documents`).set(as('partner'));
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(1);
    expect(new Set(list.body.map((d: { awardId: string }) => d.awardId))).toEqual(new Set([own.award]));
    const kinds = new Set(list.body.map((d: { parentKind: string }) => d.parentKind));
    expect(kinds).toEqual(new Set(['award', 'condition']));
    const onlyConditions = await env.http().get(`/api/awards/${own.award}/documents?parentKind=condition`).set(as('partner'));
    expect(onlyConditions.body.every((d: { parentKind: string }) => d.parentKind === 'condition')).toBe(true);
    expect((await env.http().get(`/api/awards/${other.award}/documents`).set(as('partner'))).status).toBe(404);
    expect((await env.http().get(`/api/conditions/${other.condition}/documents`).set(as('partner'))).status).toBe(404);
    const staffView = await env.http().get(`/api/awards/${other.award}/documents`).set(as('viewer'));
    expect(staffView.body.map((d: { id: string }) => d.id)).toContain(agreement.body.id);
  });

  it('keeps hostile file names as metadata only: never a path, safe in the download header', async () => {
    const names: [sent: string, kept: string, saved: string][] = [
      ['../../etc/passwd', 'passwd', 'passwd.pdf'],
      ['..\\..\\windows\\system.ini', 'system.ini', 'system.ini.pdf'],
      ['<script>alert(1)</script>.pdf', 'script>.pdf', 'script>.pdf'],
      ['invoice\u202Efdp.exe', 'invoicefdp.exe', 'invoicefdp.exe.pdf'],
      // Sent as browsers write it (%22, %0D%0A), read back as the characters; a line break kept as a space.
      ['r\u00E9sum\u00E9 "final"\r\n.pdf', 'r\u00E9sum\u00E9 "final" .pdf', 'r\u00E9sum\u00E9 "final" .pdf'],
      ['..', 'document', 'document.pdf'],
    ];
    for (const [sent, kept, saved] of names) {
      const res = await upload('commissioner', `/api/awards/${own.award}/documents`, sample.pdf(), sent);
      expect([sent, res.status, res.body.originalName]).toEqual([sent, 201, kept]);
      const got = await download('commissioner', res.body.id);
      const disposition = got.headers['content-disposition'] as string;
      const match = /^attachment; filename="([A-Za-z0-9 ._()-]+)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(disposition);
      expect([sent, match !== null]).toEqual([sent, true]);
      expect([sent, decodeURIComponent(match![2]!)]).toEqual([sent, saved]);
      const [{ storage_key }] = (await env.db.query(`SELECT storage_key FROM document WHERE id = $1`, [res.body.id])) as { storage_key: string }[];
      expect(storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
    }
    // Only random keys under the store's directory: no name the uploader chose exists anywhere in it.
    for (const file of storedFiles()) expect(file.slice(env.filesDir.length)).toMatch(/^\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
  });

  it('writes one audit row per upload, with the metadata and never the bytes', async () => {
    const content = Buffer.concat([sample.pdf(), Buffer.from('%% a marker that must not reach the audit trail')]);
    const res = await upload('partner', `/api/conditions/${own.condition}/documents`, content, 'audited.pdf');
    expect(res.status).toBe(201);
    const rows = (await env.db.query(`SELECT action, actor_role, after FROM audit_entry WHERE entity_type = 'document' AND entity_id = $1`, [res.body.id])) as { action: string; actor_role: string; after: Record<string, unknown> }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'document.upload', actor_role: 'partner', after: { sha256: sha256(content), sizeBytes: content.length, originalName: 'audited.pdf' } });
    expect(JSON.stringify(rows[0]!.after)).not.toContain('a marker');
  });

  it('allows multipart only on the upload routes, and documents them in the OpenAPI document', async () => {
    const uploads = listRoutes(env.app).filter((r) => r.path.endsWith('/documents') && r.method === 'POST').map((r) => r.path);
    expect([...uploads].sort()).toEqual(['/api/awards/:id/documents', '/api/conditions/:id/documents', '/api/reporting-periods/:id/return/documents']);
    const id = '11111111-1111-4111-8111-111111111111';
    for (const route of listRoutes(env.app)) {
      const path = route.path.replace(/:[A-Za-z]+/g, id);
      expect([route.method, route.path, isDocumentUpload(route.method, path, 'multipart/form-data; boundary=x')]).toEqual([route.method, route.path, uploads.includes(route.path) && route.method === 'POST']);
    }
    const doc = (await env.http().get('/api/docs-json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required: string[] } }> }; responses: Record<string, unknown> }>> };
    for (const path of ['/api/awards/{id}/documents', '/api/conditions/{id}/documents', '/api/reporting-periods/{id}/return/documents']) {
      const post = doc.paths[path]!['post']!;
      expect(Object.keys(post.requestBody!.content)).toEqual(['multipart/form-data']);
      expect(post.requestBody!.content['multipart/form-data']!.schema.required).toEqual(['file']);
      expect(JSON.stringify(post.responses['201'])).toContain('#/components/schemas/DocumentResponse');
      expect(Object.keys(post.responses).sort()).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '413', '415']));
      expect(Object.keys(doc.paths[path]!['get']!.responses)).toContain('200');
    }
    expect(Object.keys(doc.paths['/api/documents/{id}']!['get']!.responses)).toEqual(expect.arrayContaining(['200', '401', '404']));
  });
});
