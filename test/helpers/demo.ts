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

/**
 * An active award of £4,000 to Warrington in a stream of its own (£10,000 from a source of its
 * own, in 2031/32, a year nothing else in the demo uses), made through the API as the demo
 * commissioner: the starting point of the award hub's browser tests. `label` names the source,
 * stream and award so that a test's rows are easy to tell apart.
 */
export async function activeAwardOfItsOwn(env: TestEnv, label: string, decisionReference: string): Promise<{ awardId: string; streamId: string }> {
  const token = await loginAs(env, 'commissioner');
  const api = (path: string, body: object) =>
    env.http().post(path).set('Authorization', `Bearer ${token}`).send(body).then((res) => {
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    });
  const [{ id: warrington }] = (await env.db.query(`SELECT id FROM organisation WHERE identifier360 = 'GB-LAE-WRT'`)) as [{ id: string }];
  const [{ id: source }] = (await env.db.query(
    `INSERT INTO funding_source (funder_organisation_id, name, financial_year, amount_pence, restricted) VALUES ($1, $2, '2031/32', 1000000, false) RETURNING id`,
    [warrington, `${label} test grant`],
  )) as [{ id: string }];
  const stream = await api('/api/funding-streams', { name: `${label} test stream`, financialYear: '2031/32', purpose: 'other', sources: [{ fundingSourceId: source, amountPence: 1000000 }] });
  const award = await api('/api/awards', { fundingStreamId: stream.id, recipientOrganisationId: warrington, title: `${label} outreach`, grantType: 'Grant', amountPence: 400000, startDate: '2031-04-01', endDate: '2032-03-31' });
  await api(`/api/awards/${award.id}/approve`, { decisionReference });
  await api(`/api/awards/${award.id}/activate`, {});
  return { awardId: award.id, streamId: stream.id };
}
