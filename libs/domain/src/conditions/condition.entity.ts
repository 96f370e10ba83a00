import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ConditionCategory, ConditionStatus } from './condition.rules.js';

/**
 * Something an award's recipient must do or keep doing. While open and `holdsPayments`, the award
 * cannot be paid (docs/design.md#invariant-5). Table `award_condition` (migrations/1764000100000-conditions.ts).
 */
@Entity('award_condition')
export class Condition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  category: ConditionCategory;

  @Column({ type: 'boolean' })
  holdsPayments: boolean;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text', default: ConditionStatus.Open })
  status: ConditionStatus;

  /** Evidence (met), reason (waived) or explanation (breached); null while open. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedByUserId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  /** The stream template it was copied from, when it was. */
  @Column({ type: 'uuid', nullable: true })
  templateId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
