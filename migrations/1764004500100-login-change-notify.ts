import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17.2: the API keeps the users it has authenticated in memory, and the database tells
 * every API process the moment one of them may no longer be honoured. Any change to a user
 * (disabled, role, organisation, password, deleted) or to one of its refresh tokens (logout,
 * rotation, revocation, expiry moved) sends NOTIFY ringfence_login_changed with the user id, at
 * commit, whatever wrote it: the services, a console session or a restore script. Each API process
 * LISTENs and drops that user's cached tokens (apps/api/src/auth/access-token-cache.ts); while it is
 * not listening it caches nothing and asks the database on every request, as before.
 */
export class LoginChangeNotify1764004500100 implements MigrationInterface {
  name = 'LoginChangeNotify1764004500100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_user_login_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ringfence_login_changed', OLD.id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER app_user_login_changed AFTER UPDATE OR DELETE ON app_user
        FOR EACH ROW EXECUTE FUNCTION app_user_login_changed();
      CREATE FUNCTION refresh_token_login_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('ringfence_login_changed', OLD.user_id::text);
        RETURN NULL;
      END $$;
      CREATE TRIGGER refresh_token_login_changed AFTER UPDATE OR DELETE ON refresh_token
        FOR EACH ROW EXECUTE FUNCTION refresh_token_login_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS refresh_token_login_changed ON refresh_token;
      DROP TRIGGER IF EXISTS app_user_login_changed ON app_user;
      DROP FUNCTION IF EXISTS refresh_token_login_changed(), app_user_login_changed();
    `);
  }
}
