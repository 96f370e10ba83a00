import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { ReportsService, STAFF_ROLES } from '#domain/index.js';
import { Roles } from '../common/access.decorators.js';
import { IsFinancialYear } from '../common/validation.js';

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
}
