import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReconciliationService, Role, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { IdParam, page } from '../common/common.dto.js';
import { ReconciliationRunListQuery, ReconciliationRunQuery, RequestReconciliationRunDto } from './reconciliation.dto.js';

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
  @ApiAcceptedResponse({ description: '{id, status}: poll GET /api/reconciliation-runs/:id' })
  request(@CurrentActor() actor: Actor, @Body() dto: RequestReconciliationRunDto) {
    return this.reconciliation.request(actor, dto);
  }

  @Get()
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  async list(@Query() query: ReconciliationRunListQuery) {
    return page(await this.reconciliation.list(query), query);
  }

  /** The run with its totals, counts, a page of discrepancies and what it resolved. */
  @Get(':id')
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  get(@Param() { id }: IdParam, @Query() query: ReconciliationRunQuery) {
    return this.reconciliation.get(id, query);
  }
}
