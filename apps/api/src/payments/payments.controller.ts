import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, PaymentsService, Role, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { CreatePaymentDto, PaymentNoteDto, MarkPaidDto } from './payments.dto.js';
import { AwardPaymentsResponse, PaymentResponse } from './payments.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /** The payment schedule of an award with its totals; partners read their own awards'. */
  @Get('awards/:id/payments')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listAwardPayments', summary: 'The payment schedule of an award with its totals' })
  @ApiOkResponse({ type: AwardPaymentsResponse })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.payments.listForAward(actor, id);
  }

  @Post('awards/:id/payments')
  @Roles(Role.Finance, Role.Commissioner)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'replays the first answer for the same key and body' })
  @ApiOperation({ operationId: 'schedulePayment', summary: 'Schedule an instalment or a recovery on an award (Idempotency-Key replays)' })
  @ApiCreatedResponse({ type: PaymentResponse })
  @ApiErrors(400, 404, 'AWARD_NOT_PAYABLE', 'PAYMENT_EXCEEDS_AWARD', 'IDEMPOTENCY_MISMATCH', 'YEAR_CLOSED')
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CreatePaymentDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.payments.create(actor, id, dto, idempotent);
  }

  @Post('payments/:id/approve')
  @Roles(Role.Finance)
  @HttpCode(200)
  @ApiOperation({ operationId: 'approvePayment', summary: 'Approve a scheduled payment; above the threshold the approver must not be its creator' })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiErrors(400, 404, 'PAYMENT_HELD', 'AWARD_NOT_PAYABLE', 'SECOND_APPROVER_REQUIRED', 'PAYMENT_EXCEEDS_AWARD', 'INVALID_TRANSITION', 'YEAR_CLOSED')
  approve(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: PaymentNoteDto) {
    return this.payments.approve(actor, id, dto.note);
  }

  @Post('payments/:id/mark-paid')
  @Roles(Role.Finance)
  @HttpCode(200)
  @ApiOperation({ operationId: 'markPaymentPaid', summary: 'Record that an approved payment was paid, with date and reference' })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiErrors(400, 404, 'PAYMENT_HELD', 'AWARD_NOT_PAYABLE', 'PAYMENT_EXCEEDS_AWARD', 'INVALID_TRANSITION', 'YEAR_CLOSED')
  markPaid(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: MarkPaidDto) {
    return this.payments.markPaid(actor, id, dto);
  }

  @Post('payments/:id/cancel')
  @Roles(Role.Finance)
  @HttpCode(200)
  @ApiOperation({ operationId: 'cancelPayment', summary: 'Cancel a scheduled or approved payment' })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  cancel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: PaymentNoteDto) {
    return this.payments.cancel(actor, id, dto.note);
  }
}
