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

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'replays the first answer for the same key and body' };

@ApiTags('awards')
@ApiBearerAuth()
@Controller('awards')
export class AwardsController {
  constructor(private readonly awards: AwardsService) {}

  /** Staff see all awards; a partner sees its own organisation's. */
  @Get()
  @Roles(...ALL_ROLES)
  async list(@CurrentActor() actor: Actor, @Query() query: AwardListQuery) {
    return page(await this.awards.list(actor, query), query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.awards.get(actor, id);
  }

  @Post()
  @Roles(Role.Commissioner)
  @ApiHeader(IDEMPOTENCY_HEADER)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAwardDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.awards.create(actor, dto, idempotent);
  }

  /** Optimistic concurrency: `version` in the body or `If-Match: "<version>"`. */
  @Patch(':id')
  @Roles(Role.Commissioner)
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateAwardDto, @Headers('if-match') ifMatch?: string) {
    return this.awards.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Post(':id/approve')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ApproveAwardDto) {
    return this.awards.approve(actor, id, dto);
  }

  @Post(':id/activate')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  activate(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ActivateAwardDto) {
    return this.awards.activate(actor, id, dto);
  }

  @Post(':id/suspend')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  suspend(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'suspend', dto);
  }

  @Post(':id/resume')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  resume(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'resume', dto);
  }

  @Post(':id/close')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'close', dto);
  }

  @Post(':id/cancel')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardStatusChangeDto) {
    return this.awards.transition(actor, id, 'cancel', dto);
  }

  @Get(':id/variations')
  @Roles(...ALL_ROLES)
  variations(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.awards.variations(actor, id);
  }

  @Post(':id/variations')
  @Roles(Role.Commissioner)
  @ApiHeader(IDEMPOTENCY_HEADER)
  vary(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: VaryAwardDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.awards.vary(actor, id, dto, idempotent);
  }

  @Get(':id/lines')
  @Roles(...ALL_ROLES)
  lines(@CurrentActor() actor: Actor, @Param() { id }: IdParam) {
    return this.awards.lines(actor, id);
  }

  @Post(':id/lines')
  @Roles(Role.Commissioner)
  addLine(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AwardLineDto) {
    return this.awards.addLine(actor, id, dto);
  }
}
