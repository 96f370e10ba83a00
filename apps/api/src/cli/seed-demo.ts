import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { DomainModule } from '#domain/index.js';
import { loadConfigOrExit } from '#platform/index.js';
import { seedDemo } from '../seed/demo-seed.js';

// `npm run seed:demo`: load the Cheshire 2014/15 demo (idempotent), no HTTP.
loadConfigOrExit(process.env, { requireDatabase: true });

// Built on DomainModule.forRoot like the API and the worker, so it has everything their services inject.
@Module({ imports: [DomainModule.forRoot()] })
class SeedModule {}

const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
try {
  const { created } = await seedDemo(app);
  const total = Object.values(created).reduce((a, b) => a + b, 0);
  process.stdout.write(total ? `demo data loaded: ${JSON.stringify(created)}\n` : 'demo data already present; nothing created\n');
} finally {
  await app.close();
}
