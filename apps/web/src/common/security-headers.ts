import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** A fresh nonce per response: GOV.UK's template puts it on its one inline script (`cspNonce`). */
export function cspNonce(_req: Request, res: Response, next: NextFunction): void {
  res.locals['cspNonce'] = randomBytes(16).toString('base64');
  next();
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as Response).locals['cspNonce'] as string}'`;

/** The site's policy: every page but the queue dashboard's. */
const SITE_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", nonceSource],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrcAttr: ["'none'"],
};

/** helmet with a policy of these directives; the session cookie and pages are same-origin only. */
const pageHeaders = (directives: typeof SITE_DIRECTIVES) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
  });

/**
 * helmet's headers as for the API, with a Content Security Policy for pages: scripts only from
 * this origin or carrying this response's nonce, styles and fonts only from this origin (no
 * inline style), images from here or data: URIs, forms posting only here, never framed.
 * `upgrade-insecure-requests` is left out: plain http on localhost must keep working.
 */
export const securityHeaders = pageHeaders(SITE_DIRECTIVES);

/**
 * The queue dashboard's policy, for its path only (admin/queue-dashboard.ts mounts it after the
 * site's own). bull-board is a third-party React app we do not build: its page carries style
 * attributes and a <style> element, and its components set styles inline, none of which can take
 * a nonce. So styles there may be inline ('unsafe-inline' in style-src, the one relaxation);
 * scripts stay 'self' only (its bundles are files under its own path, nothing inline runs), and
 * its Google Fonts stylesheet stays blocked (the page falls back to system fonts; no call to a
 * third party from an admin's browser). Every other page keeps the policy above.
 */
export const queueDashboardHeaders = pageHeaders({ ...SITE_DIRECTIVES, scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] });
