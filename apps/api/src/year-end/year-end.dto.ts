import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { YEAR_END_DECISIONS, type YearEndDecisionKind } from '#domain/index.js';
import { IsPence } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

export class YearEndDecisionDto {
  @ApiProperty({ description: 'an award of this stream with an underspend' }) @IsUUID()
  awardId: string;

  @ApiProperty({ enum: YEAR_END_DECISIONS, description: 'recover: schedule a recovery; carry_forward: into a stream of the next year (the funding sources must allow it); write_off: with a reason' })
  @IsIn(YEAR_END_DECISIONS)
  decision: YearEndDecisionKind;

  @ApiPropertyOptional({ description: 'integer pence above 0; defaults to the whole underspend. Split decisions on one award give each amount, summing to the underspend.' })
  @IsOptional() @IsPence() @Min(1, { message: 'amountPence must be more than 0' })
  amountPence?: number;

  @ApiNullable('string')
  @ApiPropertyOptional({ description: 'required for write_off', nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  reason?: string | null;

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ description: 'carry_forward only: a funding stream of the next financial year', nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  targetFundingStreamId?: string | null;
}

export class CloseYearDto {
  @ApiProperty({ type: [YearEndDecisionDto], description: 'every award with an underspend needs a decision' })
  @IsArray() @ArrayMaxSize(2000) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => YearEndDecisionDto)
  decisions: YearEndDecisionDto[];
}

export class CarryForwardPermissionDto {
  @ApiProperty({ description: "whether the funder allows an underspend of this money to be carried into the next financial year" }) @IsBoolean()
  allowed: boolean;

  @ApiNullable('string')
  @ApiPropertyOptional({ description: "the funder's letter or reference, kept in the audit trail", nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  note?: string | null;
}
