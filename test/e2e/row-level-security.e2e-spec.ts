import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { runAsPartner } from '../../libs/platform/src/database/partner-rls.js';
import { Award } from '../../libs/domain/src/awards/award.entity.js';
import { createDataSource } from '../../libs/domain/src/database/data-source.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/**
 * The second wall (docs/design.md#invariant-8): even a query with no organisation filter at all, issued
 * from a partner's request, returns only that partner's rows, because PostgreSQL enforces it.
 */
describe('row-level security for partner requests', () => {
  let env: TestEnv;
  let appDb: DataSource;
  let partnerOrg: string;
  let otherOrg: string;
  let ownAwards: number;
  let allAwards: number;
  let commissioner: string;
  let partner: string;

  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner, partner } = await demoAs(env, 'commissioner', 'partner'));
    appDb = env.app.get(DataSource);
    [{ organisation_id: partnerOrg }] = await env.db.query(`SELECT organisation_id FROM app_user WHERE role = 'partner' LIMIT 1`);
    // Another organisation with an award of its own, so "not mine" is never an empty set.
    const other = await givenOrganisation(env, commissioner);
    otherOrg = other.id;
    const stream = await givenStream(env, commissioner, 500_000);
    await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: otherOrg, amountPence: 10_000 });
    await givenDraftAward(env, commissioner, { fundingStreamId: stream.id, recipientOrganisationId: partnerOrg, amountPence: 10_000 });
    [{ n: ownAwards }] = await env.db.query(`SELECT count(*)::int AS n FROM award WHERE recipient_organisation_id = $1`, [partnerOrg]);
    [{ n: allAwards }] = await env.db.query(`SELECT count(*)::int AS n FROM award`);
    expect(ownAwards).toBeGreaterThan(0);
    expect(allAwards).toBeGreaterThan(ownAwards);
  });
  afterAll(() => env.close());

  it('filters a repository call that forgot the organisation filter', async () => {
    const seen = await runAsPartner(partnerOrg, () => appDb.getRepository(Award).find());
    expect(seen).toHaveLength(ownAwards);
    expect(new Set(seen.map((a) => a.recipientOrganisationId))).toEqual(new Set([partnerOrg]));
    // The same call outside a partner's request sees everything.
    expect(await appDb.getRepository(Award).count()).toBe(allAwards);
  });

  it('filters raw SQL, joins and child tables through their award', async () => {
    await runAsPartner(partnerOrg, async () => {
      const [{ awards, periods, payments, conditions, foreign }] = await appDb.query(`
        SELECT (SELECT count(*) FROM award)::int AS awards,
               (SELECT count(*) FROM reporting_period)::int AS periods,
               (SELECT count(*) FROM payment)::int AS payments,
               (SELECT count(*) FROM award_condition)::int AS conditions,
               (SELECT count(*) FROM award a JOIN reporting_period p ON p.award_id = a.id WHERE a.recipient_organisation_id <> $1)::int AS foreign`, [partnerOrg]);
      expect(awards).toBe(ownAwards);
      expect(foreign).toBe(0);
      const [truth] = await env.db.query(`
        SELECT (SELECT count(*) FROM reporting_period p JOIN award a ON a.id = p.award_id WHERE a.recipient_organisation_id = $1)::int AS periods,
               (SELECT count(*) FROM payment p JOIN award a ON a.id = p.award_id WHERE a.recipient_organisation_id = $1)::int AS payments,
               (SELECT count(*) FROM award_condition c JOIN award a ON a.id = c.award_id WHERE a.recipient_organisation_id = $1)::int AS conditions`, [partnerOrg]);
      expect({ periods, payments, conditions }).toEqual(truth);
    });
  });

  it('refuses tables a partner has no business reading at all', async () => {
    for (const sql of [
      `SELECT password_hash FROM app_user`,
      `SELECT * FROM funding_source`,
      `SELECT * FROM audit_entry`,
      `SELECT * FROM reconciliation_run`,
      `SELECT * FROM idempotency_key`,
    ]) {
      const outcome = await runAsPartner(partnerOrg, () => appDb.query(sql)).then(
        (rows: unknown[]) => `rows:${rows.length}`,
        (e: Error) => e.message,
      );
      // audit_entry is readable by privilege only through its policy (nothing for partners).
      expect([sql, /permission denied|rows:0/.test(outcome)]).toEqual([sql, true]);
    }
  });

  it('cannot change another organisation\'s rows even with a write that names them', async () => {
    const [{ id: otherAward }] = await env.db.query(`SELECT id FROM award WHERE recipient_organisation_id = $1 LIMIT 1`, [otherOrg]);
    const updated = await runAsPartner(partnerOrg, () => appDb.query(`UPDATE award SET title = 'hijacked' WHERE id = $1`, [otherAward])).catch((e: Error) => e.message);
    expect(String(updated)).toMatch(/permission denied/);
    const moved = await runAsPartner(partnerOrg, () =>
      appDb.query(`UPDATE reporting_period SET due_date = due_date WHERE award_id = $1`, [otherAward]),
    );
    expect(moved).toEqual([[], 0]);
    // An audit row forged in a staff member's name is refused.
    const forged = await runAsPartner(partnerOrg, () =>
      appDb.query(`INSERT INTO audit_entry (actor_role, action, entity_type, entity_id) VALUES ('commissioner', 'award.approve', 'award', 'x')`),
    ).catch((e: Error) => e.message);
    expect(String(forged)).toMatch(/row-level security/);
    const [{ n }] = await env.db.query(`SELECT count(*)::int AS n FROM award WHERE title = 'hijacked'`);
    expect(n).toBe(0);
  });

  it('shows nothing to a partner with no organisation', async () => {
    expect(await runAsPartner(null, () => appDb.getRepository(Award).count())).toBe(0);
  });

  it('never lets one request\'s scope reach another on a shared connection', async () => {
    // One connection, so every statement below reuses it, interleaved across scopes.
    const single = createDataSource(env.databaseUrl, { poolSize: 1 });
    await single.initialize();
    try {
      const tasks: Promise<[string, number]>[] = [];
      for (let i = 0; i < 60; i++) {
        const kind = i % 3;
        if (kind === 0) tasks.push(runAsPartner(partnerOrg, async (): Promise<[string, number]> => ['partner', await single.getRepository(Award).count()]));
        else if (kind === 1) tasks.push(runAsPartner(otherOrg, async (): Promise<[string, number]> => ['other', await single.getRepository(Award).count()]));
        else tasks.push(single.getRepository(Award).count().then((n): [string, number] => ['staff', n]));
      }
      const results = await Promise.all(tasks);
      const expected: Record<string, number> = { partner: ownAwards, other: 1, staff: allAwards };
      expect(results.filter(([who, n]) => expected[who] !== n)).toEqual([]);

      // A partner transaction that rolls back leaves neither its scope nor the connecting role's.
      await runAsPartner(partnerOrg, () =>
        single.transaction(async (tx) => {
          await tx.query(`SELECT 1`);
          throw new Error('roll back');
        }),
      ).catch(() => undefined);
      expect(await single.getRepository(Award).count()).toBe(allAwards);
      expect(await runAsPartner(partnerOrg, () => single.getRepository(Award).count())).toBe(ownAwards);
      const [{ role }] = await single.query(`SELECT current_user AS role`);
      expect(role).not.toBe('ringfence_partner');

      // A switch made inside a transaction is undone by its rollback: the next partner statement
      // must switch again rather than trust the client's memory and run as the owner.
      const runner = single.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        // A statement as the connecting role first, so the transaction is open before the switch.
        expect((await runner.query(`SELECT count(*)::int AS n FROM award`))[0].n).toBe(allAwards);
        expect(await runAsPartner(partnerOrg, async () => (await runner.query(`SELECT count(*)::int AS n FROM award`))[0].n)).toBe(ownAwards);
        // Rolled back from the partner's scope, so no switch precedes the ROLLBACK to mask it.
        await runAsPartner(partnerOrg, () => runner.rollbackTransaction());
        expect(await runAsPartner(partnerOrg, async () => (await runner.query(`SELECT count(*)::int AS n FROM award`))[0].n)).toBe(ownAwards);
        expect((await runner.query(`SELECT count(*)::int AS n FROM award`))[0].n).toBe(allAwards);
      } finally {
        await runner.release();
      }
    } finally {
      await single.destroy();
    }
  });

  it('runs a partner\'s HTTP request under the restricted role, and staff requests without it', async () => {
    const [{ id: awardId }] = await env.db.query(`SELECT id FROM award WHERE recipient_organisation_id = $1 LIMIT 1`, [partnerOrg]);
    const as = (t: string) => ({ Authorization: `Bearer ${t}` });
    expect((await env.http().get(`/api/awards/${awardId}/lines`).set(as(partner))).status).toBe(200);
    // Take the partner role's right to read budget lines away in this database only: the partner's
    // request now fails inside PostgreSQL while the commissioner's still works, which can only
    // be so if the partner's statements really run as ringfence_partner.
    await env.db.query(`REVOKE SELECT ON award_line FROM ringfence_partner`);
    try {
      expect((await env.http().get(`/api/awards/${awardId}/lines`).set(as(partner))).status).toBe(500);
      expect((await env.http().get(`/api/awards/${awardId}/lines`).set(as(commissioner))).status).toBe(200);
    } finally {
      await env.db.query(`GRANT SELECT ON award_line TO ringfence_partner`);
    }
    expect((await env.http().get(`/api/awards/${awardId}/lines`).set(as(partner))).status).toBe(200);
  });
});
