import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { financeRows, grantsTableRows, GrantsPublicationService, outcomesRows, ReportsService, returnsStatusRows, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { jsonOrCsv } from '../common/csv-response.js';
import { CurrentActor, OptionalActor, PublicWhenPublished, Roles } from '../common/access.decorators.js';
import { RateLimited } from '../common/rate-limit.guard.js';
import { requireActorOrPublishedYear } from './published-year.js';
import { FinanceReportResponse, GrantsTableResponse, OutcomesReportResponse, ReturnsReportResponse } from './reports.responses.js';
import { ApiErrors, ApiOkJsonOrCsv, ApiOperation } from '../common/openapi.js';
import { FinanceReportQuery, OutcomesReportQuery, GrantsReportQuery, grantsPaging } from './reports.dto.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@RateLimited('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly publications: GrantsPublicationService,
  ) {}

  /** The plan's grants table, JSON or CSV: staff, and anyone without a token once the year is published. */
  @Get('grants')
  @Roles(...STAFF_ROLES)
  @PublicWhenPublished()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getGrantsReport', summary: 'The plan\'s grants table of a year (recipient, purpose, amount, conditions), whole or a page of it (`page`, `pageSize`); without a token only for a published year' })
  @ApiOkJsonOrCsv(GrantsTableResponse, 'the committed awards of the year')
  @ApiErrors(400, { 401: 'No valid token, and the year is not published' }, 429)
  async grants(@OptionalActor() actor: Actor | undefined, @Query() query: GrantsReportQuery, @Res({ passthrough: true }) res: Response) {
    await requireActorOrPublishedYear(this.publications, actor, query.financialYear);
    return jsonOrCsv(res, query.format, `grants-${query.financialYear}`, await this.reports.grantsTable(query.financialYear, grantsPaging(query)), grantsTableRows);
  }

  /** Per stream: budget, committed, paid, recovered, reported spend, remaining. */
  @Get('finance')
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getFinanceReport', summary: 'Per funding stream of a year: budget, committed, paid, recovered, reported spend, remaining' })
  @ApiOkJsonOrCsv(FinanceReportResponse, 'one row per stream, and the totals')
  @ApiErrors(400, 429)
  async finance(@Query() query: FinanceReportQuery, @Res({ passthrough: true }) res: Response) {
    return jsonOrCsv(res, query.format, `finance-${query.financialYear}`, await this.reports.finance(query.financialYear), financeRows);
  }

  /** Returns for a year: counts by status and the overdue list with working days overdue. */
  @Get('returns')
  @Roles(...STAFF_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getReturnsReport', summary: 'Monitoring returns of a year: counts by status and the overdue list with working days overdue' })
  @ApiOkJsonOrCsv(ReturnsReportResponse, 'counts and the overdue returns (the CSV lists the overdue returns)')
  @ApiErrors(400, 429)
  async returns(@Query() query: FinanceReportQuery, @Res({ passthrough: true }) res: Response) {
    return jsonOrCsv(res, query.format, `returns-${query.financialYear}`, await this.reports.returnsStatus(query.financialYear), returnsStatusRows);
  }

  /**
   * Targets against actuals per award, stream, objective and year. Commissioners, finance and
   * admins see actual figures in JSON; viewers, and the CSV whoever downloads it (an export),
   * see small victim counts as `<5` and the figures that would give them away as `[c]`.
   */
  @Get('outcomes')
  @Roles(...STAFF_ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getOutcomesReport', summary: 'Targets against actuals per award, stream, objective and year; small victim counts as <5' })
  @ApiOkJsonOrCsv(OutcomesReportResponse, 'the comparison at each level')
  @ApiErrors(400, 429)
  async outcomes(@CurrentActor() actor: Actor, @Query() query: OutcomesReportQuery, @Res({ passthrough: true }) res: Response) {
    const output = query.format === 'csv' ? 'export' : 'view';
    return jsonOrCsv(res, query.format, `outcomes-${query.financialYear}`, await this.reports.outcomes(actor, query.financialYear, query.fundingStreamId, output), outcomesRows);
  }
}
