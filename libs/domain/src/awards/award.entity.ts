import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
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

/** A budget line inside an award; a null amount is an "included within" line (Positive Futures). */
@Entity('award_line')
export class AwardLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  label: string;

  @Column({ type: 'bigint', nullable: true, transformer: pence })
  amountPence: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

/** Another funder of a jointly commissioned service and its contribution. */
@Entity('award_co_funder')
export class AwardCoFunder {
  @PrimaryColumn({ type: 'uuid' })
  awardId: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;
}

/** Which plan objectives an award serves. */
@Entity('award_objective')
export class AwardObjective {
  @PrimaryColumn({ type: 'uuid' })
  awardId: string;

  @PrimaryColumn({ type: 'uuid' })
  planObjectiveId: string;
}

/** A change of an award's amount after approval, with its reason (DESIGN: variations). */
@Entity('award_variation')
export class AwardVariation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'bigint', transformer: pence })
  previousAmountPence: number;

  @Column({ type: 'bigint', transformer: pence })
  newAmountPence: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
