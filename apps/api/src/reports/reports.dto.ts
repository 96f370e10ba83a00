import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsFinancialYear } from '../common/validation.js';

export class FinanceReportQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class OutcomesReportQuery extends FinanceReportQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  fundingStreamId?: string;
}

export class GrantsReportQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  // Optional paging (the web's pages): without either parameter the whole year, as before; the CSV
  // is always the whole year (the publishing duty), whatever is asked.
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'one page of rows (with the year\'s count and total); default: every row' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, description: 'rows a page when paged (default 50)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}

/** The grants report's paging, if asked for: either parameter pages it (page 1, 50 rows by default). */
export function grantsPaging(query: GrantsReportQuery): { page: number; pageSize: number } | undefined {
  if (query.format === 'csv' || (query.page === undefined && query.pageSize === undefined)) return undefined;
  return { page: query.page ?? 1, pageSize: query.pageSize ?? 50 };
}
