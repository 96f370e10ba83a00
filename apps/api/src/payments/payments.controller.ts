import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, PaymentsService, Role, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { CreatePaymentDto, PaymentNoteDto, MarkPaidDto } from './payments.dto.js';

@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /** The payment schedule of an award with its totals; partners read their own awards'. */
  @Get('awards/:id/payments')
  @Roles(...ALL_ROLES)
  list(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.payments.listForAward(actor, id);
  }

  @Post('awards/:id/payments')
  @Roles(Role.Finance, Role.Commissioner)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'replays the first answer for the same key and body' })
  create(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: CreatePaymentDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.payments.create(actor, id, dto, idempotent);
  }

  @Post('payments/:id/approve')
  @Roles(Role.Finance)
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: PaymentNoteDto) {
    return this.payments.approve(actor, id, dto.note);
  }

  @Post('payments/:id/mark-paid')
  @Roles(Role.Finance)
  @HttpCode(200)
  markPaid(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: MarkPaidDto) {
    return this.payments.markPaid(actor, id, dto);
  }

  @Post('payments/:id/cancel')
  @Roles(Role.Finance)
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: PaymentNoteDto) {
    return this.payments.cancel(actor, id, dto.note);
  }
}
