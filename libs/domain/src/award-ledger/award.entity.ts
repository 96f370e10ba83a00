import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { pence } from '#platform/index.js';
import { AwardStatus } from './award.rules.js';

/** Money awarded from a funding stream to a recipient organisation for a purpose. */
@Entity('award')
export class Award {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human reference, unique: given, or AW-<year>-<sequence>. Used in 360Giving ids. */
  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'uuid' })
  fundingStreamId: string;

  @Column({ type: 'uuid' })
  recipientOrganisationId: string;

  @Column({ type: 'text' })
  title: string;

  /** The plan's grant type, e.g. "Community Safety Funding". */
  @Column({ type: 'text' })
  grantType: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'text', default: AwardStatus.Draft })
  status: AwardStatus;

  @Column({ type: 'text', nullable: true })
  decisionReference: string | null;

  @Column({ type: 'uuid', nullable: true })
  approvedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  /** The date the decision was taken (360Giving's awardDate); never in the future. */
  @Column({ type: 'date', nullable: true })
  decisionDate: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  /** Receives this award's escalations instead of its stream's lead officer (an active commissioner when named). */
  @Column({ type: 'uuid', nullable: true })
  leadOfficerUserId: string | null;

  /** When the agreement was signed and payments became possible. */
  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'date', nullable: true })
  agreementSignedOn: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  /** Why it was last suspended, closed or cancelled. */
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
