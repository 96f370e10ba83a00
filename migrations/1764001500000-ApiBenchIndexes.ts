import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the API benchmark (test/bench/api.bench.js, FINDINGS.md "## api") showed missing.
 *
 * GET /api/awards?financialYear=&status=&page= orders by (created_at, id) within a status. Without
 * an index in that order PostgreSQL read every award of the status and sorted them for each page
 * (9 ms at 10,000 awards, 55 ms at 100,000); with it a page reads about as many rows as it skips
 * and returns (1 ms and 3.5 ms). The year filter stays a semi-join on the stream.
 */
export class ApiBenchIndexes1764001500000 implements MigrationInterface {
  name = 'ApiBenchIndexes1764001500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS award_status_created_idx ON award (status, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS award_status_created_idx`);
  }
}
