import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module.js';

/** The worker as an application context (no HTTP); used by start:worker, npm start and tests. */
export async function createWorkerApp(overrides: NodeJS.ProcessEnv = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(overrides), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // After a clean shutdown exit 0: by default Nest re-raises the signal, and a process manager
  // (or `npm run start:*`) then reports 143, "killed", for a stop that went as planned.
  app.enableShutdownHooks([], { useProcessExit: true });
  await app.init();
  return app;
}

