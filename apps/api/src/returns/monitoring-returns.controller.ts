import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, MonitoringReturnsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam } from '../common/common.dto.js';
import { ReviewDto, SaveDraftDto, SubmitReturnDto } from './returns.dto.js';

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('reporting-periods/:id/return')
export class MonitoringReturnsController {
  constructor(private readonly returns: MonitoringReturnsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.returns.get(actor, id);
  }

  /** The partner's draft; a commissioner only with onBehalf: true (recorded). */
  @Put()
  @Roles(Role.Partner, Role.Commissioner)
  save(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SaveDraftDto) {
    return this.returns.saveDraft(actor, id, dto);
  }

  @Post('submit')
  @Roles(Role.Partner, Role.Commissioner)
  @HttpCode(200)
  submit(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: SubmitReturnDto) {
    return this.returns.submit(actor, id, dto);
  }

  @Post('accept')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewDto) {
    return this.returns.review(actor, id, 'accept', dto.comment);
  }

  @Post('request-revision')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  requestRevision(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewDto) {
    return this.returns.review(actor, id, 'request-revision', dto.comment);
  }

  @Post('reopen')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  reopen(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ReviewDto) {
    return this.returns.review(actor, id, 'reopen', dto.comment);
  }
}
