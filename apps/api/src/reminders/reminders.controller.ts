import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RemindersService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page, PageQuery } from '../common/common.dto.js';
import { NotificationResponse, ReminderPolicyResponse, ReminderScanResponse, UndeliverableEscalationPage } from './reminders.responses.js';
import { ApiAcceptedResponse, ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';
import { ReminderPolicyDto } from './reminders.dto.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('funding-streams/:id/reminder-policy')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'getReminderPolicy', summary: 'The reminder steps of a funding stream (the default steps when it has none)' })
  @ApiOkResponse({ type: ReminderPolicyResponse })
  @ApiErrors(400, 404)
  policy(@Param() { id }: IdParam) {
    return this.reminders.policy(id);
  }

  @Put('funding-streams/:id/reminder-policy')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'setReminderPolicy', summary: 'Replace the reminder steps of a funding stream' })
  @ApiOkResponse({ type: ReminderPolicyResponse })
  @ApiErrors(400, 404)
  setPolicy(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReminderPolicyDto) {
    return this.reminders.setPolicy(actor, id, dto.steps);
  }

  /** The chasing record: every reminder step decided for the award's periods, and what became of it. */
  @Get('awards/:id/notifications')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listAwardNotifications', summary: 'The chasing record of an award: every reminder step decided for its periods, newest first' })
  @ApiOkResponse({ type: [NotificationResponse] })
  @ApiErrors(400, 404)
  forAward(@Param() { id }: IdParam) {
    return this.reminders.forAward(id);
  }

  /** Escalations that reached no officer, with the reason: the count staff must see, and what to fix. */
  @Get('reminders/undeliverable')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listUndeliverableEscalations', summary: 'Escalations that reached no officer, with the reason (staff)' })
  @ApiOkResponse({ type: UndeliverableEscalationPage })
  @ApiErrors(400)
  async undeliverable(@Query() query: PageQuery) {
    return page(await this.reminders.undeliverableEscalations(query), query);
  }

  /** Runs the reminder scan now (it also runs hourly); the worker does the work. */
  @Post('reminders/scan')
  @Roles(Role.Admin, Role.Commissioner)
  @HttpCode(202)
  @ApiOperation({ operationId: 'scanReminders', summary: 'Run the reminder scan now (it also runs hourly); the worker does the work' })
  @ApiAcceptedResponse({ type: ReminderScanResponse })
  scan() {
    return this.reminders.requestScan();
  }
}
