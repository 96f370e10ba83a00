import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FundingService, Role, STAFF_ROLES, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { CreateFundingSourceDto, FundingSourceListQuery } from './funding-sources.dto.js';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-sources')
export class FundingSourcesController {
  constructor(private readonly funding: FundingService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  async list(@Query() query: FundingSourceListQuery) {
    return page(await this.funding.listSources(query), query);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  get(@Param() { id }: IdParam) {
    return this.funding.getSource(id);
  }

  @Post()
  @Roles(Role.Commissioner, Role.Finance)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFundingSourceDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.funding.createSource(actor, dto, idempotent);
  }
}
