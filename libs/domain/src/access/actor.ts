import { Role } from './role.js';

/**
 * Who is acting, as the domain sees it. Built by apps/api from the verified token and
 * the request; services take it as their first argument and pass it to audit.
 */
export interface Actor {
  userId: string | null;
  role: Role;
  /** The partner's own organisation; staff have none. */
  organisationId: string | null;
  requestId?: string;
}

/** The actor for work nobody requested over HTTP: seeding, migrations, the worker. */
export function systemActor(requestId = 'system'): Actor {
  return { userId: null, role: Role.Admin, organisationId: null, requestId };
}
