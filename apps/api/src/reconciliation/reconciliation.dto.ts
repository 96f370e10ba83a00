import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { DISCREPANCY_CODES, DiscrepancySeverity, RUN_STATUSES, type DiscrepancyCode, type RunStatus } from '#domain/index.js';
import { PageQuery } from '../common/common.dto.js';
import { IsFinancialYear } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

export class RequestReconciliationRunDto {
  @ApiProperty({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ description: 'one stream of that year; the whole year when absent', nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('all', { message: 'fundingStreamId must be a UUID' })
  fundingStreamId?: string | null;
}

export class ReconciliationRunListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'fundingStreamId must be a UUID' })
  fundingStreamId?: string;

  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES)
  status?: RunStatus;
}

/** A page of a run's discrepancies (errors first), optionally one code, one severity or only the new ones. */
export class ReconciliationRunQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DISCREPANCY_CODES }) @IsOptional() @IsIn(DISCREPANCY_CODES)
  code?: DiscrepancyCode;

  @ApiPropertyOptional({ enum: Object.values(DiscrepancySeverity) }) @IsOptional() @IsIn(Object.values(DiscrepancySeverity))
  severity?: DiscrepancySeverity;

  @ApiPropertyOptional({ description: 'true: only what the previous succeeded run of the scope did not find' })
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsIn([true, false], { message: 'onlyNew must be true or false' })
  onlyNew?: boolean;
}
