import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import S3rver from 's3rver';
import { FileNotFoundError, newStorageKey, type FileStore } from '../../libs/platform/src/files/file-store.js';
import { LocalFileStore } from '../../libs/platform/src/files/local-file-store.js';
import { S3FileStore } from '../../libs/platform/src/files/s3-file-store.js';
import { givenStream } from '../factories/commissioning.factory.js';
import { givenAwardAt } from '../factories/lifecycle.factory.js';
import { uploadForm } from '../fixtures/documents/multipart.js';
import { pdf } from '../fixtures/documents/sample-files.js';
import { loginAs, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

const BUCKET = 'ringfence-documents';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function listed(store: FileStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of store.list()) keys.push(entry.key);
  return keys.sort();
}

/** What every FileStore must do, whichever adapter. */
function behavesAsAFileStore(name: string, make: () => FileStore) {
  describe(name, () => {
    it('gives back exactly the bytes it was given, lists the key, and forgets it on delete', async () => {
      const store = make();
      const key = newStorageKey();
      const content = Buffer.concat([pdf(), Buffer.from([0, 255, 13, 10])]);
      await store.put(key, content, { mediaType: 'application/pdf', sha256: createHash('sha256').update(content).digest('hex') });
      expect((await bytesOf(await store.get(key))).equals(content)).toBe(true);
      expect(await listed(store)).toContain(key);
      await store.delete(key);
      await expect(store.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
      expect(await listed(store)).not.toContain(key);
      await store.delete(key); // deleting what is gone is not an error
    });

    it('answers FileNotFoundError for a key never written', async () => {
      await expect(make().get(newStorageKey())).rejects.toBeInstanceOf(FileNotFoundError);
    });

    it('refuses anything but a storage key before touching storage', async () => {
      const store = make();
      for (const key of ['../../etc/passwd', 'ab/../../x', '/etc/passwd', 'ab/cd', `ab/${'a'.repeat(64)}`, '']) {
        await expect(store.put(key, pdf(), { mediaType: 'application/pdf', sha256: '0'.repeat(64) })).rejects.toThrow(/not a storage key/);
        await expect(store.get(key)).rejects.toThrow(/not a storage key/);
        await expect(store.delete(key)).rejects.toThrow(/not a storage key/);
      }
    });
  });
}

describe('file stores', () => {
  let dir: string;
  let s3: S3rver;
  let endpoint: string;
  /** Every request the S3 store sent, as the server saw it (through a recording proxy). */
  const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  let proxy: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringfence-store-'));
    // s3rver: a real S3 protocol server in Node (bucket, object PUT/GET/DELETE, ListObjectsV2), on loopback only.
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(dir, 's3'), configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await s3.run();
    proxy = createServer((req, res) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  behavesAsAFileStore('the local store (FILES_DIR)', () => new LocalFileStore(join(dir, 'local')));

  let s3Store: S3FileStore;
  beforeAll(async () => {
    s3Store = await S3FileStore.create({ bucket: BUCKET, endpoint, region: 'eu-west-2', forcePathStyle: true, prefix: 'ringfence/', credentials: CREDENTIALS });
  });
  behavesAsAFileStore('the S3 store (FILES_S3_BUCKET) against s3rver', () => s3Store);

  it('keeps local files readable by the service alone, fanned out by the key\'s first byte', async () => {
    const store = new LocalFileStore(join(dir, 'modes'));
    const key = newStorageKey();
    await store.put(key, pdf(), { mediaType: 'application/pdf', sha256: '0'.repeat(64) });
    expect(readdirSync(join(dir, 'modes'))).toEqual([key.slice(0, 2)]);
    expect(statSync(join(dir, 'modes', key)).mode & 0o777).toBe(0o600);
    await expect(store.put(key, pdf(), { mediaType: 'application/pdf', sha256: '0'.repeat(64) })).rejects.toThrow();
  });

  it('sends signed path-style S3 requests under the prefix, with the type and the SHA-256 as metadata', async () => {
    seen.length = 0;
    const key = newStorageKey();
    const content = pdf();
    const sha256 = createHash('sha256').update(content).digest('hex');
    await s3Store.put(key, content, { mediaType: 'application/pdf', sha256 });
    const put = seen.find((r) => r.method === 'PUT')!;
    expect(put.url.split('?')[0]).toBe(`/${BUCKET}/ringfence/${key}`);
    expect(put.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-length': String(content.length), 'x-amz-meta-sha256': sha256 });
    expect(put.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/eu-west-2\/s3\/aws4_request, SignedHeaders=.*, Signature=[0-9a-f]{64}$/);
    // Only checksums S3 requires: S3-compatible servers often refuse the SDK's default trailers.
    expect(Object.keys(put.headers).filter((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-trailer')).toEqual([]);
    expect((await bytesOf(await s3Store.get(key))).equals(content)).toBe(true);
  });

  describe('the API with FILES_S3_BUCKET set', () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await demoEnv({ FILES_S3_BUCKET: BUCKET, FILES_S3_ENDPOINT: endpoint, FILES_S3_REGION: 'eu-west-2', FILES_S3_PREFIX: 'api/', FILES_S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, FILES_S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey });
    }, 120_000);
    afterAll(() => env?.close());

    it('keeps an uploaded document in the bucket, not on disk, and serves the same bytes back', async () => {
      const { commissioner } = await demoAs(env, 'commissioner');
      const me = await env.http().get('/api/auth/me').set('Authorization', `Bearer ${await loginAs(env, 'partner')}`);
      const stream = await givenStream(env, commissioner, 100_000);
      const award = await givenAwardAt(env, commissioner, 'active', { fundingStreamId: stream.id, recipientOrganisationId: me.body.organisationId });
      const content = pdf('Signed agreement');
      const form = uploadForm(content, 'agreement.pdf');
      const res = await env.http().post(`/api/awards/${award.id}/documents`).set('Authorization', `Bearer ${commissioner}`).set('Content-Type', form.contentType).send(form.body);
      expect(res.status).toBe(201);
      const [{ storage_key }] = (await env.db.query(`SELECT storage_key FROM document WHERE id = $1`, [res.body.id])) as { storage_key: string }[];
      expect(seen.some((r) => r.method === 'PUT' && r.url.split('?')[0] === `/${BUCKET}/api/${storage_key}`)).toBe(true);
      expect(readdirSync(env.filesDir)).toEqual([]);
      const got = await env.http().get(`/api/documents/${res.body.id}`).set('Authorization', `Bearer ${commissioner}`).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(got.status).toBe(200);
      expect((got.body as Buffer).equals(content)).toBe(true);
    });
  });
});
