import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { ReportsService, Role, STAFF_ROLES } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';
import { IsFinancialYear } from '../common/validation.js';

export class FinanceReportQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class GrantsReportQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The plan's grants table, JSON or CSV. */
  @Get('grants')
  @Roles(...STAFF_ROLES)
  @Header('Cache-Control', 'no-store')
  async grants(@Query() query: GrantsReportQuery, @Res({ passthrough: true }) res: Response) {
    const table = await this.reports.grantsTable(query.financialYear);
    if (query.format !== 'csv') return table;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="grants-${query.financialYear.replace('/', '-')}.csv"`);
    return this.reports.grantsTableCsv(table);
  }

  /** Per stream: budget, committed, paid, recovered, reported spend, remaining. */
  @Get('finance')
  @Roles(Role.Finance, Role.Commissioner, Role.Admin)
  @Header('Cache-Control', 'no-store')
  async finance(@Query() query: FinanceReportQuery, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.finance(query.financialYear);
    if (query.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="finance-${query.financialYear.replace('/', '-')}.csv"`);
    return this.reports.financeCsv(report);
  }
}
