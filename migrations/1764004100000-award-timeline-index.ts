import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The award timeline (web: every change to an award) reads the audit rows of the award and of
 * the records that belong to it, found by the `awardId` in their snapshots: this index keeps that
 * a lookup rather than a scan of the whole trail.
 */
export class AwardTimelineIndex1764004100000 implements MigrationInterface {
  name = 'AwardTimelineIndex1764004100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_entry_award_id_idx ON audit_entry ((coalesce(after->>'awardId', before->>'awardId'))) WHERE coalesce(after->>'awardId', before->>'awardId') IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_entry_award_id_idx`);
  }
}
