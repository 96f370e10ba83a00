import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AwardsService, FundingService, OrganisationsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { AmountQuestion, DatesQuestion, DetailsQuestion, RecipientQuestion, StreamQuestion } from './award.forms.js';

/** The answers so far, held in the session until "check your answers" creates the draft award. */
export interface AwardDraftAnswers {
  fundingStreamId?: string;
  recipientOrganisationId?: string;
  title?: string;
  grantType?: string;
  description?: string | null;
  amountPence?: number;
  startDate?: string;
  endDate?: string;
}

declare module '../common/web-request.js' {
  interface SessionData {
    awardDraft?: AwardDraftAnswers;
  }
}

/** The questions in order: the page, and the answer that says it was answered. */
const QUESTIONS = [
  { path: '/awards/new', answered: (a: AwardDraftAnswers) => !!a.fundingStreamId },
  { path: '/awards/new/recipient', answered: (a: AwardDraftAnswers) => !!a.recipientOrganisationId },
  { path: '/awards/new/details', answered: (a: AwardDraftAnswers) => !!a.title },
  { path: '/awards/new/amount', answered: (a: AwardDraftAnswers) => a.amountPence !== undefined },
  { path: '/awards/new/dates', answered: (a: AwardDraftAnswers) => !!a.startDate },
];
const CHECK = '/awards/new/check';

/**
 * Creating an award (issue 15 item 6) as GOV.UK question pages, one question a page, ending in
 * "check your answers". The answers live in the session; only the last step calls the domain,
 * which creates a draft (no budget check until approval). Registered before AwardsController so
 * `/awards/new` is not read as an award id.
 */
@Controller('awards/new')
export class AwardCreateController {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
    private readonly organisations: OrganisationsService,
  ) {}

  private answers(req: WebRequest): AwardDraftAnswers {
    return req.session.awardDraft ?? {};
  }

  /** Save an answer, then the next question (or back to the check page when changing one). */
  private answer(req: WebRequest, patch: AwardDraftAnswers, next: 'check' | undefined): { url: string } {
    const answers = { ...this.answers(req), ...patch };
    req.session.awardDraft = answers;
    if (next === 'check') return { url: CHECK };
    return { url: QUESTIONS.find((q) => !q.answered(answers))?.path ?? CHECK };
  }

  private model(req: WebRequest) {
    return { answers: this.answers(req), next: req.query['next'] === 'check' || (req.body as { next?: string } | undefined)?.next === 'check' ? 'check' : undefined };
  }

  @Get()
  @Roles(Role.Commissioner)
  @Render('awards/new/stream')
  async streamPage(@Req() req: WebRequest) {
    const streams = await this.funding.listStreams({ page: 1, pageSize: 200 });
    return { ...this.model(req), streams: streams.items };
  }

  @Post()
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/new/stream', { model: 'streamPage' })
  chooseStream(@Body() form: StreamQuestion, @Req() req: WebRequest) {
    return this.answer(req, { fundingStreamId: form.stream }, form.next);
  }

  @Get('recipient')
  @Roles(Role.Commissioner)
  @Render('awards/new/recipient')
  async recipientPage(@CurrentActor() actor: Actor, @Req() req: WebRequest) {
    const organisations = await this.organisations.list(actor, { page: 1, pageSize: 500 });
    return { ...this.model(req), organisations: organisations.items };
  }

  /** The form page's model, for the error filter (it passes only the request). */
  recipientModel(req: WebRequest) {
    return this.recipientPage(req.actor!, req);
  }

  @Post('recipient')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/new/recipient', { model: 'recipientModel' })
  chooseRecipient(@Body() form: RecipientQuestion, @Req() req: WebRequest) {
    return this.answer(req, { recipientOrganisationId: form.recipient }, form.next);
  }

  @Get('details')
  @Roles(Role.Commissioner)
  @Render('awards/new/details')
  detailsPage(@Req() req: WebRequest) {
    return this.model(req);
  }

  @Post('details')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/new/details', { model: 'detailsPage' })
  describe(@Body() form: DetailsQuestion, @Req() req: WebRequest) {
    return this.answer(req, { title: form.title.trim(), grantType: form.grantType.trim(), description: form.description?.trim() || null }, form.next);
  }

  @Get('amount')
  @Roles(Role.Commissioner)
  @Render('awards/new/amount')
  amountPage(@Req() req: WebRequest) {
    return this.model(req);
  }

  @Post('amount')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/new/amount', { model: 'amountPage' })
  setAmount(@Body() form: AmountQuestion, @Req() req: WebRequest) {
    return this.answer(req, { amountPence: form.amount }, form.next);
  }

  @Get('dates')
  @Roles(Role.Commissioner)
  @Render('awards/new/dates')
  datesPage(@Req() req: WebRequest) {
    return this.model(req);
  }

  @Post('dates')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/new/dates', { model: 'datesPage' })
  setDates(@Body() form: DatesQuestion, @Req() req: WebRequest) {
    if (form.endDate < form.startDate) throw new FormInvalid([{ field: 'endDate', key: 'awards.form.endDate.beforeStart', href: '#endDate-day' }]);
    return this.answer(req, { startDate: form.startDate, endDate: form.endDate }, form.next);
  }

  @Get('check')
  @Roles(Role.Commissioner)
  async checkPage(@CurrentActor() actor: Actor, @Req() req: WebRequest, @Res() res: Response) {
    const answers = this.answers(req);
    const missing = QUESTIONS.find((q) => !q.answered(answers));
    if (missing) return res.redirect(303, missing.path);
    res.render('awards/new/check', await this.checkModel(req));
  }

  async checkModel(req: WebRequest) {
    const answers = this.answers(req);
    const [stream, recipient] = await Promise.all([this.funding.getStream(answers.fundingStreamId!), this.organisations.get(req.actor!, answers.recipientOrganisationId!)]);
    return { answers, stream, recipient };
  }

  @Post('check')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/new/check', { model: 'checkModel', fields: { CONFLICT: 'title' } })
  async create(@CurrentActor() actor: Actor, @Req() req: WebRequest) {
    const a = this.answers(req);
    if (QUESTIONS.some((q) => !q.answered(a))) return { url: QUESTIONS.find((q) => !q.answered(a))!.path };
    const award = await this.awards.create(actor, {
      fundingStreamId: a.fundingStreamId!,
      recipientOrganisationId: a.recipientOrganisationId!,
      title: a.title!,
      grantType: a.grantType!,
      description: a.description ?? null,
      amountPence: a.amountPence!,
      startDate: a.startDate!,
      endDate: a.endDate!,
    });
    delete req.session.awardDraft;
    setFlash(req, 'awards.create.created', { reference: award.reference });
    return { url: `/awards/${award.id}` };
  }
}
