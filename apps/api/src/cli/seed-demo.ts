import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { DomainModule } from '#domain/index.js';
import { AppConfigModule, PlatformModule, loadConfigOrExit } from '#platform/index.js';
import { seedDemo } from '../seed/demo-seed.js';

// `npm run seed:demo`: load the Cheshire 2014/15 demo (idempotent), no HTTP.
loadConfigOrExit();

// PlatformModule: the domain's services need the calendar and the file store it provides.
@Module({ imports: [AppConfigModule.forRoot(), PlatformModule, DomainModule] })
class SeedModule {}

const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn', 'log'] });
try {
  const report = await seedDemo(app);
  process.stdout.write(`demo seed: ${JSON.stringify(report.created)}\n`);
} finally {
  await app.close();
}
