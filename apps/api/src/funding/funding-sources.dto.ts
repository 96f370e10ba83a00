import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../common/common.dto.js';
import { IsFinancialYear, IsPence } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

export class CreateFundingSourceDto {
  @ApiProperty() @IsUUID()
  funderOrganisationId: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300)
  name: string;

  @ApiProperty({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiProperty({ description: 'integer pence' }) @IsPence()
  amountPence: number;

  @ApiProperty() @IsBoolean()
  restricted: boolean;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  reportingRequirements?: string | null;
}

export class FundingSourceListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  funderOrganisationId?: string;
}
