import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BankHolidayOverrideKind } from './bank-holidays.js';

/**
 * An admin's correction to the library's bank holidays: `add` a holiday announced after a
 * release (a one-off), or `remove` one the library has that was moved or cancelled. One per
 * date (migrations/1764000400000-calendar.ts).
 */
@Entity('bank_holiday_override')
export class BankHolidayOverride {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: BankHolidayOverrideKind;

  /** Why, e.g. the proclamation or GOV.UK announcement. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Null for system work (seed, CLI). */
  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
