// Issue 17.2 experiment: the Express API as built by createApiApp, with one configured piece taken
// out, to see what each piece costs per request (api-floor.js runs these as sides of one load).
// BENCH_EXPRESS_OMIT is a comma-separated list of:
//   helmet      the helmet() middleware (security headers)
//   json415     refuseNonJsonBodies (the 415 for non-JSON bodies)
//   jsonParser  body-parser's JSON parser (with the prototype-key reviver and depth check)
//   etag        Express's ETag on every response body
//   all         a bare Nest-on-Express app: the Fastify experiment's configuration on Express
// Nothing here is used by the product or by a test.
import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApiApp } from '../../../dist/apps/api/src/api.bootstrap.js';
import { ApiModule } from '../../../dist/apps/api/src/api.module.js';
import { ErrorFilter } from '../../../dist/apps/api/src/common/error.filter.js';
import { createValidationPipe } from '../../../dist/apps/api/src/common/validation.js';

const omit = new Set((process.env.BENCH_EXPRESS_OMIT ?? '').split(',').filter(Boolean));
const LAYER_NAMES = { helmet: 'helmetMiddleware', json415: 'refuseNonJsonBodies', jsonParser: 'jsonParser' };

let app;
if (omit.has('all')) {
  app = await NestFactory.create(ApiModule.forRoot(), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks([], { useProcessExit: true });
  app.set('etag', false);
} else {
  app = await createApiApp();
  const express = app.getHttpAdapter().getInstance();
  const drop = new Set([...omit].map((x) => LAYER_NAMES[x]).filter(Boolean));
  const stack = express.router.stack;
  const before = stack.length;
  for (let i = stack.length - 1; i >= 0; i--) if (drop.has(stack[i].name)) stack.splice(i, 1);
  if (before - stack.length !== drop.size) throw new Error(`expected to drop ${[...drop]} but dropped ${before - stack.length} layers: ${stack.map((l) => l.name)}`);
  if (omit.has('etag')) express.set('etag', false);
}
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.stdout.write(`Ringfence API (Express variant, omit=${[...omit]}) listening on port ${process.env.PORT}\n`);
