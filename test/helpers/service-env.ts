import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { seedDemo } from '../../apps/api/src/seed/demo-seed.js';
import { DomainModule } from '../../libs/domain/src/domain.module.js';
import { createTestServices } from './test-env.js';

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
  const { env, release } = await createTestServices(overrides, 'rfsvc');
  @Module({ imports: [DomainModule.forRoot(env)] })
  class ServiceTestModule {}
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(ServiceTestModule, { logger: false, abortOnError: false });
    await app.init();
    if (demo) await seedDemo(app);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  return {
    app,
    db: app.get(DataSource),
    get: (service) => app.get(service),
    close: async () => {
      await app.close();
      await release();
    },
  };
}
