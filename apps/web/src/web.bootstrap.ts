import 'reflect-metadata';
import { NestFactory, ModuleRef } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { UsersService } from '#domain/index.js';
import { APP_CONFIG, type AppConfig } from '#platform/index.js';
import { mountQueueDashboard } from './admin/queue-dashboard.js';
import { readManifest } from './assets/asset-manifest.js';
import { WebSessionService } from './auth/web-session.service.js';
import { csrfProtection } from './common/csrf.js';
import { uploadParser } from './common/uploads.js';
import { WebErrorFilter } from './common/error.filter.js';
import { pageLocals } from './common/page-locals.js';
import { cspNonce, securityHeaders } from './common/security-headers.js';
import { WebSessionStore } from './common/session.js';
import type { WebRequest } from './common/web-request.js';
import { createTranslator, loadCatalogue } from './i18n/i18n.js';
import { createFilters } from './rendering/filters.js';
import { configureNunjucks } from './rendering/nunjucks.js';
import { WebModule, type WebOptions } from './web.module.js';
import { webPaths } from './web-paths.js';

/**
 * Builds the configured web application: used by `start:web`, `npm start` (beside the API, on
 * one port) and the tests, so all three run the same middleware in the same order.
 *
 * Order matters (docs/architecture.md#the-stack): Nest adds its body parsers after any app.use(), so the app is
 * created without them; then per-request nonce and security headers; hashed assets (no session
 * for them); the session; the urlencoded body parser; who is signed in; the page locals (so even
 * the 403 page of a refused form has its header); the CSRF check (needs the session and the
 * body); the queue dashboard (an Express app behind the admin's session); and only then the routes.
 */
export async function createWebApp(overrides: NodeJS.ProcessEnv = {}, options: WebOptions = {}): Promise<NestExpressApplication> {
  // Before anything opens a connection: unbuilt assets stop the start with a clear message.
  const paths = webPaths();
  const manifest = readManifest(paths.assets);
  const t = createTranslator(loadCatalogue(`${paths.locales}/en`));
  const filters = createFilters(t);
  const app = await NestFactory.create<NestExpressApplication>(WebModule.forRoot(overrides, options), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  const config = app.get<AppConfig>(APP_CONFIG);

  if (config.trustProxy !== false) app.set('trust proxy', Array.isArray(config.trustProxy) ? [...config.trustProxy] : config.trustProxy);
  app.disable('x-powered-by');
  // No ETag for pages: each carries a fresh CSP nonce, so its body's hash never matches a second
  // time, and hashing every page was work for nothing (issue 16). Assets keep theirs (serve-static).
  app.set('etag', false);
  app.use(cspNonce);
  app.use(securityHeaders);
  // Content-hashed names: a changed file is a new URL, so each can be cached for a year.
  app.useStaticAssets(paths.assets, { prefix: '/assets', immutable: true, maxAge: '1y', index: false, redirect: false });
  const sessions = app.get(WebSessionStore);
  app.use(sessions.middleware);
  app.useBodyParser('urlencoded', { extended: false, limit: '100kb', parameterLimit: 1000 });
  const webSessions = app.get(WebSessionService);
  app.use((req: WebRequest, _res: Response, next: NextFunction) => void webSessions.identify(req).then(() => next(), next));
  app.use(pageLocals(t, filters));
  app.use(uploadParser(config.files.maxBytes));
  app.use(csrfProtection);
  mountQueueDashboard(app);
  configureNunjucks(app.getHttpAdapter().getInstance(), paths, t, filters, manifest);
  app.useGlobalFilters(new WebErrorFilter(t, filters, app.get(ModuleRef)));
  // Like the API and the worker: on SIGTERM close, then exit 0 (a planned stop is not "killed").
  app.enableShutdownHooks([], { useProcessExit: true });

  try {
    await app.get(UsersService).ensureFirstAdmin(config.adminEmail, config.adminPassword);
    await sessions.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
