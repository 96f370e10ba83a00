import type { Role } from '#domain/index.js';
import { ALL_ROLES } from '#domain/index.js';
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
];

/** govukServiceNavigation's `navigation` items for a role on a path. */
export function navigationFor(role: Role, path: string, t: Translate): { href: string; text: string; current?: boolean; active?: boolean }[] {
  return ENTRIES.filter((entry) => entry.roles.includes(role)).map((entry) => {
    const current = path === entry.href;
    const active = !current && (entry.prefixes ?? []).some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    return { href: entry.href, text: t(entry.text), ...(current ? { current: true } : {}), ...(active ? { active: true } : {}) };
  });
}
