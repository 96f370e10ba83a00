import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ConditionCategory } from './condition.rules.js';

/** A condition every new award from a funding stream starts with (copied when the award is created). */
@Entity('condition_template')
export class ConditionTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  fundingStreamId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  category: ConditionCategory;

  @Column({ type: 'boolean' })
  holdsPayments: boolean;

  /** The copy's due date is the award's start date plus this many calendar days; none when null. */
  @Column({ type: 'int', nullable: true })
  dueDaysAfterStart: number | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
