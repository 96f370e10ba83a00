import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarService, type BankHolidayOverride, type NewBankHolidayOverride } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';

export interface BankHolidayOverrideView {
  id: string;
  date: string;
  name: string;
  kind: 'add' | 'remove';
  note: string | null;
  createdByUserId: string | null;
  createdAt: string;
}

export function toBankHolidayOverrideView(o: BankHolidayOverride): BankHolidayOverrideView {
  return {
    id: o.id,
    date: o.date,
    name: o.name,
    kind: o.kind,
    note: o.note,
    createdByUserId: o.createdByUserId,
    createdAt: o.createdAt instanceof Date ? o.createdAt.toISOString() : String(o.createdAt),
  };
}

/**
 * The audited writes to the working-day calendar. The calendar itself lives in libs/platform
 * (it has no audit trail), so this domain service owns the transaction: the override row and its
 * audit entry commit together, then every later read in this process sees the change.
 */
@Injectable()
export class CalendarAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Admin records a bank holiday announced after a release (`add`) or takes back one the library
   * has (`remove`). Writes `bank_holiday_override` and its audit entry. VALIDATION for an add on
   * a weekend or on a library holiday, or a remove of a date that is not one; CONFLICT (409) when
   * the date already has an override.
   */
  async addOverride(actor: Actor, input: NewBankHolidayOverride): Promise<BankHolidayOverrideView> {
    const view = await this.dataSource.transaction(async (tx) => {
      const row = toBankHolidayOverrideView(await this.calendar.addOverride(tx, input, actor.userId));
      await this.audit.record(tx, actor, { action: 'bank-holiday-override.create', entityType: 'bank_holiday_override', entityId: row.id, after: row });
      return row;
    });
    // After commit, so no reader can cache the table as it was before this row.
    this.calendar.overridesChanged();
    return view;
  }
}
