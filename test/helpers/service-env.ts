import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { seedDemo } from '../../apps/api/src/seed/demo-seed.js';
import { DomainModule } from '../../libs/domain/src/domain.module.js';
import { SmtpSink } from '../../libs/platform/src/mail/smtp-sink.js';
import { dropDatabase } from './database.js';
import { clearQueuePrefix, createTestDatabase, REDIS_URL } from './test-env.js';

/**
 * The service tier: the domain services exactly as the apps build them (DomainModule.forRoot),
 * on a database of this file's own cloned from the migrated template, with real Redis and SMTP,
 * and no HTTP. Tests call service methods with an Actor (test/helpers/demo.ts: demoActor).
 */
export interface ServiceEnv {
  app: INestApplicationContext;
  /** The services' own data source, for asserting what is really stored. */
  db: DataSource;
  get<T>(service: Type<T>): T;
  close(): Promise<void>;
}

/** Domain services on real services; `overrides` are environment variables for this file only. Loads the demo unless `demo: false`. */
export async function createServiceEnv(overrides: NodeJS.ProcessEnv = {}, { demo = true } = {}): Promise<ServiceEnv> {
  const database = await createTestDatabase();
  const sink = new SmtpSink();
  await sink.start();
  const queuePrefix = `rfsvc_${process.pid}_${randomBytes(3).toString('hex')}`;
  const filesDir = mkdtempSync(join(tmpdir(), 'ringfence-files-'));
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL,
    SMTP_URL: sink.url,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    FILES_DIR: filesDir,
    ...overrides,
  };
  @Module({ imports: [DomainModule.forRoot(env)] })
  class ServiceTestModule {}
  const cleanUp = async () => {
    await sink.stop().catch(() => undefined);
    await clearQueuePrefix(queuePrefix).catch(() => undefined);
    await dropDatabase(database.name).catch(() => undefined);
    rmSync(filesDir, { recursive: true, force: true });
  };
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(ServiceTestModule, { logger: false, abortOnError: false });
    await app.init();
    if (demo) await seedDemo(app);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    app,
    db: app.get(DataSource),
    get: (service) => app.get(service),
    close: async () => {
      await app.close();
      await cleanUp();
    },
  };
}
