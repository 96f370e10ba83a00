import { Body, Controller, Get, Post, Query, Render, Req } from '@nestjs/common';
import { CalendarAdminService, Role, type Actor } from '#domain/index.js';
import { CalendarService, todayInLondon } from '#platform/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import type { WebRequest } from '../common/web-request.js';
import { BankHolidayForm } from './bank-holiday.form.js';

/** Admins correct the working-day calendar that due dates and reminders count on. */
@Controller('admin/bank-holidays')
@Roles(Role.Admin)
export class BankHolidaysController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly calendarAdmin: CalendarAdminService,
  ) {}

  @Get()
  @Render('admin/bank-holidays')
  async list(@Req() req: WebRequest) {
    const asked = Number((req.query as Record<string, unknown>)['year']);
    const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : Number(todayInLondon().slice(0, 4));
    return { year, holidays: await this.calendar.holidays(year) };
  }

  @Post()
  @SeeOther()
  @FormPage('admin/bank-holidays', { model: 'list', fields: { CONFLICT: 'date', VALIDATION: 'date' } })
  async add(@CurrentActor() actor: Actor, @Body() form: BankHolidayForm, @Req() req: WebRequest) {
    const override = await this.calendarAdmin.addOverride(actor, { date: form.date, name: form.name.trim(), kind: form.kind, note: form.note?.trim() || null });
    setFlash(req, override.kind === 'add' ? 'admin.bankHolidays.flash.added' : 'admin.bankHolidays.flash.removed', { date: override.date, name: override.name });
    return { url: `/admin/bank-holidays?year=${override.date.slice(0, 4)}` };
  }
}
