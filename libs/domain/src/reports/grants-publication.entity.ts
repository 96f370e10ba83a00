import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A financial year whose grants table and 360Giving package are published: while its row exists
 * anyone may read them without logging in. Withdrawing deletes the row; the audit trail keeps
 * the history (migration 1764002000000).
 */
@Entity('grants_publication')
export class GrantsPublication {
  /** `2014/15` */
  @PrimaryColumn({ type: 'text' })
  financialYear: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  publishedAt: Date;

  @Column({ type: 'uuid' })
  publishedByUserId: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
