import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { pence } from '#platform/index.js';
import type { YearEndDecisionKind } from './year-end.rules.js';

/**
 * A funding stream's financial year, closed by finance. From then on the year's money of the
 * stream is read-only: the triggers of migrations/1764000800000-year-end.ts refuse every later
 * write with 409 YEAR_CLOSED. Never changed or removed.
 */
@Entity('year_end_close')
export class YearEndClose {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  fundingStreamId: string;

  @Column({ type: 'text' })
  financialYear: string;

  @Column({ type: 'uuid' })
  closedByUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  closedAt: Date;
}

/** What finance decided about (part of) one award's underspend at the close. */
@Entity('year_end_decision')
export class YearEndDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  yearEndCloseId: string;

  @Column({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'text' })
  decision: YearEndDecisionKind;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;

  /** The award's whole underspend as the close computed it; the decisions on an award sum to it. */
  @Column({ type: 'bigint', transformer: pence })
  underspendPence: number;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** recover: the recovery line (kind recovery, negative) the close scheduled. */
  @Column({ type: 'uuid', nullable: true })
  recoveryPaymentId: string | null;

  /** carry_forward: the next year's stream the money goes to. */
  @Column({ type: 'uuid', nullable: true })
  targetFundingStreamId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Money carried from an award's underspend into a stream of the next financial year, through the
 * next-year funding source "Carry forward from <stream> <year>" the close created and assigned.
 */
@Entity('year_end_carry_forward')
export class YearEndCarryForward {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  yearEndCloseId: string;

  @Column({ type: 'uuid' })
  yearEndDecisionId: string;

  @Column({ type: 'uuid' })
  fromAwardId: string;

  @Column({ type: 'uuid' })
  fromFundingStreamId: string;

  @Column({ type: 'uuid' })
  toFundingStreamId: string;

  @Column({ type: 'uuid' })
  fundingSourceId: string;

  @Column({ type: 'bigint', transformer: pence })
  amountPence: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
