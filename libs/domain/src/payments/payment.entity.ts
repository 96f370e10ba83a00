import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { pence } from '#platform/index.js';
import type { PaymentKind, PaymentStatus } from './payment.rules.js';

/** One instalment paid to a recipient, or one recovery (clawback) as a negative line. */
@Entity('payment')
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'text' })
  kind: PaymentKind;

  /** Signed pence: positive for payments, negative for recoveries. */
  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;

  @Column({ type: 'date' })
  plannedDate: string;

  @Column({ type: 'text' })
  status: PaymentStatus;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  /** Fixed when created, from the configured amount: the database checks approver <> creator. */
  @Column({ type: 'boolean', default: false })
  requiresSecondApprover: boolean;

  @Column({ type: 'uuid', nullable: true })
  approvedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'date', nullable: true })
  paidDate: string | null;

  @Column({ type: 'text', nullable: true })
  paidReference: string | null;

  @Column({ type: 'uuid', nullable: true })
  paidByUserId: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
