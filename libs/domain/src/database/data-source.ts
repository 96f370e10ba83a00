import { DataSource, type DataSourceOptions } from 'typeorm';
import { PartnerScopedClient, SnakeNamingStrategy, registerPgErrorRoutes } from '#platform/index.js';
import { MIGRATIONS } from '../../../../migrations/index.js';
import { ENTITIES } from './entities.js';
import { PG_ERROR_ROUTES } from './pg-error-routes.js';

/**
 * The one data source definition, shared by the API, the worker, the migration CLI, the seed
 * and the tests. `synchronize` stays off: the schema changes only through migrations/. Every
 * process that connects also gets the areas' database refusals routed to their coded errors.
 */
export function dataSourceOptions(url: string, extra: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  registerPgErrorRoutes(PG_ERROR_ROUTES);
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Off: TypeORM's error logging prints the failed statement's parameters (password hashes,
    // tokens) to stdout. The API's error filter and the worker log failures without them.
    logging: false,
    poolSize: extra.poolSize ?? 10,
    applicationName: extra.applicationName ?? 'ringfence',
    // Partner requests reach the database as the row-level-secured role (libs/platform/src/database/partner-rls.ts).
    extra: { Client: PartnerScopedClient },
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra?: { poolSize?: number; applicationName?: string }): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

/** Applies pending migrations; returns their names. Run once per deploy, not per replica start. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'ringfence-migrate' });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Reverts the last applied migration; returns its name, or null when none was applied. */
export async function revertLastMigration(url: string): Promise<string | null> {
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'ringfence-migrate' });
  await ds.initialize();
  try {
    // TypeORM reverts the highest id of its table and says nothing (logging is off): read it first.
    const [{ table }] = (await ds.query(`SELECT to_regclass('schema_migration')::text AS table`)) as [{ table: string | null }];
    const [last] = table ? ((await ds.query(`SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1`)) as { name: string }[]) : [];
    if (!last) return null;
    await ds.undoLastMigration({ transaction: 'each' });
    return last.name;
  } finally {
    await ds.destroy();
  }
}
