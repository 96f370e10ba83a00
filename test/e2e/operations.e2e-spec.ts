import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createWorkerApp } from '../../apps/worker/src/worker.bootstrap.js';
import { MailService } from '../../libs/platform/src/mail/mail.service.js';
import { revertLastMigration, runMigrations } from '../../libs/domain/src/database/data-source.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { adminQuery, dropDatabase, uniqueName, urlFor } from '../helpers/database.js';
import { createTestEnv, REDIS_URL, type TestEnv } from '../helpers/test-env.js';
import { demoAs } from '../helpers/demo.js';

describe('operations', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('reports health of the database and Redis at /health', async () => {
    const res = await env.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('reports Redis down (503) when it cannot be reached, without hanging', async () => {
    const broken = await createTestEnv({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await broken.http().get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'error', error: { redis: { status: 'down', message: 'not reachable' } }, info: { database: { status: 'up' } } });
      // Public route: nothing about where Redis lives or what the driver said.
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|redis:\/\//);
    } finally {
      await broken.close();
    }
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await env.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/awards', '/api/awards/{id}/approve', '/api/reports/grants']));
    expect((await env.http().get('/api/docs')).status).toBe(200);
  });

  it('serves bull-board to admins only at /api/admin/queues', async () => {
    const { loadDemo, loginAs } = await import('../helpers/test-env.js');
    await loadDemo(env);
    expect((await env.http().get('/api/admin/queues')).status).toBe(401);
    expect((await env.http().get('/api/admin/queues').set('Authorization', `Bearer ${await loginAs(env, 'finance')}`)).status).toBe(403);
    const { admin } = await demoAs(env, 'admin');
    const page = await env.http().get('/api/admin/queues').set('Authorization', `Bearer ${admin}`);
    expect(page.status).toBe(200);
    const queues = await env.http().get('/api/admin/queues/api/queues').set('Authorization', `Bearer ${admin}`);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['documents', 'notifications', 'reconciliation', 'system']);
  });

  it('answers unknown routes with the error shape and a request id', async () => {
    const res = await env.http().get('/api/nowhere').set('X-Request-Id', 'trace-me-42');
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toBe('trace-me-42');
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await env.http().post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'x'.repeat(2_000_000), password: 'y' }));
    expect(res.status).toBe(413);
  });

  it('delivers mail over real SMTP to the sink', async () => {
    const mail = env.app.get(MailService);
    await mail.send({ to: ['partner@example.org'], subject: 'Return due: 2026/27-Q1', text: 'Your monitoring return is due on 9 April 2026.' });
    expect(env.sink.messages).toHaveLength(1);
    expect(env.sink.messages[0]).toMatchObject({ to: ['partner@example.org'] });
    expect(env.sink.messages[0]!.raw).toContain('Subject: Return due: 2026/27-Q1');
  });

  it('runs a worker that processes BullMQ jobs under its own prefix (heartbeat)', async () => {
    const redis = new Redis(REDIS_URL);
    const key = `${env.queuePrefix}:worker:heartbeat`;
    let worker: INestApplicationContext | undefined;
    try {
      expect(await redis.get(key)).toBeNull();
      worker = await createWorkerApp(env.env);
      const deadline = Date.now() + 10_000;
      while (!(await redis.get(key)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const beat = await redis.get(key);
      expect(beat).not.toBeNull();
      expect(Math.abs(Date.now() - Date.parse(beat!))).toBeLessThan(15_000);
      const health = await env.http().get('/health');
      expect(health.body.info.redis.workerHeartbeat).toBe(beat);
    } finally {
      await worker?.close();
      redis.disconnect();
    }
  });
});

describe('migrations', () => {
  it('apply on an empty database, revert completely, and apply again', async () => {
    const name = uniqueName('test');
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = urlFor(name);
    const tables = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`);
      await client.end();
      return rows[0]!.n;
    };
    try {
      expect(await runMigrations(url)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await tables()).toBeGreaterThan(10);
      expect(await runMigrations(url)).toEqual([]);
      for (let i = 0; i < MIGRATIONS.length; i++) await revertLastMigration(url);
      expect(await tables()).toBe(0);
      expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
    } finally {
      await dropDatabase(name);
    }
  });
});
