import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { pence } from '#platform/index.js';

export enum FundingStreamPurpose {
  CrimeAndDisorderReduction = 'crime_and_disorder_reduction',
  VictimsServices = 'victims_services',
  CommunityFund = 'community_fund',
  Other = 'other',
}

/** A ring-fenced pot for one year, funded by assignments from funding sources. */
@Entity('funding_stream')
export class FundingStream {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  financialYear: string;

  @Column({ type: 'text' })
  purpose: FundingStreamPurpose;

  /** The commissioning body (PCC or council) that awards from this stream; the 360Giving funder. */
  @Column({ type: 'uuid', nullable: true })
  commissionerOrganisationId: string | null;

  /** Receives the escalations of this stream's awards (an active commissioner when named). */
  @Column({ type: 'uuid', nullable: true })
  leadOfficerUserId: string | null;

  /**
   * The sum of the assignments, kept by a trigger on funding_stream_source (docs/design.md#invariant-2);
   * never written by code. The budget trigger on award reads it under a row lock.
   */
  @Column({ type: 'bigint', transformer: pence, default: 0, update: false, insert: false })
  budgetPence: number;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
