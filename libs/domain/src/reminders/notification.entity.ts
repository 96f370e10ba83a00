import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EscalationRoute } from './escalation.rules.js';
import type { ReminderStep } from './reminder.rules.js';

export type NotificationStatus = 'pending' | 'sent' | 'skipped' | 'cancelled' | 'undeliverable';

/** A stream's own reminder steps (else the default policy applies). */
@Entity('reminder_policy')
export class ReminderPolicy {
  @PrimaryColumn({ type: 'uuid' })
  fundingStreamId: string;

  @Column({ type: 'jsonb' })
  steps: ReminderStep[];

  @Column({ type: 'uuid', nullable: true })
  updatedByUserId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One reminder step for one period: the chasing record, unique per (period, step). */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportingPeriodId: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'text' })
  stepKey: string;

  @Column({ type: 'date' })
  stepDate: string;

  @Column({ type: 'boolean', default: false })
  escalated: boolean;

  /** Who an escalated step copies (see escalation.rules.ts), or 'undeliverable' when nobody could receive it. */
  @Column({ type: 'text', nullable: true })
  escalationRoute: EscalationRoute | null;

  /** Why nobody could receive the escalation. */
  @Column({ type: 'text', nullable: true })
  escalationError: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  recipients: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  cc: string[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', default: 'pending' })
  status: NotificationStatus;

  /** Delivery attempts made (each SMTP try). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Times a send job was queued for it (part of the job id, so a failed job can be retried). */
  @Column({ type: 'int', default: 0 })
  enqueued: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastEnqueuedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'text', nullable: true })
  messageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
