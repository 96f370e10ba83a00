import { Role, STAFF_ROLES } from '#domain/index.js';
import type { Translate } from '../i18n/i18n.js';

/**
 * The award hub's sections (MOJ sub navigation), one route each under `/awards/:id`. Several areas
 * of the web fill them (awards, monitoring, payments), each in its own controller; this list is
 * the one place that says which sections exist, in what order, and for whom. A section's page
 * extends `awards/_hub.njk` and sets `hubSection` to its key.
 */
export interface HubSection {
  key: 'overview' | 'budget' | 'conditions' | 'outcomes' | 'reporting' | 'payments' | 'documents' | 'timeline';
  /** Path after `/awards/:id` ('' for the overview). */
  path: string;
  /** Who sees the link; the section's route decides access on its own (deny by default). */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = [...STAFF_ROLES, Role.Partner];

export const HUB_SECTIONS: readonly HubSection[] = [
  { key: 'overview', path: '', roles: EVERYONE },
  { key: 'budget', path: '/budget', roles: EVERYONE },
  { key: 'conditions', path: '/conditions', roles: EVERYONE },
  { key: 'outcomes', path: '/outcomes', roles: EVERYONE },
  { key: 'reporting', path: '/reporting', roles: EVERYONE },
  { key: 'payments', path: '/payments', roles: EVERYONE },
  { key: 'documents', path: '/documents', roles: EVERYONE },
  // The audit trail is for the staff who may read it (API: admin, finance, commissioner) and the panel.
  { key: 'timeline', path: '/timeline', roles: [Role.Admin, Role.Commissioner, Role.Finance, Role.Viewer] },
];

/** `mojSubNavigation` items for an award, the current section marked. */
export function hubNavigation(awardId: string, role: Role, current: HubSection['key'], t: Translate): { text: string; href: string; active: boolean }[] {
  return HUB_SECTIONS.filter((s) => s.roles.includes(role)).map((s) => ({ text: t(`awards.hub.${s.key}`), href: `/awards/${awardId}${s.path}`, active: s.key === current }));
}
