import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, type ValueTransformer } from 'typeorm';

/**
 * SQL `numeric` <-> number. PostgreSQL returns numeric as a string; targets are whole numbers up
 * to 2^53 or percentages with 2 decimal places, which a double holds exactly enough to print back.
 */
export const numericNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};

/**
 * Which outcome framework an award is measured against: at most one (award_id is the key).
 * Kept here rather than on `award` so the awards area does not depend on outcomes.
 */
@Entity('award_outcome_framework')
export class AwardOutcomeFramework {
  @PrimaryColumn({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'uuid' })
  outcomeFrameworkId: string;

  @Column({ type: 'uuid', nullable: true })
  setByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * What an award should reach on one indicator, for one period (`2026/27-Q1`) or for the whole
 * award (periodKey null). Unique per (award, indicator, period); always of the award's current
 * framework (composite foreign key); the value fits the indicator's unit (trigger).
 */
@Entity('award_target')
export class AwardTarget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'uuid' })
  outcomeFrameworkId: string;

  @Column({ type: 'uuid' })
  indicatorId: string;

  @Column({ type: 'text', nullable: true })
  periodKey: string | null;

  @Column({ type: 'numeric', nullable: true, transformer: numericNumber })
  baseline: number | null;

  @Column({ type: 'numeric', transformer: numericNumber })
  target: number;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
