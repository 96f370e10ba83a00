import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests create their databases on (PostgreSQL runs on every machine of this kind). */
export const ADMIN_URL = process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export function uniqueName(kind: 'tpl' | 'test'): string {
  return `ringfence_${kind}_${process.pid}_${randomBytes(4).toString('hex')}`;
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
