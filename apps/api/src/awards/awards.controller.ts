import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AwardsService, Role, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { versionFrom } from '../common/if-match.js';
import {
  ActivateAwardDto,
  ApproveAwardDto,
  AwardLineDto,
  AwardListQuery,
  AwardStatusChangeDto,
  CreateAwardDto,
  UpdateAwardDto,
  VaryAwardDto,
} from './awards.dto.js';
import { AwardLineResponse, AwardPage, AwardResponse, AwardVariationResponse } from './awards.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse, ApiOperation, IF_MATCH_HEADER } from '../common/openapi.js';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'replays the first answer for the same key and body' };

@ApiTags('awards')
@ApiBearerAuth()
@Controller('awards')
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

  /** Staff see all awards; a partner sees its own organisation's. */
  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listAwards', summary: 'List awards: staff see all, a partner its own organisation\'s' })
  @ApiOkResponse({ type: AwardPage })
  @ApiErrors(400)
  async list(@CurrentActor() actor: Actor, @Query() query: AwardListQuery) {
    return page(await this.awards.list(actor, query), query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'getAward', summary: 'Read an award with its lines, co-funders and objectives' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.awards.get(actor, id);
  }

  @Post()
  @Roles(Role.Commissioner)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ operationId: 'createAward', summary: 'Create a draft award in a funding stream (Idempotency-Key replays)' })
  @ApiCreatedResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'CONFLICT', 'IDEMPOTENCY_MISMATCH', 'YEAR_CLOSED')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAwardDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.awards.create(actor, dto, idempotent);
  }

  /** Optimistic concurrency: `version` in the body or `If-Match: "<version>"`. */
  @Patch(':id')
  @Roles(Role.Commissioner)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ operationId: 'updateAward', summary: 'Change an award; `version` in the body or `If-Match` guards against lost updates' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'STALE_VERSION', 'INVALID_TRANSITION', 'YEAR_CLOSED')
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateAwardDto, @Headers('if-match') ifMatch?: string) {
    return this.awards.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Post(':id/approve')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'approveAward', summary: 'Approve a draft: records the decision and commits it against the stream budget' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'BUDGET_EXCEEDED', 'INVALID_TRANSITION', 'YEAR_CLOSED')
  approve(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ApproveAwardDto) {
    return this.awards.approve(actor, id, dto);
  }

  @Post(':id/activate')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'activateAward', summary: 'Record the signed agreement: approved -> active, payments allowed' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  activate(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ActivateAwardDto) {
    return this.awards.activate(actor, id, dto);
  }

  @Post(':id/suspend')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'suspendAward', summary: 'Suspend an active award: payments stop' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  suspend(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'suspend', dto);
  }

  @Post(':id/resume')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeAward', summary: 'Resume a suspended award' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  resume(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'resume', dto);
  }

  @Post(':id/close')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'closeAward', summary: 'Close an active or suspended award' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'close', dto);
  }

  @Post(':id/cancel')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  @ApiOperation({ operationId: 'cancelAward', summary: 'Cancel a draft or approved award, freeing its budget' })
  @ApiOkResponse({ type: AwardResponse })
  @ApiErrors(400, 404, 'INVALID_TRANSITION', 'YEAR_CLOSED')
  cancel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'cancel', dto);
  }

  @Get(':id/variations')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listAwardVariations', summary: 'The amount changes of an award, with their reasons' })
  @ApiOkResponse({ type: [AwardVariationResponse] })
  @ApiErrors(400, 404)
  variations(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.awards.variations(actor, id);
  }

  @Post(':id/variations')
  @Roles(Role.Commissioner)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ operationId: 'varyAward', summary: 'Change the amount of an approved, active or suspended award, with a reason (checked against the budget)' })
  @ApiCreatedResponse({ type: AwardResponse, description: 'the award with its new amount' })
  @ApiErrors(400, 404, 'BUDGET_EXCEEDED', 'INVALID_TRANSITION', 'IDEMPOTENCY_MISMATCH', 'YEAR_CLOSED')
  vary(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: VaryAwardDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.awards.vary(actor, id, dto, idempotent);
  }

  @Get(':id/lines')
  @Roles(...ALL_ROLES)
  @ApiOperation({ operationId: 'listAwardLines', summary: 'The budget lines of an award (a null amount is "included within")' })
  @ApiOkResponse({ type: [AwardLineResponse] })
  @ApiErrors(400, 404)
  lines(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.awards.lines(actor, id);
  }

  @Post(':id/lines')
  @Roles(Role.Commissioner)
  @ApiOperation({ operationId: 'addAwardLine', summary: 'Add a budget line to an award' })
  @ApiCreatedResponse({ type: AwardResponse, description: 'the award with its lines' })
  @ApiErrors(400, 404)
  addLine(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardLineDto) {
    return this.awards.addLine(actor, id, dto);
  }
}
