import { Body, Controller, Get, Param, Post, Query, Render, Req } from '@nestjs/common';
import { FundingService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { AssignSourceForm, FundingSourceForm, FundingStreamEditForm, FundingStreamForm, LeadOfficerForm } from './funding.forms.js';
import { MoneyPage } from './money-page.js';
import { StreamFunding } from './stream-funding.js';
import { StreamPage } from './stream-page.js';

const FINANCIAL_YEAR = /^\d{4}\/\d{2}$/;
/** A form page's model reads its record id from the path itself (the error filter calls it with `req` only). */
const idOf = (req: WebRequest, name = 'id') => new RecordIdPipe().transform(req.params[name]);

/**
 * Money: funding sources (money received) and the ring-fenced streams funded from them, and a
 * stream's own page. Who may do what is the API's: staff read; commissioners and finance record
 * money received; commissioners make, fund and change streams.
 */
@Controller('funding')
export class FundingController {
  constructor(
    private readonly funding: FundingService,
    private readonly money: MoneyPage,
    private readonly streams: StreamPage,
    private readonly streamFunding: StreamFunding,
  ) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @Render('funding/index')
  index(@CurrentActor() actor: Actor, @Query('year') year?: string) {
    return this.money.model(actor, typeof year === 'string' && FINANCIAL_YEAR.test(year) ? year : undefined);
  }

  // ---- sources ----------------------------------------------------------------------------

  @Get('sources/new')
  @Roles(Role.Commissioner, Role.Finance)
  @Render('funding/source-new')
  newSource(@Req() req: WebRequest) {
    return this.money.funders(req.actor!);
  }

  @Post('sources')
  @Roles(Role.Commissioner, Role.Finance)
  @SeeOther()
  @FormPage('funding/source-new', { model: 'newSource', fields: { NOT_FOUND: 'funder' } })
  async createSource(@CurrentActor() actor: Actor, @Body() form: FundingSourceForm, @Req() req: WebRequest) {
    const source = await this.funding.createSource(actor, {
      funderOrganisationId: form.funder,
      name: form.name,
      financialYear: form.financialYear,
      amountPence: form.amount,
      restricted: form.restricted,
      reportingRequirements: form.reportingRequirements,
    });
    setFlash(req, 'funding.flash.sourceCreated', { name: source.name, amountPence: source.amountPence });
    return { url: `/funding?year=${encodeURIComponent(source.financialYear)}` };
  }

  // ---- streams ----------------------------------------------------------------------------

  @Get('streams/new')
  @Roles(Role.Commissioner)
  @Render('funding/stream-new')
  newStream() {
    return this.money.sourcesForNewStream();
  }

  @Post('streams')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/stream-new', { model: 'newStream' })
  async createStream(@CurrentActor() actor: Actor, @Body() form: FundingStreamForm, @Req() req: WebRequest) {
    const sources = form.source && form.amount ? [{ fundingSourceId: form.source, amountPence: form.amount }] : [];
    const stream = await this.funding
      .createStream(actor, { name: form.name, financialYear: form.financialYear, purpose: form.purpose, sources })
      .catch(async (error: unknown) => Promise.reject(await this.streamFunding.explain(error, null, form.amount ?? 0)));
    setFlash(req, 'funding.flash.streamCreated', { name: stream.name, budgetPence: stream.budgetPence });
    return { url: `/funding/streams/${stream.id}` };
  }

  @Get('streams/:id')
  @Roles(...STAFF_ROLES)
  @Render('funding/stream')
  stream(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    return this.streams.model(actor, id);
  }

  @Get('streams/:id/edit')
  @Roles(Role.Commissioner)
  @Render('funding/stream-edit')
  editStream(@Req() req: WebRequest) {
    return this.streams.formModel(idOf(req));
  }

  @Post('streams/:id/edit')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/stream-edit', { model: 'editStream' })
  async updateStream(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: FundingStreamEditForm, @Req() req: WebRequest) {
    const stream = await this.funding.updateStream(actor, id, { name: form.name, purpose: form.purpose, version: form.version });
    setFlash(req, 'funding.flash.streamUpdated', { name: stream.name });
    return { url: `/funding/streams/${id}` };
  }

  @Get('streams/:id/assign')
  @Roles(Role.Commissioner)
  @Render('funding/stream-assign')
  assignForm(@Req() req: WebRequest) {
    return this.streams.formModel(idOf(req));
  }

  @Post('streams/:id/assign')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/stream-assign', { model: 'assignForm', fields: { NOT_FOUND: 'source' } })
  async assign(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: AssignSourceForm, @Req() req: WebRequest) {
    const stream = await this.streamFunding.assign(actor, id, { fundingSourceId: form.source, amountPence: form.amount, version: form.version });
    setFlash(req, 'funding.flash.assigned', { name: stream.name, budgetPence: stream.budgetPence });
    return { url: `/funding/streams/${id}` };
  }

  @Get('streams/:id/lead-officer')
  @Roles(Role.Commissioner)
  @Render('funding/stream-lead-officer')
  leadOfficerForm(@Req() req: WebRequest) {
    return this.streams.formModel(idOf(req));
  }

  @Post('streams/:id/lead-officer')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('funding/stream-lead-officer', { model: 'leadOfficerForm' })
  async setLeadOfficer(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: LeadOfficerForm, @Req() req: WebRequest) {
    await this.funding.updateStream(actor, id, { leadOfficerUserId: form.leadOfficer, version: form.version });
    setFlash(req, form.leadOfficer ? 'funding.flash.leadOfficerSet' : 'funding.flash.leadOfficerCleared');
    return { url: `/funding/streams/${id}` };
  }
}

