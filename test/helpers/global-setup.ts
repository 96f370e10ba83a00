import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Self-contained on purpose: Jest loads this file through Node's own ESM loader, which cannot
// resolve our TypeScript imports. Migrating the template happens in the first test file
// (test-env.ts), which runs inside Jest's module system.
const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Once per `npm test`: check PostgreSQL answers (fail clearly if not) and create the template database. */
export default async function globalSetup(): Promise<void> {
  // The e2e and service projects share one template: the second project's call finds it made.
  if (process.env['RINGFENCE_TEST_TEMPLATE']) return;
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} (${(error as Error).message}); start it or set TEST_DATABASE_ADMIN_URL`);
  }
  // The run's mark (test/helpers/database.ts testRunId): workers inherit it, the teardown drops by it.
  const run = `${process.pid}_${randomBytes(3).toString('hex')}`;
  process.env['RINGFENCE_TEST_RUN'] = run;
  const template = `ringfence_tpl_${run}_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE DATABASE "${template}"`);
  await client.end();
  process.env['RINGFENCE_TEST_TEMPLATE'] = template;
}
