import type { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import { Award } from './award.entity.js';

interface AwardStatement {
  sql: string;
  metadata: EntityMetadata;
  columns: { alias: string; column: EntityMetadata['columns'][number] }[];
}

const statements = new WeakMap<DataSource, AwardStatement>();

/**
 * The statement TypeORM's query builder writes for one award by id, `SELECT "a"."id" AS "a_id", ...
 * FROM "award" "a" WHERE "a"."id" = $1` (every column of the entity, in its metadata's order),
 * made once per data source from the entity's metadata.
 */
function statementFor(dataSource: DataSource): AwardStatement {
  let statement = statements.get(dataSource);
  if (!statement) {
    const metadata = dataSource.getMetadata(Award);
    const columns = metadata.columns.map((column) => ({ alias: `a_${column.databaseName}`, column }));
    const select = columns.map(({ alias, column }) => `"a"."${column.databaseName}" AS "${alias}"`).join(', ');
    statement = { sql: `SELECT ${select} FROM "award" "a" WHERE "a"."id" = $1`, metadata, columns };
    statements.set(dataSource, statement);
  }
  return statement;
}

/**
 * One award row by id, or null: the statement written once, each column hydrated as TypeORM's own
 * transformer does it (`driver.prepareHydratedValue`: dates as 'YYYY-MM-DD', pence through their
 * transformer). The query builder wrote the same SELECT again on every call and walked its
 * generic transformer after it: ~13% of the API's CPU for GET /api/awards/:id (test/bench/FINDINGS.md,
 * api, round 6). Not scoped: callers check the row's organisation (assertVisibleTo), and a
 * partner's request is also bounded by row-level security.
 */
export async function findAwardById(manager: EntityManager, id: string): Promise<Award | null> {
  const { sql, metadata, columns } = statementFor(manager.connection);
  const [row] = (await manager.query(sql, [id])) as Record<string, unknown>[];
  if (!row) return null;
  const driver = manager.connection.driver;
  // As the transformer makes it: the entity's prototype, no constructor run.
  const award = metadata.create(undefined, { fromDeserializer: true }) as Award;
  for (const { alias, column } of columns) {
    const value = row[alias];
    if (value !== undefined) column.setEntityValue(award, driver.prepareHydratedValue(value, column));
  }
  return award;
}
