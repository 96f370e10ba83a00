import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, MonitoringReturnsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { ReviewDto, SaveDraftDto, SubmitReturnDto } from './returns.dto.js';
import { MonitoringReturnResponse } from './returns.responses.js';
import { ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('reporting-periods/:id/return')
export class MonitoringReturnsController {
  constructor(private readonly returns: MonitoringReturnsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'getMonitoringReturn', summary: 'A period\'s monitoring return: draft, submitted versions and reviews' })
  @ApiOkResponse({ type: MonitoringReturnResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.returns.get(actor, id);
  }

  /** The partner's draft; a commissioner only with onBehalf: true (recorded). */
  @Put()
  @Roles(Role.Partner, Role.Commissioner)
  @ApiOperation({ operationId: 'saveReturnDraft', summary: 'Save the partner\'s draft; a commissioner only with onBehalf: true (recorded)' })
  @ApiOkResponse({ type: MonitoringReturnResponse })
  @ApiErrors(400, 404, 'ON_BEHALF_REQUIRED', 'INVALID_TRANSITION')
  save(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SaveDraftDto) {
    return this.returns.saveDraft(actor, id, dto);
  }

  @Post('submit')
  @Roles(Role.Partner, Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'submitReturn', summary: 'Certify and submit the draft: it is frozen as a new version' })
  @ApiOkResponse({ type: MonitoringReturnResponse })
  @ApiErrors(400, 404, 'ON_BEHALF_REQUIRED', 'RETURN_INCOMPLETE', 'NO_CHANGES', 'INVALID_TRANSITION')
  submit(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SubmitReturnDto) {
    return this.returns.submit(actor, id, dto);
  }

  @Post('accept')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'acceptReturn', summary: 'Accept the submitted version' })
  @ApiOkResponse({ type: MonitoringReturnResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  accept(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewDto) {
    return this.returns.review(actor, id, 'accept', dto.comment);
  }

  @Post('request-revision')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'requestReturnRevision', summary: 'Send the submitted version back with a comment' })
  @ApiOkResponse({ type: MonitoringReturnResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  requestRevision(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewDto) {
    return this.returns.review(actor, id, 'request-revision', dto.comment);
  }

  @Post('reopen')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'reopenReturn', summary: 'Reopen an accepted return, with the reason' })
  @ApiOkResponse({ type: MonitoringReturnResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION')
  reopen(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewDto) {
    return this.returns.review(actor, id, 'reopen', dto.comment);
  }
}
