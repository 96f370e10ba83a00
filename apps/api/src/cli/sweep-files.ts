import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentsService, DomainModule } from '#domain/index.js';
import { loadConfigOrExit } from '#platform/index.js';

// `npm run files:sweep [-- <hours>]`: removes stored files that no document row names and that
// are older than <hours> (default 24). Such files are left by a crash between writing an
// upload's file and committing its row; a failed upload removes its own file.
loadConfigOrExit();
const hours = Number(process.argv[2] ?? 24);
if (!Number.isFinite(hours) || hours < 1) {
  process.stderr.write('usage: npm run files:sweep -- <hours, at least 1>\n');
  process.exit(1);
}

// Built on DomainModule.forRoot like every other app: it brings what the domain services inject (config, database, calendar).
@Module({ imports: [DomainModule.forRoot()] })
class SweepModule {}

// Errors only: the line below is the summary (the service's own warning is for the API's and worker's logs).
const app = await NestFactory.createApplicationContext(SweepModule, { logger: ['error'] });
try {
  const removed = await app.get(DocumentsService).sweepOrphanFiles(new Date(Date.now() - hours * 3_600_000));
  process.stdout.write(`files sweep: removed ${removed.length} stored file(s) that no document names (older than ${hours} h)\n`);
} finally {
  await app.close();
}
