import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finance's payments queue and home (issue 16) read payments by status in planned-date order: the
 * to-approve tab's first page, the held and due-this-month lists, and the counts of the tabs not
 * yet paid. Without an index each read scanned every payment and joined each scheduled one to
 * its award before sorting; with (status, planned_date) the first page walks the index in order
 * (an incremental sort breaks planned-date ties by award reference) and reads about a page of rows,
 * and the counts read only the payments not yet paid.
 * payment_award_idx (award_id, status) still serves one award's payments.
 */
export class PaymentQueueIndex1764004500300 implements MigrationInterface {
  name = 'PaymentQueueIndex1764004500300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX payment_queue_idx ON payment (status, planned_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX payment_queue_idx`);
  }
}
