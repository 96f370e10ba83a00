import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Panel packs: the document a Police and Crime Panel reads for a financial year, rendered to PDF
 * by the worker. One row per request: its progress while the worker renders it, then the PDF
 * itself (a few hundred kilobytes at most, so kept in the row rather than in the file store,
 * and removed with it). No partner grants: the row-level security migration gives the partner
 * role nothing on a new table, and no partner page reads it.
 */
export class PanelPacks1764004400000 implements MigrationInterface {
  name = 'PanelPacks1764004400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE panel_pack (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
        progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        requested_by_user_id uuid REFERENCES app_user (id),
        pdf bytea,
        byte_size integer,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CHECK ((status = 'ready') = (pdf IS NOT NULL))
      );
      CREATE INDEX panel_pack_year_idx ON panel_pack (financial_year, created_at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS panel_pack;`);
  }
}
