import { createHash, randomBytes } from 'node:crypto';
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
 * site's own). bull-board is a third-party React app we do not build: its page's loading
 * placeholder carries style attributes and a <style> element, and one of its components renders a
 * <style> element inside an SVG; none can take a nonce. Rather than allow every inline style
 * there, the policy allows exactly those texts, by hash ('unsafe-hashes' lets a hash match a style
 * attribute; CSP level 3), read from the files bull-board serves at start (`bullBoardInlineStyles`),
 * so an upgrade that changes them is hashed again. Styles its components set through the DOM are
 * not governed by the policy. Scripts stay 'self' only (its bundles are files under its own path,
 * nothing inline runs), and its Google Fonts stylesheet stays blocked (the page falls back to
 * system fonts; no call to a third party from an admin's browser). Every other page keeps the
 * policy above.
 */
export function queueDashboardHeaders(inlineStyles: readonly string[]) {
  const hashes = [...new Set(inlineStyles.map(styleHash))].map((hash) => `'${hash}'`);
  const styleSrc = hashes.length ? ["'self'", "'unsafe-hashes'", ...hashes] : ["'self'"];
  return pageHeaders({ ...SITE_DIRECTIVES, scriptSrc: ["'self'"], styleSrc });
}

/** A CSP hash source (without quotes) for an inline style's exact text. */
export function styleHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The text of every style attribute and <style> element in an HTML template, in order. */
export function inlineStylesOf(html: string): string[] {
  return [
    ...[...html.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!),
  ];
}
