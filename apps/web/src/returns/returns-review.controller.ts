import { Body, Controller, Get, Param, Post, Query, Render, Req } from '@nestjs/common';
import { AwardsService, MonitoringReturnsService, OutcomesService, ReportingService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { compareReturn } from './return-comparison.js';
import { ReopenForm, ReviewForm } from './review.form.js';

/**
 * Returns review for staff: a round (a financial year's period) across every award, and one
 * return beside its targets and its previous version, with the commissioner's decisions: accept,
 * request a revision (comment required), reopen an accepted return (reason required).
 */
@Controller()
export class ReturnsReviewController {
  constructor(
    private readonly reporting: ReportingService,
    private readonly returns: MonitoringReturnsService,
    private readonly awards: AwardsService,
    private readonly outcomes: OutcomesService,
  ) {}

  @Get('returns')
  @Roles(...STAFF_ROLES)
  @Render('returns/round')
  async round(@Query('year') year?: string, @Query('period') period?: string) {
    return { round: await this.reporting.round(typeof year === 'string' ? year : undefined, typeof period === 'string' ? period : undefined) };
  }

  @Get('reporting-periods/:id/review')
  @Roles(...STAFF_ROLES)
  @Render('returns/review')
  async review(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    const ret = await this.returns.get(actor, id);
    const [award, targets] = await Promise.all([this.awards.get(actor, ret.awardId), this.outcomes.awardTargets(actor, ret.awardId)]);
    return { ret, award, comparison: compareReturn(ret, targets) };
  }

  async reviewModel(req: WebRequest) {
    return this.review(req.actor!, String(req.params['id']));
  }

  @Post('reporting-periods/:id/review')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('returns/review', { model: 'reviewModel' })
  async decide(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ReviewForm, @Req() req: WebRequest) {
    const comment = form.comment?.trim() ?? '';
    if (form.decision === 'request-revision' && !comment) throw new FormInvalid([{ field: 'comment', key: 'returns.review.comment.missing' }]);
    const ret = await this.returns.review(actor, id, form.decision, comment || null);
    setFlash(req, form.decision === 'accept' ? 'returns.flash.accepted' : 'returns.flash.revisionRequested', { key: ret.key, version: ret.latestVersion });
    return { url: `/reporting-periods/${id}/review` };
  }

  @Post('reporting-periods/:id/reopen')
  @Roles(Role.Commissioner)
  @SeeOther()
  @FormPage('returns/review', { model: 'reviewModel' })
  async reopen(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ReopenForm, @Req() req: WebRequest) {
    const ret = await this.returns.review(actor, id, 'reopen', form.reason.trim());
    setFlash(req, 'returns.flash.reopened', { key: ret.key });
    return { url: `/reporting-periods/${id}/review` };
  }
}
