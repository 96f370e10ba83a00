import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { IndicatorAggregation, IndicatorDirection, IndicatorLevel, IndicatorUnit } from './outcomes.rules.js';

/**
 * A set of indicators that awards are measured against (docs/design.md#outcome-frameworks), for a
 * funding stream, a plan objective or a financial year: at least one (CHECK
 * outcome_framework_scoped in migrations/1764000500000-outcomes.ts).
 */
@Entity('outcome_framework')
export class OutcomeFramework {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** `2026/27`; a stream's framework takes the stream's year when none is given. */
  @Column({ type: 'text', nullable: true })
  financialYear: string | null;

  @Column({ type: 'uuid', nullable: true })
  fundingStreamId: string | null;

  @Column({ type: 'uuid', nullable: true })
  planObjectiveId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One measure of a framework. Indicators are added, never deleted, and their code, unit,
 * aggregation and victim-count flag never change (trigger outcome_indicator_fixed): targets and
 * monitoring returns refer to them by code.
 */
@Entity('outcome_indicator')
export class OutcomeIndicator {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  frameworkId: string;

  /** Unique within the framework, `^[A-Z][A-Z0-9_]{0,19}$`. */
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  level: IndicatorLevel;

  @Column({ type: 'text' })
  unit: IndicatorUnit;

  @Column({ type: 'text' })
  direction: IndicatorDirection;

  @Column({ type: 'text' })
  aggregation: IndicatorAggregation;

  /** A count about victims: small numbers are suppressed in outputs beyond the partner's own. */
  @Column({ type: 'boolean' })
  isVictimCount: boolean;

  /** Order within the framework, from 0, in the order indicators were given and added. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
