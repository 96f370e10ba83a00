import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReconciliationService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { ReconciliationRunListQuery, ReconciliationRunQuery, RequestReconciliationRunDto } from './reconciliation.dto.js';
import { ReconciliationRunDetailResponse, ReconciliationRunPage, RunRequestedResponse } from './reconciliation.responses.js';
import { ApiErrors, ApiOkResponse, ApiOperation } from '../common/openapi.js';

/**
 * Reconciliation runs: `POST /api/reconciliation-runs` queues one (202, the run to poll; the same
 * run while one of that scope is queued or running), the worker executes it.
 */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('reconciliation-runs')
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post()
  @Roles(Role.Finance)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ operationId: 'requestReconciliationRun', summary: 'Queue a reconciliation of a year or one stream of it (the same run while one of that scope is queued or running)' })
  @ApiAcceptedResponse({ type: RunRequestedResponse, description: 'poll GET /api/reconciliation-runs/{id}' })
  @ApiErrors(400, 404)
  request(@CurrentActor() actor: Actor, @Body() dto: RequestReconciliationRunDto) {
    return this.reconciliation.request(actor, dto);
  }

  @Get()
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  @ApiOperation({ operationId: 'listReconciliationRuns', summary: 'List reconciliation runs, newest first' })
  @ApiOkResponse({ type: ReconciliationRunPage })
  @ApiErrors(400)
  async list(@Query() query: ReconciliationRunListQuery) {
    return page(await this.reconciliation.list(query), query);
  }

  /** The run with its totals, counts, a page of discrepancies and what it resolved. */
  @Get(':id')
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  @ApiOperation({ operationId: 'getReconciliationRun', summary: 'A run with its totals, counts, a page of discrepancies and what it resolved' })
  @ApiOkResponse({ type: ReconciliationRunDetailResponse })
  @ApiErrors(400, 404)
  get(@Param() { id }: IdParam, @Query() query: ReconciliationRunQuery) {
    return this.reconciliation.get(id, query);
  }
}
