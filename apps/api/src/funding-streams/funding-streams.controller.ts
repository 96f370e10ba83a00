import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FundingService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { CreateFundingStreamDto, FundingStreamListQuery, UpdateFundingStreamDto } from './funding-streams.dto.js';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-streams')
export class FundingStreamsController {
  constructor(private readonly funding: FundingService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  async list(@Query() query: FundingStreamListQuery) {
    return page(await this.funding.listStreams(query), query);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  get(@Param() { id }: IdParam) {
    return this.funding.getStream(id);
  }

  @Post()
  @Roles(Role.Commissioner)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFundingStreamDto) {
    return this.funding.createStream(actor, dto);
  }

  @Patch(':id')
  @Roles(Role.Commissioner)
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateFundingStreamDto) {
    return this.funding.updateStream(actor, id, dto);
  }
}
