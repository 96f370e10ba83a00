import { ALL_ROLES, Role, STAFF_ROLES } from '#domain/index.js';
import type { Translate } from '../i18n/i18n.js';

interface NavigationEntry {
  href: string;
  /** Catalogue key of the link text. */
  text: string;
  roles: readonly Role[];
  /** Paths under this entry (besides `href` itself) that mark it current. */
  prefixes?: string[];
}

/**
 * The service navigation, per role: add an entry when an area gets its first page. A link is
 * shown only to the roles its page allows (the guard still checks every request).
 */
const ENTRIES: NavigationEntry[] = [
  { href: '/', text: 'navigation.home', roles: ALL_ROLES },
  { href: '/awards', text: 'navigation.awards', roles: ALL_ROLES, prefixes: ['/awards'] },
  { href: '/funding', text: 'navigation.money', roles: [Role.Commissioner, Role.Finance, Role.Admin], prefixes: ['/funding'] },
  // Monitoring (returns review, outcomes, reports, plan objectives): staff only.
  { href: '/returns', text: 'navigation.returns', roles: STAFF_ROLES, prefixes: ['/reporting-periods'] },
  { href: '/outcome-frameworks', text: 'navigation.outcomes', roles: STAFF_ROLES },
  { href: '/reports', text: 'navigation.reports', roles: STAFF_ROLES },
  { href: '/objectives', text: 'navigation.objectives', roles: STAFF_ROLES },
  { href: '/payments', text: 'navigation.finance.payments', roles: [Role.Finance], prefixes: ['/payments'] },
  { href: '/reconciliation', text: 'navigation.finance.reconciliation', roles: [Role.Finance], prefixes: ['/reconciliation'] },
  { href: '/year-end', text: 'navigation.finance.yearEnd', roles: [Role.Finance], prefixes: ['/year-end'] },
  { href: '/finance-report', text: 'navigation.finance.report', roles: [Role.Finance], prefixes: ['/finance-report'] },
  // The viewer's home is the panel's years; staff reach the same pages from here.
  { href: '/panel', text: 'navigation.panel', roles: [Role.Commissioner, Role.Finance, Role.Admin], prefixes: ['/panel'] },
  { href: '/admin', text: 'navigation.admin', roles: [Role.Admin], prefixes: ['/admin'] },
];

/** govukServiceNavigation's `navigation` items for a role on a path. */
export function navigationFor(role: Role, path: string, t: Translate): { href: string; text: string; current?: boolean; active?: boolean }[] {
  return ENTRIES.filter((entry) => entry.roles.includes(role)).map((entry) => {
    const current = path === entry.href;
    const active = !current && (entry.prefixes ?? []).some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    return { href: entry.href, text: t(entry.text), ...(current ? { current: true } : {}), ...(active ? { active: true } : {}) };
  });
}
