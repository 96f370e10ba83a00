import type { DataSource, EntityManager } from 'typeorm';
import type { ApiOptions } from '../../apps/api/src/api.module.js';
import { DEMO_USERS } from '../../apps/api/src/seed/demo-seed.js';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import type { Role } from '../../libs/domain/src/access/role.js';
import { createTestEnv, loadDemo, loginAs, type DemoRole, type TestEnv } from './test-env.js';

/**
 * "The demo as role X": the set-up most test files share, in one place. `demoEnv` is an API of
 * the file's own with the demo data loaded; `demoAs` signs in as the demo user of each role
 * asked for; `demoActor` is the same user as a domain service sees it (for the service tier).
 */

/** Every demo role, in the order the demo creates its users. */
export const DEMO_ROLES: readonly DemoRole[] = DEMO_USERS.map((u) => u.role as DemoRole);

/** A fresh API on real services (createTestEnv's `overrides` and `options`) with the demo data loaded. */
export async function demoEnv(overrides: NodeJS.ProcessEnv = {}, options: ApiOptions = {}): Promise<TestEnv> {
  const env = await createTestEnv(overrides, options);
  try {
    await loadDemo(env);
  } catch (error) {
    await env.close();
    throw error;
  }
  return env;
}

/** Signed in as the demo user of each role: `{ commissioner: '<access token>', ... }`. */
export async function demoAs<R extends DemoRole>(env: TestEnv, ...roles: R[]): Promise<Record<R, string>> {
  const tokens = {} as Record<R, string>;
  for (const role of roles) tokens[role] = await loginAs(env, role);
  return tokens;
}

function demoEmail(role: DemoRole): string {
  return DEMO_USERS.find((u) => u.role === (role as Role))!.email;
}

/** The demo user of a role as services see it: `{userId, role, organisationId}`. */
export async function demoActor(db: DataSource | EntityManager, role: DemoRole): Promise<Actor> {
  const rows = (await db.query(`SELECT id, role, organisation_id FROM app_user WHERE email = $1`, [demoEmail(role)])) as { id: string; role: Role; organisation_id: string | null }[];
  if (rows.length !== 1) throw new Error(`no demo ${role}: load the demo first`);
  return { userId: rows[0]!.id, role: rows[0]!.role, organisationId: rows[0]!.organisation_id };
}

/** The id of the demo user of a role. */
export async function demoUserId(env: TestEnv, role: DemoRole): Promise<string> {
  return (await demoActor(env.db, role)).userId!;
}
