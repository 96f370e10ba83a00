import { Body, Controller, Get, Param, ParseIntPipe, Post, Render, Req } from '@nestjs/common';
import { MonitoringReturnsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { ReturnPages, type ReturnContext } from './return-pages.js';
import { parseGroup } from './return-questions.js';
import { DeclarationForm, NarrativeForm, SpendForm } from './return.forms.js';

/**
 * The partner's monitoring return for a reporting period (GOV.UK task list): a question page per
 * group of the award's indicators, the spend, the narrative, attachments, "check your answers"
 * with the declaration, and a confirmation with the version number. Every page saves the draft;
 * a revision request reopens it with the officer's comment on top; submitted versions stay
 * readable as they were. Another organisation's period is the 404 page.
 */
@Controller('reporting-periods/:id/return')
export class ReturnsController {
  constructor(
    private readonly pages: ReturnPages,
    private readonly returns: MonitoringReturnsService,
  ) {}

  @Get()
  @Roles(Role.Partner)
  @Render('returns/task-list')
  async taskList(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return { r: await this.pages.context(actor, id) };
  }

  @Get('questions/:group')
  @Roles(Role.Partner)
  @Render('returns/questions')
  async questions(@Req() req: WebRequest) {
    const r = await this.pages.context(req.actor!, req.params['id'] as string);
    return { r, group: this.pages.group(r, req.params['group'] as string) };
  }

  @Post('questions/:group')
  @Roles(Role.Partner)
  @SeeOther()
  @FormPage('returns/questions', { model: 'questions' })
  async saveQuestions(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Param('group') key: string, @Body() body: Record<string, unknown>, @Req() req: WebRequest) {
    const r = await this.pages.context(actor, id);
    const group = this.pages.group(r, key);
    const { values, problems } = parseGroup(group, body);
    if (problems.length) throw new FormInvalid(problems);
    await this.pages.saveDraft(actor, id, { values: { codes: group.indicators.map((i) => i.code), values } });
    return this.next(req, r, `questions/${key}`, body['action']);
  }

  @Get('spend')
  @Roles(Role.Partner)
  @Render('returns/spend')
  async spend(@Req() req: WebRequest) {
    return { r: await this.pages.context(req.actor!, req.params['id'] as string) };
  }

  @Post('spend')
  @Roles(Role.Partner)
  @SeeOther()
  @FormPage('returns/spend', { model: 'spend', fields: { RETURN_INCOMPLETE: 'spend' } })
  async saveSpend(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: SpendForm, @Req() req: WebRequest) {
    const r = await this.pages.context(actor, id);
    await this.pages.saveDraft(actor, id, { spendPence: form.spend });
    return this.next(req, r, 'spend', form.action);
  }

  @Get('narrative')
  @Roles(Role.Partner)
  @Render('returns/narrative')
  async narrative(@Req() req: WebRequest) {
    return { r: await this.pages.context(req.actor!, req.params['id'] as string) };
  }

  @Post('narrative')
  @Roles(Role.Partner)
  @SeeOther()
  @FormPage('returns/narrative', { model: 'narrative' })
  async saveNarrative(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: NarrativeForm, @Req() req: WebRequest) {
    const r = await this.pages.context(actor, id);
    await this.pages.saveDraft(actor, id, { narrative: form.narrative });
    return this.next(req, r, 'narrative', form.action);
  }

  @Get('check')
  @Roles(Role.Partner)
  @Render('returns/check')
  async check(@Req() req: WebRequest) {
    return { r: await this.pages.context(req.actor!, req.params['id'] as string) };
  }

  /** The declaration certifies; the draft becomes the next version, frozen. */
  @Post('check')
  @Roles(Role.Partner)
  @SeeOther()
  @FormPage('returns/check', { model: 'check' })
  async submit(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() _form: DeclarationForm) {
    await this.returns.submit(actor, id, { certified: true });
    return { url: `/reporting-periods/${id}/return/confirmation` };
  }

  @Get('confirmation')
  @Roles(Role.Partner)
  @Render('returns/confirmation')
  async confirmation(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return { r: await this.pages.context(actor, id) };
  }

  @Get('versions/:n')
  @Roles(Role.Partner)
  @Render('returns/version')
  async version(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Param('n', new ParseIntPipe({ errorHttpStatusCode: 404 })) n: number) {
    return { r: await this.pages.version(actor, id, n) };
  }

  /** Where a page's buttons lead: the next task, or the task list after "save as draft". */
  private next(req: WebRequest, r: ReturnContext, current: string, action: unknown): { url: string } {
    const base = `/reporting-periods/${r.periodId}/return`;
    if (action === 'draft') {
      setFlash(req, 'returns.flash.draftSaved');
      return { url: base };
    }
    const order = [...r.groups.map((g) => `questions/${g.key}`), 'spend', 'narrative', 'attachments', 'check'];
    const at = order.indexOf(current);
    return { url: `${base}/${order[at + 1] ?? 'check'}` };
  }
}
