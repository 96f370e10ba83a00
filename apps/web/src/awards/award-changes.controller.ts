import { Body, Controller, Get, Param, Post, Render, Req } from '@nestjs/common';
import { AuditService, AwardsService, FundingService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { changesOf } from './award-timeline.js';
import { EditAwardForm, VariationForm } from './award.forms.js';

/** A variation waiting for confirmation: what was asked, for the award at the version shown. */
interface ProposedVariation {
  awardId: string;
  newAmountPence: number;
  reason: string;
}

declare module '../common/web-request.js' {
  interface SessionData {
    awardVariation?: ProposedVariation;
  }
}

/**
 * Changing an award after it is made: its details (guarded by the version the page showed, so a
 * stale edit is STALE_VERSION, shown with what changed meanwhile and a way to reload), and its
 * amount by variation, with a reason, the budget effect shown before confirming.
 */
@Controller('awards')
export class AwardChangesController {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
    private readonly audit: AuditService,
  ) {}

  @Get(':id/edit')
  @Roles(Role.Commissioner)
  @Render('awards/edit')
  editPage(@Req() req: WebRequest, @Param('id', RecordIdPipe) _id: string) {
    return this.editModel(req);
  }

  /**
   * The edit page's data; shown again after STALE_VERSION it also lists what others changed since
   * the version the user had (from the award's audit trail).
   */
  async editModel(req: WebRequest) {
    const award = await this.awards.get(req.actor!, String(req.params['id']));
    const seen = Number((req.body as { version?: string } | undefined)?.version);
    if (!(req.method === 'POST' && Number.isInteger(seen) && seen < award.version)) return { award };
    const { items } = await this.audit.awardTimeline(award.id, 1, 50);
    const since = items.filter((e) => e.entityType === 'award' && e.entityId === award.id && Number(e.after?.['version']) > seen).reverse();
    return { award, changedSince: since.map((e) => ({ at: e.at, actorName: e.actorName, action: e.action, changes: changesOf(e) })) };
  }

  @Post(':id/edit')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/edit', { model: 'editModel', fields: { STALE_VERSION: 'title', INVALID_TRANSITION: 'amount' } })
  async edit(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: EditAwardForm, @Req() req: WebRequest) {
    if (form.endDate < form.startDate) throw new FormInvalid([{ field: 'endDate', key: 'awards.form.endDate.beforeStart', href: '#endDate-day' }]);
    const award = await this.awards.update(actor, id, {
      title: form.title.trim(),
      grantType: form.grantType.trim(),
      description: form.description?.trim() || null,
      startDate: form.startDate,
      endDate: form.endDate,
      ...(form.amount !== null ? { amountPence: form.amount } : {}),
      version: Number(form.version),
    });
    setFlash(req, 'awards.edit.saved', { reference: award.reference });
    return { url: `/awards/${id}` };
  }

  @Get(':id/vary')
  @Roles(Role.Commissioner)
  @Render('awards/vary')
  varyPage(@Req() req: WebRequest, @Param('id', RecordIdPipe) _id: string) {
    return this.varyModel(req);
  }

  async varyModel(req: WebRequest) {
    return { award: await this.awards.get(req.actor!, String(req.params['id'])) };
  }

  /** Step one: the new amount and why; nothing changes until the effect is confirmed. */
  @Post(':id/vary')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/vary', { model: 'varyModel' })
  async propose(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: VariationForm, @Req() req: WebRequest) {
    const award = await this.awards.get(actor, id);
    if (form.newAmount === award.amountPence) throw new FormInvalid([{ field: 'newAmount', key: 'awards.form.newAmountSame' }]);
    req.session.awardVariation = { awardId: id, newAmountPence: form.newAmount, reason: form.reason.trim() };
    return { url: `/awards/${id}/vary/confirm` };
  }

  /** The budget effect: the award's change, and the stream's remaining money before and after. */
  async confirmModel(req: WebRequest) {
    const award = await this.awards.get(req.actor!, String(req.params['id']));
    const proposed = req.session.awardVariation?.awardId === award.id ? req.session.awardVariation : undefined;
    const stream = await this.funding.getStream(award.fundingStreamId);
    const changePence = proposed ? proposed.newAmountPence - award.amountPence : 0;
    return { award, stream, proposed, changePence, remainingAfterPence: stream.remainingPence - changePence, fits: changePence <= stream.remainingPence };
  }

  @Get(':id/vary/confirm')
  @Roles(Role.Commissioner)
  @Render('awards/vary-confirm')
  confirmPage(@Req() req: WebRequest, @Param('id', RecordIdPipe) _id: string) {
    return this.confirmModel(req);
  }

  @Post(':id/vary/confirm')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('awards/vary-confirm', { model: 'confirmModel' })
  async vary(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Req() req: WebRequest) {
    const proposed = req.session.awardVariation;
    if (!proposed || proposed.awardId !== id) {
      await this.awards.get(actor, id); // another organisation's or a missing award is still the 404 page
      return { url: `/awards/${id}/vary` };
    }
    const award = await this.awards.vary(actor, id, { amountPence: proposed.newAmountPence, reason: proposed.reason });
    delete req.session.awardVariation;
    setFlash(req, 'awards.variations.done', { reference: award.reference, amountPence: award.amountPence });
    return { url: `/awards/${id}/budget` };
  }
}
