import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import { SmtpSink } from '../../libs/platform/src/mail/smtp-sink.js';
import { createApiApp } from '../../apps/api/src/api.bootstrap.js';
import type { ApiOptions } from '../../apps/api/src/api.module.js';
import type { Role } from '../../libs/domain/src/access/role.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../../apps/api/src/seed/demo-seed.js';
import { runMigrations } from '../../libs/domain/src/database/data-source.js';
import { adminQuery, dropDatabase, testRunId, uniqueName, urlFor, withTestLock } from './database.js';

export const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestEnv {
  app: INestApplication;
  http: () => TestAgent;
  /** A separate connection to the test database, for asserting what is really stored. */
  db: DataSource;
  sink: SmtpSink;
  databaseName: string;
  databaseUrl: string;
  queuePrefix: string;
  /** Where this app keeps uploaded documents (FILES_DIR), removed on close. */
  filesDir: string;
  env: NodeJS.ProcessEnv;
  close: () => Promise<void>;
}

/** Clones the migrated template into a database of this file's own. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const template = process.env['RINGFENCE_TEST_TEMPLATE'];
  if (!template) throw new Error('RINGFENCE_TEST_TEMPLATE is not set: run the e2e tests through jest (globalSetup migrates the template)');
  const name = uniqueName('test');
  // Under one lock: Jest's workers run files side by side, PostgreSQL refuses to clone a template
  // another session is connected to, and two workers must not migrate it at once. Migrating is a
  // no-op once the template is up to date (the first file of the run does it); a clone takes
  // a fraction of a second, so the lock costs little.
  await withTestLock('template', async () => {
    await runMigrations(urlFor(template));
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  });
  return { name, url: urlFor(name) };
}

/** What a test file runs on besides its app: its database, an SMTP sink, a queue prefix, a files folder, and the environment naming them. */
export interface TestServices {
  database: { name: string; url: string };
  sink: SmtpSink;
  queuePrefix: string;
  filesDir: string;
  env: NodeJS.ProcessEnv;
  /** Stops the sink, clears the queues, drops the database and removes the files. */
  release: () => Promise<void>;
}

/** A database cloned for this file and the services beside it; `overrides` are environment variables for this file only. */
export async function createTestServices(overrides: NodeJS.ProcessEnv = {}, prefix = 'rftest'): Promise<TestServices> {
  const database = await createTestDatabase();
  const sink = new SmtpSink();
  await sink.start();
  const queuePrefix = `${prefix}_${testRunId()}_${randomBytes(3).toString('hex')}`;
  // Uploaded documents of this app only, never the checkout's ./.data/files.
  const filesDir = mkdtempSync(join(tmpdir(), 'ringfence-files-'));
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL,
    SMTP_URL: sink.url,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    // Random per app: production refuses any key written in the repository, and some suites run as production.
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_EMAIL: 'first-admin@test.ringfence.local',
    ADMIN_PASSWORD: 'amber-kettle-lantern-9',
    FILES_DIR: filesDir,
    ...overrides,
  };
  const release = async () => {
    await sink.stop();
    await clearQueuePrefix(queuePrefix);
    await dropDatabase(database.name);
    rmSync(filesDir, { recursive: true, force: true });
  };
  return { database, sink, queuePrefix, filesDir, env, release };
}

/**
 * A whole API on real services: its own database, its own BullMQ prefix, a real SMTP sink.
 * `overrides` are environment variables for this app only.
 */
export async function createTestEnv(overrides: NodeJS.ProcessEnv = {}, options: ApiOptions = {}): Promise<TestEnv> {
  const { database, sink, queuePrefix, filesDir, env, release } = await createTestServices(overrides);
  let app: INestApplication;
  try {
    app = await createApiApp(env, options);
    await app.init();
  } catch (error) {
    // Without this a failed start leaves the SMTP server and database behind and Jest hangs.
    await release().catch(() => undefined);
    throw error;
  }
  const db = new DataSource({ type: 'postgres', url: database.url, poolSize: 4 });
  await db.initialize();
  return {
    app,
    http: () => request(app.getHttpServer()),
    db,
    sink,
    databaseName: database.name,
    databaseUrl: database.url,
    queuePrefix,
    filesDir,
    env,
    close: async () => {
      await app.close();
      await db.destroy();
      await release();
    },
  };
}

/** Removes every Redis key this run's queues created. */
export async function clearQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

export type DemoRole = `${Role}`;

/** Loads the Cheshire demo through the services, as `npm start` does. */
export async function loadDemo(env: TestEnv): Promise<void> {
  await seedDemo(env.app);
}

export async function login(env: TestEnv, email: string, password: string): Promise<string> {
  const res = await env.http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Logs in as the demo user of a role (after loadDemo). */
export async function loginAs(env: TestEnv, role: DemoRole): Promise<string> {
  const user = DEMO_USERS.find((u) => u.role === (role as Role))!;
  return login(env, user.email, DEMO_PASSWORD);
}

export async function count(env: TestEnv, table: string): Promise<number> {
  const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }];
  return n;
}
