import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security for partner requests: the database's own wall between organisations
 * (docs/design.md#invariant-8), behind the query filters in code.
 *
 * A partner's request runs as the NOLOGIN role `ringfence_partner` with the setting
 * `ringfence.organisation_id` (libs/platform/src/database/partner-rls.ts). That role:
 * - has privileges only on the tables below; any other table (users' password hashes, funding
 *   sources, reconciliation, year-end, idempotency, tables added later) is refused outright;
 * - sees, through the policies, only rows that hang off its own organisation's awards.
 *
 * The policies name `current_user` so the connecting role (owner, worker, staff requests) is not
 * filtered even where RLS would apply to it (a non-owner application role). Child tables are
 * filtered through their parent (`award_id IN (SELECT id FROM award)`), and that sub-select is
 * itself filtered by award's policy, so one rule (recipient = my organisation) governs them all.
 * Roles are cluster-wide, so creating it tolerates another database having done so first.
 */
export class RowLevelSecurity1764000900000 implements MigrationInterface {
  name = 'RowLevelSecurity1764000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ringfence_partner') THEN
          CREATE ROLE ringfence_partner NOLOGIN NOINHERIT NOBYPASSRLS;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$;

      -- A non-superuser application role must be a member to switch into it.
      DO $$
      BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
           AND NOT pg_has_role(current_user, 'ringfence_partner', 'MEMBER') THEN
          EXECUTE format('GRANT ringfence_partner TO %I', current_user);
        END IF;
      END $$;

      CREATE FUNCTION rf_partner_organisation() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT NULLIF(current_setting('ringfence.organisation_id', true), '')::uuid
      $$;
      CREATE FUNCTION rf_is_partner() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT current_user = 'ringfence_partner'
      $$;

      GRANT USAGE ON SCHEMA public TO ringfence_partner;
      GRANT EXECUTE ON FUNCTION rf_partner_organisation(), rf_is_partner() TO ringfence_partner;

      -- Reference data every partner may read: the outcome frameworks their returns report
      -- against, plan objectives, calendar overrides.
      GRANT SELECT ON outcome_framework, outcome_indicator, plan_objective, plan_objective_measure, bank_holiday_override TO ringfence_partner;

      -- Organisation-owned rows.
      GRANT SELECT ON organisation, award, award_co_funder, award_condition, award_line, award_objective,
        award_outcome_framework, award_target, award_variation, payment, reporting_schedule,
        funding_stream, reminder_policy TO ringfence_partner;
      -- Colleagues' names on returns; never the password hash.
      GRANT SELECT (id, email, name, role, organisation_id, disabled) ON app_user TO ringfence_partner;
      -- Monitoring returns are the partner's own writing.
      GRANT SELECT, INSERT, UPDATE ON reporting_period, monitoring_return, return_version, return_value, notification TO ringfence_partner;
      GRANT SELECT ON return_review TO ringfence_partner;
      -- Partners' actions are audited; they cannot read the trail.
      GRANT INSERT ON audit_entry TO ringfence_partner;
      GRANT USAGE ON SEQUENCE audit_entry_id_seq TO ringfence_partner;

      ALTER TABLE organisation ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON organisation USING (NOT rf_is_partner()
        OR id = rf_partner_organisation()
        OR id IN (SELECT organisation_id FROM award_co_funder)
        OR id IN (SELECT commissioner_organisation_id FROM funding_stream));

      ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON app_user USING (NOT rf_is_partner() OR organisation_id = rf_partner_organisation());

      ALTER TABLE award ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON award USING (NOT rf_is_partner() OR recipient_organisation_id = rf_partner_organisation());

      ALTER TABLE funding_stream ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON funding_stream USING (NOT rf_is_partner() OR id IN (SELECT funding_stream_id FROM award));
      ALTER TABLE reminder_policy ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON reminder_policy USING (NOT rf_is_partner() OR funding_stream_id IN (SELECT id FROM funding_stream));
    `);
    for (const table of ['award_co_funder', 'award_condition', 'award_line', 'award_objective', 'award_outcome_framework', 'award_target', 'award_variation', 'payment', 'reporting_schedule', 'reporting_period', 'notification']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        CREATE POLICY partner_isolation ON ${table} USING (NOT rf_is_partner() OR award_id IN (SELECT id FROM award));
      `);
    }
    await q.query(`
      ALTER TABLE monitoring_return ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON monitoring_return USING (NOT rf_is_partner() OR reporting_period_id IN (SELECT id FROM reporting_period));
      ALTER TABLE return_version ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON return_version USING (NOT rf_is_partner() OR monitoring_return_id IN (SELECT id FROM monitoring_return));
      ALTER TABLE return_review ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON return_review USING (NOT rf_is_partner() OR monitoring_return_id IN (SELECT id FROM monitoring_return));
      ALTER TABLE return_value ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON return_value USING (NOT rf_is_partner() OR return_version_id IN (SELECT id FROM return_version));
      -- Inserting is all a partner may do here; the policy keeps its entries to its own actions.
      ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON audit_entry USING (NOT rf_is_partner());
      CREATE POLICY partner_insert ON audit_entry FOR INSERT WITH CHECK (rf_is_partner() AND actor_role = 'partner');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    const tables = ['organisation', 'app_user', 'award', 'funding_stream', 'reminder_policy', 'award_co_funder', 'award_condition', 'award_line', 'award_objective', 'award_outcome_framework', 'award_target', 'award_variation', 'payment', 'reporting_schedule', 'reporting_period', 'notification', 'monitoring_return', 'return_version', 'return_review', 'return_value', 'audit_entry'];
    for (const table of tables) {
      await q.query(`DROP POLICY IF EXISTS partner_isolation ON ${table}; ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;`);
    }
    await q.query(`
      DROP POLICY IF EXISTS partner_insert ON audit_entry;
      -- Privileges in this database only; the role itself is shared by the cluster's databases.
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ringfence_partner;
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ringfence_partner;
      REVOKE ALL ON SCHEMA public FROM ringfence_partner;
      DROP FUNCTION rf_is_partner();
      DROP FUNCTION rf_partner_organisation();
    `);
  }
}
