import type { NextFunction, Response } from 'express';
import { hubNavigation, type HubSection } from '../awards/award-hub.js';
import type { Translate } from '../i18n/i18n.js';
import type { Filters } from '../rendering/filters.js';
import { formatParams } from './form-errors.js';
import { csrfTokenFor } from './csrf.js';
import { navigationFor } from './navigation.js';
import type { WebRequest } from './web-request.js';

/**
 * A success message for the next page the user sees (the GOV.UK notification banner): a
 * catalogue key and its parameters (`...Pence` shown as money, dates as dates, as in error
 * messages), put into words when that page is shown.
 */
export function setFlash(req: WebRequest, key: string, params: Record<string, unknown> = {}): void {
  if (req.session) req.session.flash = { key, params };
}

/**
 * What every page's layout needs, for pages and error pages alike: the translator, who is signed
 * in, the navigation, and functions for the CSRF token and the flash message (called only by
 * pages that show them, so a session starts only where a form needs one).
 */
export function pageLocals(t: Translate, filters: Filters) {
  return (req: WebRequest, res: Response, next: NextFunction): void => {
    res.locals['t'] = t;
    res.locals['user'] = req.user;
    res.locals['navigation'] = req.user ? navigationFor(req.user.role, req.path, t) : [];
    res.locals['csrfToken'] = () => csrfTokenFor(req);
    // The award hub's sub navigation for the signed-in role (awards/_hub.njk calls it).
    res.locals['awardHubNavigation'] = (awardId: string, section: HubSection['key']) => (req.user ? hubNavigation(awardId, req.user.role, section, t) : []);
    res.locals['takeFlash'] = () => {
      const flash = req.session?.flash;
      if (flash === undefined) return undefined;
      delete req.session.flash;
      return t(flash.key, formatParams(flash.params, t, filters));
    };
    next();
  };
}
