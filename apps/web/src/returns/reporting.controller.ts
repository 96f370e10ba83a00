import { Body, Controller, Get, HttpCode, Param, Post, Render, Req } from '@nestjs/common';
import { ALL_ROLES, AwardsService, ReportingService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { ExtraPeriodForm, FREQUENCIES, ScheduleForm } from './schedule.form.js';

/**
 * The award hub's REPORTING section: the award's periods with their status and due dates (everyone
 * who may read the award), and for commissioners the schedule (frequency and working days, with a
 * preview of the periods it makes before it is saved) and extra periods.
 */
@Controller('awards/:id/reporting')
export class ReportingController {
  constructor(
    private readonly awards: AwardsService,
    private readonly reporting: ReportingService,
  ) {}

  @Get()
  @Roles(...ALL_ROLES)
  @Render('returns/reporting')
  async section(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return this.sectionModel(actor, id);
  }

  /** The section's model; also the form page shown again when the schedule form has errors. */
  async sectionModel(actor: Actor, id: string) {
    const award = await this.awards.get(actor, id);
    const schedule = await this.reporting.getSchedule(actor, id).catch(() => null);
    const periods = schedule ? schedule.periods : await this.reporting.listPeriods(actor, id);
    return { award, schedule, periods, frequencies: FREQUENCIES };
  }

  async scheduleModel(req: WebRequest) {
    return this.sectionModel(req.actor!, String(req.params['id']));
  }

  /** The preview: what the schedule would make, nothing saved yet. */
  @Post('preview')
  @HttpCode(200)
  @Roles(Role.Commissioner)
  @Render('returns/schedule-preview')
  @FormPage('returns/reporting', { model: 'scheduleModel' })
  async preview(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ScheduleForm) {
    const award = await this.awards.get(actor, id);
    const { periods } = await this.reporting.previewSchedule(actor, id, { frequency: form.frequency, dueWorkingDays: form.dueWorkingDays });
    return { award, form, periods };
  }

  @Post('schedule')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('returns/reporting', { model: 'scheduleModel' })
  async save(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ScheduleForm, @Req() req: WebRequest) {
    const schedule = await this.reporting.setSchedule(actor, id, { frequency: form.frequency, dueWorkingDays: form.dueWorkingDays });
    setFlash(req, 'reporting.flash.saved', { count: schedule.periods.length });
    return { url: `/awards/${id}/reporting` };
  }

  @Get('extra-period')
  @Roles(Role.Commissioner)
  @Render('returns/extra-period')
  async extraPeriod(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return { award: await this.awards.get(actor, id) };
  }

  async extraPeriodModel(req: WebRequest) {
    return this.extraPeriod(req.actor!, String(req.params['id']));
  }

  @Post('extra-period')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('returns/extra-period', { model: 'extraPeriodModel' })
  async addExtraPeriod(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ExtraPeriodForm, @Req() req: WebRequest) {
    const period = await this.reporting.addExtraPeriod(actor, id, { periodStart: form.periodStart, periodEnd: form.periodEnd });
    setFlash(req, 'reporting.flash.extraAdded', { key: period.key, dueDate: period.dueDate });
    return { url: `/awards/${id}/reporting` };
  }
}
