import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder scan's escalation facts (libs/domain/src/reminders/escalation-facts.query.ts) list,
 * for every award whose period is escalated, the active commissioners of its stream's office in
 * email order. Without an index that subquery read every user for every award: at the bench's
 * scale 10 (21,000 users, mostly partners) 6.95 s per page of 500 awards, the scan growing with
 * awards x users. The partial index holds only active commissioners, already in email order.
 */
export class ActiveCommissionerIndex1764004500400 implements MigrationInterface {
  name = 'ActiveCommissionerIndex1764004500400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX app_user_active_commissioner_idx ON app_user (email) INCLUDE (organisation_id) WHERE role = 'commissioner' AND NOT disabled`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_active_commissioner_idx`);
  }
}
