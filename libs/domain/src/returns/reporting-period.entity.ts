import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { ReportingFrequency } from './reporting-period.rules.js';

/** How often an award reports and how many working days after a period ends its return is due. */
@Entity('reporting_schedule')
export class ReportingSchedule {
  @PrimaryColumn({ type: 'uuid' })
  awardId: string;

  @Column({ type: 'text' })
  frequency: ReportingFrequency;

  @Column({ type: 'int' })
  dueWorkingDays: number;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One period an award reports on, with its due date on the working-day calendar. */
@Entity('reporting_period')
export class ReportingPeriod {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  awardId: string;

  /** `2026/27-Q1`, `2026/27-H2`, `2026/27`, or `2026/27-X1` for an extra period. */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  kind: 'scheduled' | 'extra';

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  @Column({ type: 'date' })
  dueDate: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
