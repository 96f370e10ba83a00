import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
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
}
