import { Body, Controller, Get, HttpCode, Param, Post, Render, Req } from '@nestjs/common';
import { ALL_ROLES, AwardsService, PaymentQueueService, PaymentsService, Role, type Actor } from '#domain/index.js';
import { parsePounds, penceToPounds, todayInLondon } from '#platform/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { idempotentRequest, newIdempotencyKey } from '../common/idempotent-form.js';
import { setFlash } from '../common/page-locals.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { MAX_INSTALMENTS, readInstalmentDates, splitInstalments } from './instalments.js';
import { MarkPaidForm, RecoveryForm, SaveScheduleForm, ScheduleForm } from './payment.forms.js';

const paramId = (req: WebRequest) => String(req.params['id']);

/**
 * The award hub's PAYMENTS section (read by everyone who may read the award, partners included)
 * and finance's money forms: the instalment schedule generator, recoveries and marking paid.
 * Every form that creates or moves money carries a key generated when it was rendered, so a
 * double submit (double click, back and resubmit) writes once (common/idempotent-form.ts).
 */
@Controller()
export class PaymentsController {
  constructor(
    private readonly awards: AwardsService,
    private readonly payments: PaymentsService,
    private readonly queue: PaymentQueueService,
  ) {}

  @Get('awards/:id/payments')
  @Roles(...ALL_ROLES)
  @Render('payments/section')
  async section(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string) {
    const award = await this.awards.get(actor, id);
    return { award, schedule: await this.payments.listForAward(actor, id), mayAct: actor.role === Role.Finance };
  }

  @Get('awards/:id/payments/new')
  @Roles(Role.Finance)
  @Render('payments/schedule-new')
  async newSchedule(@Req() req: WebRequest) {
    return { award: await this.awards.get(req.actor!, paramId(req)), maxInstalments: MAX_INSTALMENTS };
  }

  /** Step 2: the split, shown before anything is saved, each date open to change. Writes nothing. */
  @Post('awards/:id/payments/plan')
  @Roles(Role.Finance)
  @HttpCode(200)
  @FormPage('payments/schedule-new', { model: 'newSchedule' })
  @Render('payments/schedule-plan')
  async plan(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: ScheduleForm) {
    const award = await this.awards.get(actor, id);
    return { award, amount: form.amount, amountText: penceToPounds(form.amount), count: form.count, instalments: splitInstalments(form.amount, form.count, form.firstDate), idempotencyKey: newIdempotencyKey() };
  }

  /** The plan page again, from what was sent (its errors shown by the filter). */
  async planAgain(req: WebRequest) {
    const body = req.body as Record<string, unknown>;
    const parsed = parsePounds(typeof body['amount'] === 'string' ? body['amount'] : '');
    const amount = parsed.ok ? parsed.pence : 0;
    const count = Math.min(Math.max(Number(body['count']) || 1, 1), MAX_INSTALMENTS);
    return { award: await this.awards.get(req.actor!, paramId(req)), amount, count, instalments: splitInstalments(amount, count, todayInLondon()) };
  }

  @Post('awards/:id/payments')
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('payments/schedule-plan', { model: 'planAgain', fields: { PAYMENT_EXCEEDS_AWARD: 'instalment0', AWARD_NOT_PAYABLE: 'instalment0' } })
  async saveSchedule(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: SaveScheduleForm, @Req() req: WebRequest) {
    const { dates, problems } = readInstalmentDates(req.body as Record<string, unknown>, form.count);
    if (problems.length) throw new FormInvalid(problems);
    const split = splitInstalments(form.amount, form.count, dates[0]!);
    const inputs = split.map((s, i) => ({ kind: 'payment' as const, amountPence: s.amountPence, plannedDate: dates[i]!, note: null }));
    await this.payments.createMany(actor, id, inputs, idempotentRequest(req));
    setFlash(req, 'payments.flash.scheduled', { count: form.count, amountPence: form.amount });
    return { url: `/awards/${id}/payments` };
  }

  @Get('awards/:id/recoveries/new')
  @Roles(Role.Finance)
  @Render('payments/recovery-new')
  async newRecovery(@Req() req: WebRequest) {
    return { award: await this.awards.get(req.actor!, paramId(req)), idempotencyKey: newIdempotencyKey() };
  }

  @Post('awards/:id/recoveries')
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('payments/recovery-new', { model: 'newRecovery', fields: { PAYMENT_EXCEEDS_AWARD: 'amount', AWARD_NOT_PAYABLE: 'amount' } })
  async createRecovery(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: RecoveryForm, @Req() req: WebRequest) {
    await this.payments.create(actor, id, { kind: 'recovery', amountPence: form.amount, plannedDate: form.plannedDate, note: form.note }, idempotentRequest(req));
    setFlash(req, 'payments.flash.recoveryScheduled', { amountPence: form.amount });
    return { url: `/awards/${id}/payments` };
  }

  @Get('payments/:id/mark-paid')
  @Roles(Role.Finance)
  @Render('payments/mark-paid')
  async markPaidPage(@Req() req: WebRequest) {
    return { payment: await this.queue.item(req.actor!, paramId(req)), idempotencyKey: newIdempotencyKey() };
  }

  @Post('payments/:id/mark-paid')
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('payments/mark-paid', { model: 'markPaidPage' })
  async markPaid(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Body() form: MarkPaidForm, @Req() req: WebRequest) {
    const paid = await this.payments.markPaid(actor, id, { paidDate: form.paidDate, reference: form.reference }, idempotentRequest(req));
    setFlash(req, 'payments.flash.paid', { amountPence: Math.abs(paid.amountPence), reference: form.reference });
    return { url: `/awards/${paid.awardId}/payments` };
  }
}
