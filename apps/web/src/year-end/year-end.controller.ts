import { Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { FundingService, Role, YearEndService, nextFinancialYear, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { idempotentRequest, newIdempotencyKey } from '../common/idempotent-form.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { effectOf, readDecisions, type YearEndDraft } from './year-end-draft.js';

const STAFF = [Role.Finance, Role.Commissioner, Role.Admin];
const paramId = (req: WebRequest) => String(req.params['id']);

function draftOf(req: WebRequest, streamId: string): YearEndDraft {
  req.session.yearEndDrafts ??= {};
  return (req.session.yearEndDrafts[streamId] ??= { reviewed: false });
}

/**
 * Year-end close (issue 16, item 4) as a GOV.UK task list per stream: review the underspend of
 * each award, decide recover / carry forward / write off, see the effect, confirm behind an
 * interruption, then see the year locked. The draft lives in the session; only the confirmed
 * close writes (YearEndService.close, in one transaction, with the form's idempotency key).
 */
@Controller('year-end')
export class YearEndController {
  constructor(
    private readonly yearEnd: YearEndService,
    private readonly funding: FundingService,
  ) {}

  @Get()
  @Roles(...STAFF)
  @Render('year-end/index')
  async index() {
    return { streams: await this.yearEnd.streamsStatus() };
  }

  @Get(':id')
  @Roles(...STAFF)
  @Render('year-end/tasks')
  async tasks(@Req() req: WebRequest, @Param('id', RecordIdPipe) id: string) {
    const preview = await this.yearEnd.preview(id);
    const draft = draftOf(req, id);
    const needed = preview.awards.filter((a) => a.decisionRequired).length;
    return { preview, draft, needed, mayClose: req.actor?.role === Role.Finance };
  }

  @Get(':id/review')
  @Roles(Role.Finance)
  @Render('year-end/review')
  async review(@Req() req: WebRequest, @Param('id', RecordIdPipe) id: string) {
    const preview = await this.yearEnd.preview(id);
    // Reading the figures is the review: the task list marks it done.
    if (!preview.closed) draftOf(req, id).reviewed = true;
    return { preview };
  }

  @Get(':id/decisions')
  @Roles(Role.Finance)
  @Render('year-end/decisions')
  async decisionsPage(@Req() req: WebRequest) {
    const id = paramId(req);
    const preview = await this.yearEnd.preview(id);
    const targets = await this.funding.listStreams({ financialYear: nextFinancialYear(preview.financialYear), page: 1, pageSize: 500 });
    return { preview, targets: targets.items, draft: draftOf(req, id) };
  }

  @Post(':id/decisions')
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('year-end/decisions', { model: 'decisionsPage' })
  async decide(@Req() req: WebRequest, @Param('id', RecordIdPipe) id: string) {
    const { decisions, problems } = readDecisions((req.body ?? {}) as Record<string, unknown>, await this.yearEnd.preview(id));
    if (problems.length) throw new FormInvalid(problems);
    draftOf(req, id).decisions = decisions;
    return { url: `/year-end/${id}` };
  }

  @Get(':id/check')
  @Roles(Role.Finance)
  @Render('year-end/check')
  async check(@Req() req: WebRequest, @Param('id', RecordIdPipe) id: string) {
    const preview = await this.yearEnd.preview(id);
    const decisions = draftOf(req, id).decisions ?? [];
    const targets = await this.funding.listStreams({ financialYear: nextFinancialYear(preview.financialYear), page: 1, pageSize: 500 });
    return { preview, decisions, effect: effectOf(preview, decisions), targetNames: Object.fromEntries(targets.items.map((s) => [s.id, s.name])) };
  }

  /** The interruption before the one step that cannot be undone. */
  @Get(':id/confirm')
  @Roles(Role.Finance)
  @Render('year-end/confirm')
  async confirmPage(@Req() req: WebRequest) {
    const id = paramId(req);
    const preview = await this.yearEnd.preview(id);
    const decisions = draftOf(req, id).decisions ?? [];
    return { preview, effect: effectOf(preview, decisions), idempotencyKey: newIdempotencyKey() };
  }

  @Post(':id/close')
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('year-end/confirm', { model: 'confirmPage' })
  async close(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Param('id', RecordIdPipe) id: string) {
    const closed = await this.yearEnd.close(actor, id, { decisions: draftOf(req, id).decisions ?? [] }, idempotentRequest(req));
    delete req.session.yearEndDrafts?.[id];
    setFlash(req, 'yearEnd.flash.closed', { financialYear: closed.financialYear });
    return { url: `/year-end/${id}` };
  }
}
