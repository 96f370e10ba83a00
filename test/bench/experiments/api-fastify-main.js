// Issue 17.2 experiment: the same ApiModule (guards, interceptors, pipes, row-level security,
// pino logger) on Nest's Fastify adapter instead of Express, to measure what the adapter alone
// would earn on GET award and the award list. Used as an extra side of api.bench.js:
//   npm install --no-save @nestjs/platform-fastify@12.5.0   (not a dependency of the project)
//   BENCH_API_VARIANT_MAIN=test/bench/experiments/api-fastify-main.js BENCH_ONLY=api npm run bench
// It leaves out what only the Express build has (helmet, the 415 and deep-JSON body checks,
// Swagger, the queue dashboard, ETags), so it is an upper bound on the adapter's gain.
import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { ApiModule } from '../../../dist/apps/api/src/api.module.js';
import { ErrorFilter } from '../../../dist/apps/api/src/common/error.filter.js';
import { createValidationPipe } from '../../../dist/apps/api/src/common/validation.js';

const app = await NestFactory.create(ApiModule.forRoot(), new FastifyAdapter(), { bufferLogs: true, abortOnError: false });
app.useLogger(app.get(Logger));
app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
app.useGlobalPipes(createValidationPipe());
app.useGlobalFilters(new ErrorFilter());
app.enableShutdownHooks([], { useProcessExit: true });
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.stdout.write(`Ringfence API (Fastify experiment) listening on port ${process.env.PORT}\n`);
