import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grants publication: the years whose grants table and 360Giving package the commissioner has
 * published for transparency. Once a year has a row here, `GET /api/reports/grants` and
 * `GET /api/exports/360giving` answer that year to anyone, without logging in (docs/api.md#authentication: "staff;
 * public when published").
 *
 * One row per year, the year itself the key: a year is published or it is not, so publishing
 * again cannot make a second row. Withdrawing deletes the row; the audit trail
 * (`grants-publication.publish` / `.withdraw`) keeps the history of who published and withdrew
 * what when, so the table needs no status or withdrawn_at column.
 *
 * No partner grants: the row-level security migration gives the partner role nothing on a new
 * table, and no partner route reads this one (anonymous readers run as the connecting role, and
 * a logged-in partner is refused by role before any query).
 */
export class GrantsPublication1764002000000 implements MigrationInterface {
  name = 'GrantsPublication1764002000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grants_publication (
        financial_year text PRIMARY KEY CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by_user_id uuid NOT NULL REFERENCES app_user (id),
        note text
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS grants_publication;`);
  }
}
