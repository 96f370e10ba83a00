import nunjucks from 'nunjucks';
import type { Translate } from '../i18n/i18n.js';

/** govukServiceNavigation's `navigation` items, as common/navigation.ts builds them. */
export interface NavigationItem {
  href: string;
  text: string;
  current?: boolean;
  active?: boolean;
}

/**
 * Where the signed-in user's account block goes in a kept service navigation. An HTML comment,
 * so it can never come from a catalogue text or a user's name: those are escaped (`<` becomes
 * `&lt;`) before they reach the navigation's HTML.
 */
const ACCOUNT_SLOT = '<!--ringfence:account-slot-->';

/**
 * Kept service navigations per catalogue: one per role and current or active item (a dozen or
 * so a role); the cap only guards against a future navigation that varies per user.
 */
const MAX_NAVIGATIONS = 500;

/**
 * Kept parts with parameters per catalogue: a page's bounded pieces (a year's links, a status
 * tag, a list's pagination); past the cap a part is still rendered, just not kept, so parameters
 * a visitor controls (a query string in a pagination's links) cannot grow the store.
 */
const MAX_PARTS = 1000;

/** What the account block shows of the signed-in user. */
export interface AccountHolder {
  name: string;
  role: string;
  organisationName: string | null;
}

export interface LayoutParts {
  /**
   * A template rendered with the catalogue alone (skip link, header, footer): the same HTML on
   * every page in that language. With `params`, the template sees `t` and those (plain JSON
   * data: strings, numbers, booleans, arrays, objects) and is kept per catalogue, template and
   * params, for page parts whose GOV.UK macros cost more than the page's data (issue 16: a
   * status tag per row, a pagination, a year's links). The template must read nothing else.
   */
  layoutPart(t: Translate, template: string, params?: Record<string, unknown>): nunjucks.runtime.SafeString;
  /**
   * The service navigation for these items with the signed-in user's account block (who, and the
   * sign-out form with this response's CSRF token) in its end slot: the navigation's HTML is kept
   * per catalogue and items, the account block is rendered every time (autoescaped).
   */
  serviceNavigation(t: Translate, navigation: NavigationItem[], user: AccountHolder, csrfToken: () => string): nunjucks.runtime.SafeString;
}

/**
 * The layout's GOV.UK macros rendered once and kept as HTML (issue 16: the generic header, the
 * service navigation and the footer were ~1 ms of every page's ~1.2 ms layout render, more than
 * half the API's whole request, and GOV.UK's page template renders the header and footer twice,
 * once to see whether they are empty). What is kept is a function of what it was rendered from:
 * a layout part sees only the catalogue (`t`) and the template globals, never a request's locals;
 * a navigation is kept by its catalogue and its items (which include which one is current), and
 * what is the user's own (name, organisation, the CSRF token in the sign-out form) is rendered
 * per response and put into the kept HTML's slot. Catalogues are keys by identity, so a second
 * language (docs/web-contract.md#conventions) gets its own parts.
 */
export function createLayoutParts(env: nunjucks.Environment): LayoutParts {
  const parts = new WeakMap<Translate, Map<string, nunjucks.runtime.SafeString>>();
  const navigations = new WeakMap<Translate, Map<string, readonly [string, string]>>();
  const keptFor = <V>(store: WeakMap<Translate, Map<string, V>>, t: Translate): Map<string, V> => {
    let kept = store.get(t);
    if (!kept) store.set(t, (kept = new Map()));
    return kept;
  };

  return {
    layoutPart(t, template, params) {
      const kept = keptFor(parts, t);
      const key = params === undefined ? template : `${template}\n${JSON.stringify(params)}`;
      let html = kept.get(key);
      if (!html) {
        html = new nunjucks.runtime.SafeString(env.render(template, { ...params, t }));
        if (params === undefined || kept.size < MAX_PARTS) kept.set(key, html);
      }
      return html;
    },

    serviceNavigation(t, navigation, user, csrfToken) {
      const kept = keptFor(navigations, t);
      const key = JSON.stringify(navigation);
      let halves = kept.get(key);
      if (!halves) {
        const html = env.render('partials/service-navigation.njk', { t, navigation, account: new nunjucks.runtime.SafeString(ACCOUNT_SLOT) });
        const [before, after, ...more] = html.split(ACCOUNT_SLOT);
        if (after === undefined || more.length) throw new Error(`the service navigation must show its account slot once (found ${more.length + (after === undefined ? 0 : 1)})`);
        halves = [before!, after] as const;
        if (kept.size < MAX_NAVIGATIONS) kept.set(key, halves);
      }
      const account = env.render('partials/account.njk', { t, user, csrfToken });
      return new nunjucks.runtime.SafeString(halves[0] + account + halves[1]);
    },
  };
}
