import pg from 'pg';

const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Drops the template and any database a crashed test file of this run left behind. */
export default async function globalTeardown(): Promise<void> {
  // Set by globalSetup; the names of this run's databases all carry it, whichever worker made them.
  const run = process.env['RINGFENCE_TEST_RUN'] ?? String(process.pid);
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`, [
    `ringfence_tpl_${run}_%`,
    `ringfence_test_${run}_%`,
  ]);
  for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await client.end();
}
