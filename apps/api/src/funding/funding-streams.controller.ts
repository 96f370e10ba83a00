import { Body, Controller, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FundingService, Role, STAFF_ROLES, type Actor, type IdempotentRequest } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { IdempotencyKey } from '../common/idempotency-key.decorator.js';
import { versionFrom } from '../common/if-match.js';
import { CreateFundingStreamDto, FundingStreamListQuery, UpdateFundingStreamDto } from './funding-streams.dto.js';
import { FundingStreamPage, FundingStreamResponse } from './funding-streams.responses.js';
import { ApiCreatedResponse, ApiErrors, ApiHeader, ApiOkResponse, ApiOperation, IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from '../common/openapi.js';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('funding-streams')
export class FundingStreamsController {
  constructor(private readonly funding: FundingService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'listFundingStreams', summary: 'List funding streams with budget, committed, draft, paid and remaining' })
  @ApiOkResponse({ type: FundingStreamPage })
  @ApiErrors(400)
  async list(@Query() query: FundingStreamListQuery) {
    return page(await this.funding.listStreams(query), query);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ operationId: 'getFundingStream', summary: 'Read a funding stream with its totals' })
  @ApiOkResponse({ type: FundingStreamResponse })
  @ApiErrors(400, 404)
  get(@Param() { id }: IdParam) {
    return this.funding.getStream(id);
  }

  @Post()
  @Roles(Role.Commissioner)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ operationId: 'createFundingStream', summary: 'Ring-fence a stream, assigning amounts of funding sources to it (Idempotency-Key replays)' })
  @ApiCreatedResponse({ type: FundingStreamResponse })
  @ApiErrors(400, 404, 'SOURCE_OVERCOMMITTED', 'IDEMPOTENCY_MISMATCH', 'YEAR_CLOSED')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFundingStreamDto, @IdempotencyKey() idempotent?: IdempotentRequest) {
    return this.funding.createStream(actor, dto, idempotent);
  }

  @Patch(':id')
  @Roles(Role.Commissioner)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ operationId: 'updateFundingStream', summary: 'Change a stream or replace its assignments; the budget must still cover what is committed' })
  @ApiOkResponse({ type: FundingStreamResponse })
  @ApiErrors(400, 404, 'STALE_VERSION', 'BUDGET_EXCEEDED', 'SOURCE_OVERCOMMITTED', 'YEAR_CLOSED')
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateFundingStreamDto, @Headers('if-match') ifMatch?: string) {
    return this.funding.updateStream(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
