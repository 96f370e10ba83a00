import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, Equals, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsPence } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

export class SetScheduleDto {
  @ApiProperty({ enum: ['quarterly', 'half_yearly', 'annual'] }) @IsIn(['quarterly', 'half_yearly', 'annual'])
  frequency: 'quarterly' | 'half_yearly' | 'annual';

  @ApiProperty({ example: 10, description: 'returns are due this many working days after a period ends' }) @IsInt() @Min(0) @Max(60)
  dueWorkingDays: number;

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Matches(/^[0-9a-f-]{36}$/i, { message: 'outcomeFrameworkId must be a UUID' })
  outcomeFrameworkId?: string | null;
}

export class ExtraPeriodDto {
  @ApiProperty({ example: '2026-05-01' }) @IsCalendarDate()
  periodStart: string;

  @ApiProperty({ example: '2026-05-31' }) @IsCalendarDate()
  periodEnd: string;

  @ApiNullable('string', 'date')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate()
  dueDate?: string | null;

  @ApiNullable('integer')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(60)
  dueWorkingDays?: number | null;
}

export class ReturnValueDto {
  @ApiProperty({ example: 'REF' }) @IsString() @Matches(/^[A-Z][A-Z0-9_]{0,19}$/, { message: 'indicatorCode must be an indicator code like REF' })
  indicatorCode: string;

  /** A number for count, percentage and pence indicators, text for text ones; checked against the indicator. */
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }] })
  @ValidateIf((_, v) => typeof v !== 'number') @IsString({ message: 'value must be a number, or text for a text indicator' }) @MaxLength(5000)
  value: number | string;
}

export class SaveDraftDto {
  @ApiProperty({ type: [ReturnValueDto] }) @IsArray() @ArrayMaxSize(200) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => ReturnValueDto)
  values: ReturnValueDto[];

  @ApiNullable('integer')
  @ApiPropertyOptional({ description: 'spend to date, integer pence', nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsPence()
  spendPence?: number | null;

  @ApiNullable('string')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(20000)
  narrative?: string | null;

  @ApiPropertyOptional({ description: 'commissioners entering a return for the partner must set this; it is recorded' }) @IsOptional() @IsBoolean()
  onBehalf?: boolean;
}

export class SubmitReturnDto {
  @ApiProperty({ description: 'the submitter certifies the return is accurate', enum: [true] }) @Equals(true, { message: 'certified must be true: submitting certifies the return' })
  certified: true;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  onBehalf?: boolean;
}

export class ReviewDto {
  @ApiNullable('string')
  @ApiPropertyOptional({ description: 'required to request a revision or reopen' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MinLength(1) @MaxLength(5000)
  comment?: string | null;
}

export class ObligationsQuery {
  @ApiPropertyOptional({ description: 'staff name the organisation; a partner always gets its own' }) @IsOptional() @IsUUID()
  organisationId?: string;
}
