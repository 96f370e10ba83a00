import { Body, Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { AwardsService, FundingService, Role, type Actor, type AwardAction } from '#domain/index.js';
import { todayInLondon } from '#platform/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { AgreementForm, DecisionForm, StatusChangeForm } from './award.forms.js';

type StatusChange = Exclude<AwardAction, 'approve' | 'activate'>;

const STATUS_CHANGES: readonly StatusChange[] = ['suspend', 'resume', 'close', 'cancel'];
/** `/awards/:id/<change>`, one route each, so pages, access and scenarios stay per change. */
const STATUS_CHANGE_PATHS = STATUS_CHANGES.map((change) => `:id/${change}`);

/** Which change a request is for: the last segment of its path (only the routes above reach here). */
function statusChangeOf(req: WebRequest): StatusChange {
  return req.path.split('/').filter(Boolean).pop() as StatusChange;
}

/**
 * An award's lifecycle in the browser (issue 15 item 6): approve behind an interruption page that
 * says what it commits against what remains; activate with the agreement date; suspend, resume,
 * close and cancel with a reason. Each POST is one call of the service the API's awards
 * controller calls; BUDGET_EXCEEDED and INVALID_TRANSITION come back on the form, in words.
 */
@Controller('awards')
export class AwardLifecycleController {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
  ) {}

  /** The award with its stream's figures: what approving it commits, and what is left after. */
  async budgetModel(req: WebRequest) {
    const award = await this.awards.get(req.actor!, String(req.params['id']));
    const stream = await this.funding.getStream(award.fundingStreamId);
    return { award, stream, fits: award.amountPence <= stream.remainingPence, remainingAfterPence: stream.remainingPence - award.amountPence, today: todayInLondon() };
  }

  @Get(':id/approve')
  @Roles(Role.Commissioner)
  @Render('awards/approve-interruption')
  approvePage(@Req() req: WebRequest, @Param('id', RecordIdPipe) _id: string) {
    return this.budgetModel(req);
  }

  @Get(':id/approve/decision')
  @Roles(Role.Commissioner)
  @Render('awards/approve')
  decisionPage(@Req() req: WebRequest, @Param('id', RecordIdPipe) _id: string) {
    return this.budgetModel(req);
  }

  @Post(':id/approve/decision')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/approve', { model: 'budgetModel' })
  async approve(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: DecisionForm, @Req() req: WebRequest) {
    if (form.decisionDate > todayInLondon()) throw new FormInvalid([{ field: 'decisionDate', key: 'awards.form.decisionDate.future', href: '#decisionDate-day' }]);
    const award = await this.awards.approve(actor, id, { decisionReference: form.decisionReference?.trim() || null, decisionDate: form.decisionDate });
    setFlash(req, 'awards.lifecycle.approved', { reference: award.reference, amountPence: award.amountPence });
    return { url: `/awards/${id}` };
  }

  @Get(':id/activate')
  @Roles(Role.Commissioner)
  @Render('awards/activate')
  activatePage(@Req() req: WebRequest, @Param('id', RecordIdPipe) id: string) {
    return this.awardModel(req, id);
  }

  async awardModel(req: WebRequest, id = String(req.params['id'])) {
    return { award: await this.awards.get(req.actor!, id), today: todayInLondon() };
  }

  @Post(':id/activate')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/activate', { model: 'awardModel', fields: { INVALID_TRANSITION: 'agreementSignedOn' } })
  async activate(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: AgreementForm, @Req() req: WebRequest) {
    if (form.agreementSignedOn > todayInLondon()) throw new FormInvalid([{ field: 'agreementSignedOn', key: 'awards.form.agreementSignedOn.future', href: '#agreementSignedOn-day' }]);
    const award = await this.awards.activate(actor, id, { agreementSignedOn: form.agreementSignedOn });
    setFlash(req, 'awards.lifecycle.activated', { reference: award.reference });
    return { url: `/awards/${id}` };
  }

  // Suspend, resume, close and cancel: one page each (its own path), the same form (a reason),
  // template and service call; one handler pair serves the four, reading the change from the path.

  async statusModel(req: WebRequest) {
    return { ...(await this.awardModel(req)), action: statusChangeOf(req) };
  }

  @Get(STATUS_CHANGE_PATHS)
  @Roles(Role.Commissioner)
  @Render('awards/status-change')
  statusChangePage(@Req() req: WebRequest, @Param('id', RecordIdPipe) _id: string) {
    return this.statusModel(req);
  }

  @Post(STATUS_CHANGE_PATHS)
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/status-change', { model: 'statusModel', fields: { INVALID_TRANSITION: 'reason' } })
  async changeStatus(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: StatusChangeForm, @Req() req: WebRequest) {
    const action = statusChangeOf(req);
    const award = await this.awards.transition(actor, id, action, { reason: form.reason.trim() });
    setFlash(req, `awards.lifecycle.done.${action}`, { reference: award.reference });
    return { url: `/awards/${id}` };
  }
}
