import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { CsrfRefused } from './web-errors.js';

/**
 * CSRF protection (docs/web-contract.md#security): the synchroniser-token pattern, one token per session, sent back in
 * every form as a hidden `_csrf` field (or an `X-CSRF-Token` header from scripts). Runs after the
 * session, the urlencoded body parser and the page locals, and before any route, so a state-changing request
 * without the token is refused with the 403 page before anything can be written, whatever the
 * route, even one that does not exist.
 */
const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?.['_csrf'];
    return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] as string | undefined);
  },
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfProtection(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method) || (req.session && csrf.isRequestValid(req))) return next();
  next(new CsrfRefused());
}

/** The session's token, made on first use (so a session starts only for pages with a form). */
export function csrfTokenFor(req: Request): string {
  return csrf.generateToken(req);
}
