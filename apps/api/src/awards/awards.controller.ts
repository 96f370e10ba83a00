import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AwardsService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { ApproveAwardDto, AwardLineDto, AwardListQuery, CreateAwardDto } from './awards.dto.js';

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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAwardDto) {
    return this.awards.create(actor, dto);
  }

  @Post(':id/approve')
  @Roles(Role.Commissioner)
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: ApproveAwardDto) {
    return this.awards.approve(actor, id, dto);
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
