import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on (PostgreSQL runs on every machine of this kind). */
export const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One `npm test` run's mark on what it creates: set by globalSetup in Jest's parent process and
 * inherited by every worker, so the teardown finds a crashed worker's databases by it.
 */
export function testRunId(): string {
  return process.env['RINGFENCE_TEST_RUN'] ?? String(process.pid);
}

export function uniqueName(kind: 'tpl' | 'test'): string {
  return `ringfence_${kind}_${testRunId()}_${randomBytes(4).toString('hex')}`;
}

/**
 * Runs `work` while holding a PostgreSQL advisory lock of this name: Jest's workers are separate
 * processes, and the server they all share is the one lock they can all see. Used where two test
 * files must not do the same thing at once (migrating and cloning the template, building assets).
 */
export async function withTestLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`ringfence-test:${name}`]);
    return await work();
  } finally {
    // Closing the session releases the lock even when work threw.
    await client.end();
  }
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
