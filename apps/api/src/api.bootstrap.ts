import 'reflect-metadata';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { UsersService } from '#domain/index.js';
import { APP_CONFIG, type AppConfig } from '#platform/index.js';
import { mountQueueDashboard } from './admin/queue-dashboard.js';
import { ApiModule, type ApiOptions } from './api.module.js';
import { createApiDocument } from './common/api-document.js';
import { ErrorFilter } from './common/error.filter.js';
import { refuseDeepJson } from './common/json-depth.js';
import { isDocumentUpload } from './documents/multipart-routes.js';
import { createValidationPipe } from './common/validation.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError(`the key "${key}" is not allowed in a request body`);
  return value;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * A body the JSON parser would skip (text/plain, a form, XML) is refused with 415: otherwise a
 * route whose fields are all optional would act as if nothing had been sent. The one exception:
 * multipart/form-data to the document upload routes, which read it themselves.
 */
function refuseNonJsonBodies(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || JSON_TYPE.test(req.headers['content-type'] ?? '')) return next();
  if (isDocumentUpload(req.method, req.url, req.headers['content-type'])) return next();
  res.statusCode = 415;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ statusCode: 415, error: 'Unsupported Media Type', message: 'request bodies must be JSON (Content-Type: application/json)' }));
}

/**
 * Builds the configured API application: used by `start:api`, `npm start` and the e2e tests, so
 * all three run the same pipes, filters, prefix and documentation.
 */
export async function createApiApp(overrides: NodeJS.ProcessEnv = {}, options: ApiOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(overrides, options), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  // 1 MB is far above any real request; keys that could reach an object prototype are refused
  // outright (400) rather than silently dropped, so a crafted body never half-works; so is a body
  // nested deeper than 32 levels (json-depth.ts).
  app.use(refuseNonJsonBodies);
  // Nest's typing leaves out body-parser's `verify` because its rawBody option would use it; this
  // app does not ask for rawBody, so body-parser receives ours as given.
  app.useBodyParser('json', { limit: '1mb', reviver: refusePrototypeKeys, verify: refuseDeepJson } as NestExpressBodyParserOptionsFor<'json'>);
  app.use(helmet());
  const config = app.get<AppConfig>(APP_CONFIG);
  // Behind a reverse proxy the socket address is the proxy's: believe X-Forwarded-For only from
  // the proxies TRUST_PROXY names, so per-address login throttling counts real clients.
  if (config.trustProxy !== false) app.set('trust proxy', Array.isArray(config.trustProxy) ? [...config.trustProxy] : config.trustProxy);
  // Browsers on other origins are refused unless CORS_ORIGINS names them exactly: no CORS headers
  // at all by default. Bearer tokens travel in a header, so credentials (cookies) stay off.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
      maxAge: 600,
    });
  }
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  // After a clean shutdown exit 0: by default Nest re-raises the signal, and a process manager
  // (or `npm run start:*`) then reports 143, "killed", for a stop that went as planned.
  app.enableShutdownHooks([], { useProcessExit: true });

  const document = createApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  mountQueueDashboard(app);

  try {
    await app.get(UsersService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
  } catch (error) {
    // A refused ADMIN_PASSWORD must not leave pools and Redis connections keeping the process alive.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
