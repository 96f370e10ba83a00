import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FundingService, Role, STAFF_ROLES, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { CreateFundingSourceDto, FundingSourceListQuery } from './funding-sources.dto.js';
import { FundingSourcePage, FundingSourceResponse } from './funding-sources.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiHeader, ApiOkResponse, ApiOperation, IDEMPOTENCY_KEY_HEADER } from '../common/openapi.js';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-sources')
export class FundingSourcesController {
  constructor(private readonly funding: FundingService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listFundingSources', summary: 'List funding sources (money received) with what is assigned of each' })
  @ApiOkResponse({ type: FundingSourcePage })
  @ApiErrors(400)
  async list(@Query() query: FundingSourceListQuery) {
    return page(await this.funding.listSources(query), query);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'getFundingSource', summary: 'Read a funding source' })
  @ApiOkResponse({ type: FundingSourceResponse })
  @ApiErrors(400, 404)
  get(@Param() { id }: IdParam) {
    return this.funding.getSource(id);
  }

  @Post()
  @Roles(Role.Commissioner, Role.Finance)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ operationId: 'createFundingSource', summary: 'Record money received from a funder (Idempotency-Key replays)' })
  @ApiCreatedResponse({ type: FundingSourceResponse })
  @ApiErrors(400, 404, 'IDEMPOTENCY_MISMATCH')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFundingSourceDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.funding.createSource(actor, dto, idempotent);
  }
}
