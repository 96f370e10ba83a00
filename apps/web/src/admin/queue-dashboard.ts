import { ForbiddenException, type INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NextFunction, Response } from 'express';
import { Role } from '#domain/index.js';
import { JobQueue, QueueName } from '#platform/index.js';
import { inlineStylesOf, queueDashboardHeaders } from '../common/security-headers.js';
import { SignInRequired } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';

/** Where the web serves bull-board (the API's copy at /api/admin/queues asks for a bearer token). */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board's page reads its JSON API every few seconds for as long as the tab is open: those
 * reads are the tab's, not the admin's, so they must not count as activity for the idle timeout
 * (web-session.service.ts), or a forgotten dashboard would keep an admin signed in until the
 * absolute timeout.
 */
export function isQueueDashboardPoll(req: { method: string; path: string }): boolean {
  return req.method === 'GET' && req.path.startsWith(`${QUEUE_DASHBOARD_PATH}/api/`);
}

/**
 * The admin's own session and role, as the access guard checks them for pages: bull-board is an
 * Express app, not a controller, so the guard never sees its requests. Signed out: to sign-in and
 * back; any other role: the 403 page. The errors go to the web's error filter like the guard's.
 * It covers the whole mount: the page, its static files and its JSON API alike.
 */
export function adminSessionOnly(req: WebRequest, _res: Response, next: NextFunction): void {
  if (!req.user) return next(new SignInRequired(req.sessionEnded));
  if (req.user.role !== Role.Admin) return next(new ForbiddenException('the queue dashboard is for admins'));
  next();
}

/**
 * bull-board for admins from the web (docs/web.md#panel-panel-pack-and-administration-viewer-and-admin), every queue of the job catalogue. Mounted after the
 * session, who-is-signed-in and the CSRF check, so its state-changing calls (retry, pause, clean)
 * need the session's CSRF token like every other write; bull-board's own script does not send
 * one, so from the web the dashboard reads and those buttons are refused with 403 (an admin who
 * needs them uses the API's copy with a bearer token).
 */
export function mountQueueDashboard(app: INestApplication): void {
  const jobs = app.get(JobQueue);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: Object.values(QueueName).map((name) => new BullMQAdapter(jobs.queue(name))), serverAdapter: adapter });
  app.use(QUEUE_DASHBOARD_PATH, adminSessionOnly, queueDashboardHeaders(bullBoardInlineStyles()), adapter.getRouter());
}

/**
 * Every inline style bull-board's page applies (security-headers.ts allows exactly these by hash):
 * those of the template it renders (its UI package's dist/index.ejs) and the text of each
 * `<style>` element its components render (in its compiled bundles, `("style",{children:`…`})`).
 * The UI package is found the way @bull-board/api finds it (it is that package's dependency).
 */
export function bullBoardInlineStyles(): string[] {
  const api = createRequire(import.meta.url).resolve('@bull-board/api');
  const dist = join(dirname(createRequire(api).resolve('@bull-board/ui/package.json')), 'dist');
  const styles = inlineStylesOf(readFileSync(join(dist, 'index.ejs'), 'utf8'));
  const scripts = join(dist, 'static', 'js');
  for (const file of readdirSync(scripts).filter((name) => name.endsWith('.js'))) {
    for (const match of readFileSync(join(scripts, file), 'utf8').matchAll(/\("style",\{children:`([^`]*)`\}/g)) styles.push(match[1]!);
  }
  return styles;
}
