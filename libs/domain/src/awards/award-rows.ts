import type { DataSource, EntityManager, EntityMetadata, SelectQueryBuilder } from 'typeorm';
import { Award } from './award.entity.js';
import { relatedColumns, type ViewRow } from './award-views-sql.js';

interface AwardColumns {
  metadata: EntityMetadata;
  /** Each column with the alias TypeORM selects it as from `a` (`a_<column>`). */
  columns: { alias: string; column: EntityMetadata['columns'][number] }[];
  /** The statement TypeORM's query builder writes for one award by id. */
  byIdSql: string;
  /** One award by id with its view's related rows (award-views-sql.ts), in one statement. */
  viewByIdSql: string;
}

const cache = new WeakMap<DataSource, AwardColumns>();

function awardColumns(dataSource: DataSource): AwardColumns {
  let found = cache.get(dataSource);
  if (!found) {
    const metadata = dataSource.getMetadata(Award);
    const columns = metadata.columns.map((column) => ({ alias: `a_${column.databaseName}`, column }));
    const select = columns.map(({ alias, column }) => `"a"."${column.databaseName}" AS "${alias}"`).join(', ');
    found = {
      metadata,
      columns,
      byIdSql: `SELECT ${select} FROM "award" "a" WHERE "a"."id" = $1`,
      viewByIdSql: `SELECT ${select}, ${relatedColumns('"a"."id"')}
    FROM "award" "a"
    LEFT JOIN funding_stream s ON s.id = "a"."funding_stream_id"
    LEFT JOIN organisation o ON o.id = "a"."recipient_organisation_id"
   WHERE "a"."id" = $1`,
    };
    cache.set(dataSource, found);
  }
  return found;
}

/**
 * An award from a row selected as `a` (`a_id`, `a_reference`, ...), each column hydrated as
 * TypeORM's own transformer does it (`driver.prepareHydratedValue`: dates as 'YYYY-MM-DD', pence
 * through their transformer), on the entity's prototype without running its constructor, as the
 * transformer makes it. The generic transformer (relations, joins, grouping rows by primary key)
 * cost ~5% of the API's CPU for the awards list's page (test/bench/FINDINGS.md, api, round 6).
 */
function hydrate(manager: EntityManager, row: Record<string, unknown>): Award {
  const { metadata, columns } = awardColumns(manager.connection);
  const driver = manager.connection.driver;
  const award = metadata.create(undefined, { fromDeserializer: true }) as Award;
  for (const { alias, column } of columns) {
    const value = row[alias];
    if (value !== undefined) column.setEntityValue(award, driver.prepareHydratedValue(value, column));
  }
  return award;
}

/**
 * One award row by id, or null, by the statement TypeORM's query builder writes for it
 * (`SELECT "a"."id" AS "a_id", ... FROM "award" "a" WHERE "a"."id" = $1`), written once from the
 * entity's metadata: the builder wrote it again on every call, ~10% of the API's CPU for GET
 * /api/awards/:id (test/bench/FINDINGS.md, api, round 6). Not scoped: callers check the row's
 * organisation (assertVisibleTo), and a partner's request is also bounded by row-level security.
 */
export async function findAwardById(manager: EntityManager, id: string): Promise<Award | null> {
  const [row] = (await manager.query(awardColumns(manager.connection).byIdSql, [id])) as Record<string, unknown>[];
  return row ? hydrate(manager, row) : null;
}

/**
 * One award by id with what its view needs beyond the row, or null: one statement where
 * findAwardById and the views statement were two (GET /api/awards/:id). Not scoped, as above.
 */
export async function findAwardViewById(manager: EntityManager, id: string): Promise<{ award: Award; related: ViewRow } | null> {
  const [row] = (await manager.query(awardColumns(manager.connection).viewByIdSql, [id])) as (Record<string, unknown> & Omit<ViewRow, 'award_id'>)[];
  if (!row) return null;
  const award = hydrate(manager, row);
  return {
    award,
    related: {
      award_id: award.id,
      financial_year: row.financial_year,
      recipient_name: row.recipient_name,
      lines: row.lines,
      co_funders: row.co_funders,
      objective_ids: row.objective_ids,
      beneficiary_locations: row.beneficiary_locations,
    },
  };
}

/**
 * The awards a query builder on `a` selects (no joins: its skip/take are its LIMIT/OFFSET), by
 * the statement it writes, hydrated as above.
 */
export async function findAwards(manager: EntityManager, qb: SelectQueryBuilder<Award>): Promise<Award[]> {
  const [sql, parameters] = qb.getQueryAndParameters();
  const rows = (await manager.query(sql, parameters)) as Record<string, unknown>[];
  return rows.map((row) => hydrate(manager, row));
}
