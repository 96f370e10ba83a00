import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ConditionCategory, ConditionStatus } from '#domain/index.js';
import { IsCalendarDate } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

const CATEGORIES = Object.values(ConditionCategory);
const STATUSES = Object.values(ConditionStatus);
const NOT_BLANK = /\S/;

const CATEGORY_DOC =
  'grant_agreement (sign the agreement), monitoring (returns and data), financial (accounts, spend, underspend), ' +
  'safeguarding (policy, DBS checks), data_protection (data-sharing agreement, UK GDPR), insurance (liability cover), ' +
  'equality (equality and accessibility policy), governance (constitution, board, complaints), publicity (acknowledging the funding), other';

/** What a condition asks, alike on an award's condition and a stream's template of one. */
abstract class ConditionTermsDto {
  @ApiProperty({ example: 'Return the signed grant agreement' })
  @IsString() @MinLength(1) @MaxLength(300) @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiNullable('string')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiProperty({ enum: CATEGORIES, description: CATEGORY_DOC }) @IsIn(CATEGORIES)
  category: ConditionCategory;
}

export class CreateConditionDto extends ConditionTermsDto {

  @ApiProperty({ description: 'while open or once breached, no payment on the award can be approved or paid; breaching it suspends an active award' }) @IsBoolean()
  holdsPayments: boolean;

  @ApiNullable('string', 'date')
  @ApiPropertyOptional({ example: '2026-05-01', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate()
  dueDate?: string | null;
}

/** met: the evidence; waive: the reason; breach: the explanation. */
export class ResolveConditionDto {
  @ApiProperty({ example: 'Signed agreement received 3 April, filed as GA-2026-17' })
  @IsString() @MinLength(1) @MaxLength(5000) @Matches(NOT_BLANK, { message: 'note must not be blank' })
  note: string;
}

export class ConditionListQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES)
  status?: ConditionStatus;
}

export class CreateConditionTemplateDto extends ConditionTermsDto {

  @ApiProperty({ description: 'copies hold payments while open or once breached' }) @IsBoolean()
  holdsPayments: boolean;

  @ApiNullable('integer')
  @ApiPropertyOptional({ nullable: true, minimum: 0, maximum: 3660, description: 'calendar days after the award start; no due date when absent' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(3660)
  dueDaysAfterStart?: number | null;
}
