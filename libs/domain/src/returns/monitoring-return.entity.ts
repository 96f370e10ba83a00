import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { pence } from '#platform/index.js';
import type { ReturnStatus } from './monitoring-return.rules.js';

export interface ReturnValueInput {
  indicatorCode: string;
  value: number | string;
}

/** A partner's return for one reporting period: the working draft and where it stands. */
@Entity('monitoring_return')
export class MonitoringReturn {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportingPeriodId: string;

  @Column({ type: 'text' })
  status: ReturnStatus;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  draftValues: ReturnValueInput[];

  @Column({ type: 'bigint', nullable: true, transformer: pence })
  draftSpendPence: number | null;

  @Column({ type: 'text', nullable: true })
  draftNarrative: string | null;

  @Column({ type: 'uuid', nullable: true })
  draftUpdatedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  draftUpdatedAt: Date | null;

  /** 0 until the first submission. */
  @Column({ type: 'int', default: 0 })
  latestVersion: number;

  @Column({ type: 'int', nullable: true })
  acceptedVersion: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A submitted, certified and frozen copy of a return (docs/design.md#invariant-7: never changes). */
@Entity('return_version')
export class ReturnVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  monitoringReturnId: string;

  @Column({ type: 'int' })
  versionNumber: number;

  @Column({ type: 'bigint', transformer: pence })
  spendPence: number;

  @Column({ type: 'text', default: '' })
  narrative: string;

  @Column({ type: 'uuid' })
  certifiedByUserId: string;

  @Column({ type: 'timestamptz' })
  certifiedAt: Date;

  @Column({ type: 'boolean', default: false })
  submittedOnBehalf: boolean;

  @Column({ type: 'boolean' })
  late: boolean;

  @Column({ type: 'int' })
  workingDaysLate: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One indicator's value in a submitted version. */
@Entity('return_value')
export class ReturnValue {
  @PrimaryColumn({ type: 'uuid' })
  returnVersionId: string;

  @PrimaryColumn({ type: 'text' })
  indicatorCode: string;

  @Column({ type: 'numeric', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  valueNumeric: number | null;

  @Column({ type: 'text', nullable: true })
  valueText: string | null;
}

/** A commissioner's decision on a submitted version: accepted, revision requested or reopened. */
@Entity('return_review')
export class ReturnReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  monitoringReturnId: string;

  @Column({ type: 'int' })
  versionNumber: number;

  @Column({ type: 'text' })
  decision: 'accepted' | 'revision_requested' | 'reopened';

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  reviewedAt: Date;
}
