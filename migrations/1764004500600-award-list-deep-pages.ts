import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The awards list's deep pages (issue 17.5). GET /api/awards?financialYear=&status=&page=1000
 * walks award_status_created_idx past the 49,950 rows it skips, and had to read each row from the
 * table only to check its stream's year: at one million awards 60,039 rows, 44,183 pages read from
 * disk, 277 ms. With the stream in the index (INCLUDE) the walk is an index-only scan on a
 * vacuumed table: 503 pages read, 21 ms (test/bench/FINDINGS.md, api, round 7). Same name, same
 * order, so page 2 and the other filters plan as before.
 */
export class AwardListDeepPages1764004500600 implements MigrationInterface {
  name = 'AwardListDeepPages1764004500600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS award_status_created_idx`);
    await q.query(`CREATE INDEX award_status_created_idx ON award (status, created_at, id) INCLUDE (funding_stream_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS award_status_created_idx`);
    await q.query(`CREATE INDEX award_status_created_idx ON award (status, created_at, id)`);
  }
}
