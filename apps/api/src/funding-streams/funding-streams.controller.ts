import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FundingService, Role, STAFF_ROLES, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { versionFrom } from '../common/if-match.js';
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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFundingStreamDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.funding.createStream(actor, dto, idempotent);
  }

  @Patch(':id')
  @Roles(Role.Commissioner)
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateFundingStreamDto, @Headers('if-match') ifMatch?: string) {
    return this.funding.updateStream(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
