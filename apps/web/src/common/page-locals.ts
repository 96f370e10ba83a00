import type { NextFunction, Response } from 'express';
import type { Translate } from '../i18n/i18n.js';
import { csrfTokenFor } from './csrf.js';
import { navigationFor } from './navigation.js';
import type { WebRequest } from './web-request.js';

/** A success message for the next page the user sees (the GOV.UK notification banner). */
export function setFlash(req: WebRequest, message: string): void {
  if (req.session) req.session.flash = message;
}

/**
 * What every page's layout needs, for pages and error pages alike: the translator, who is signed
 * in, the navigation, and functions for the CSRF token and the flash message (called only by
 * pages that show them, so a session starts only where a form needs one).
 */
export function pageLocals(t: Translate) {
  return (req: WebRequest, res: Response, next: NextFunction): void => {
    res.locals['t'] = t;
    res.locals['user'] = req.user;
    res.locals['navigation'] = req.user ? navigationFor(req.user.role, req.path, t) : [];
    res.locals['csrfToken'] = () => csrfTokenFor(req);
    res.locals['takeFlash'] = () => {
      const message = req.session?.flash;
      if (message !== undefined) delete req.session.flash;
      return message;
    };
    next();
  };
}
