import { Body, Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { ALL_ROLES, AwardsService, OutcomesService, ReportingService, ReportsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { AttachFrameworkForm } from './attach.form.js';
import { baselineField, parseTargets, refusalProblems, targetField, WHOLE_AWARD } from './targets.form.js';

/**
 * The award hub's OUTCOMES section: targets per period beside the actuals of accepted returns
 * (everyone who may read the award; a partner its own; a viewer sees small victim counts as
 * `<5`), and for commissioners the framework the award is measured against and its targets.
 */
@Controller('awards/:id')
export class AwardOutcomesController {
  constructor(
    private readonly awards: AwardsService,
    private readonly outcomes: OutcomesService,
    private readonly reports: ReportsService,
    private readonly reporting: ReportingService,
  ) {}

  @Get('outcomes')
  @Roles(...ALL_ROLES)
  @Render('outcomes/award')
  async section(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    const award = await this.awards.get(actor, id);
    const outcomes = await this.reports.awardOutcomes(actor, id);
    const frameworks = actor.role === Role.Commissioner ? (await this.outcomes.listFrameworks({ page: 1, pageSize: 200 })).items : [];
    const periodKeys = [...new Set([...outcomes.targets.map((t) => t.periodKey).filter((k): k is string => k !== null), ...outcomes.actuals.map((a) => a.periodKey)])].sort();
    const rows = (outcomes.framework?.indicators ?? []).map((i) => ({
      indicator: i,
      whole: outcomes.targets.find((t) => t.indicatorCode === i.code && t.periodKey === null) ?? null,
      periods: periodKeys.map((key) => ({ key, target: outcomes.targets.find((t) => t.indicatorCode === i.code && t.periodKey === key)?.target ?? null, actual: outcomes.actuals.find((a) => a.indicatorCode === i.code && a.periodKey === key)?.value ?? null })),
    }));
    return { award, outcomes, rows, periodKeys, frameworks };
  }

  async sectionModel(req: WebRequest) {
    return this.section(req.actor!, String(req.params['id']));
  }

  @Post('outcome-framework')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('outcomes/award', { model: 'sectionModel', fields: { OUTCOME_FRAMEWORK_IN_USE: 'outcomeFrameworkId' } })
  async attach(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: AttachFrameworkForm, @Req() req: WebRequest) {
    const view = await this.outcomes.assignFramework(actor, id, form.outcomeFrameworkId);
    setFlash(req, 'outcomes.flash.attached', { name: view.framework?.name ?? '' });
    return { url: `/awards/${id}/outcomes` };
  }

  @Get('targets')
  @Roles(Role.Commissioner)
  @Render('outcomes/targets')
  async targetsForm(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    const award = await this.awards.get(actor, id);
    const targets = await this.outcomes.awardTargets(actor, id);
    const periodKeys = (await this.reporting.listPeriods(actor, id)).map((p) => p.key);
    const current: Record<string, string> = {};
    for (const t of targets.targets) {
      current[targetField(t.indicatorCode, t.periodKey ?? WHOLE_AWARD)] = String(t.target);
      if (t.periodKey === null && t.baseline !== null) current[baselineField(t.indicatorCode)] = String(t.baseline);
    }
    const indicators = (targets.framework?.indicators ?? []).filter((i) => i.unit !== 'text');
    return { award, framework: targets.framework, indicators, periodKeys, current, WHOLE_AWARD };
  }

  async targetsModel(req: WebRequest) {
    return this.targetsForm(req.actor!, String(req.params['id']));
  }

  @Post('targets')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('outcomes/targets', { model: 'targetsModel' })
  async saveTargets(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Req() req: WebRequest) {
    const model = await this.targetsForm(actor, id);
    const parsed = parseTargets((req.body ?? {}) as Record<string, unknown>, model.indicators, model.periodKeys);
    if (parsed.problems.length) throw new FormInvalid(parsed.problems);
    await this.outcomes.replaceTargets(actor, id, parsed.targets).catch((error: unknown) => Promise.reject(new FormInvalid(refusalProblems(error, parsed, model.indicators))));
    setFlash(req, 'outcomes.flash.targetsSaved', { count: parsed.targets.length });
    return { url: `/awards/${id}/outcomes` };
  }
}
