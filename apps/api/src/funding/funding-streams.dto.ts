import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { FundingStreamPurpose } from '#domain/index.js';
import { PageQuery } from '../common/common.dto.js';
import { IsFinancialYear, IsPence } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

const PURPOSES = Object.values(FundingStreamPurpose);

export class SourceAssignmentDto {
  @ApiProperty() @IsUUID()
  fundingSourceId: string;

  @ApiProperty({ description: 'integer pence of the source assigned to this stream' }) @IsPence()
  amountPence: number;
}

export class CreateFundingStreamDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300)
  name: string;

  @ApiProperty({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;

  @ApiProperty({ enum: PURPOSES }) @IsIn(PURPOSES)
  purpose: FundingStreamPurpose;

  @ApiProperty({ type: [SourceAssignmentDto] })
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => SourceAssignmentDto)
  sources: SourceAssignmentDto[];

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ description: 'the commissioning body (PCC or council) awarding from this stream; the 360Giving funder' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  commissionerOrganisationId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: "receives the escalations of the stream's awards (overdue returns): an active commissioner's user id, or null" })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  leadOfficerUserId?: string | null;
}

export class UpdateFundingStreamDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ enum: PURPOSES }) @IsOptional() @IsIn(PURPOSES)
  purpose?: FundingStreamPurpose;

  @ApiPropertyOptional({ type: [SourceAssignmentDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => SourceAssignmentDto)
  sources?: SourceAssignmentDto[];

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  commissionerOrganisationId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: "receives the escalations of the stream's awards (overdue returns): an active commissioner's user id, or null" })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  leadOfficerUserId?: string | null;

  @ApiPropertyOptional({ description: 'the version you read; a stale one is 409 STALE_VERSION' }) @IsOptional() @IsInt()
  version?: number;
}

export class FundingStreamListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional({ enum: PURPOSES }) @IsOptional() @IsIn(PURPOSES)
  purpose?: FundingStreamPurpose;
}
