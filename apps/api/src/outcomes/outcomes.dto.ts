import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, registerDecorator, type ValidationOptions, ValidateIf, ValidateNested } from 'class-validator';
import { INDICATOR_CODE_PATTERN, IndicatorAggregation, IndicatorDirection, IndicatorLevel, IndicatorUnit, isPeriodKey } from '#domain/index.js';
import { PageQuery } from '../common/common.dto.js';
import { IsFinancialYear } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

const LEVELS = Object.values(IndicatorLevel);
const UNITS = Object.values(IndicatorUnit);
const DIRECTIONS = Object.values(IndicatorDirection);
const AGGREGATIONS = Object.values(IndicatorAggregation);
const NOT_BLANK = /\S/;
const CODE_MESSAGE = (field: string) => `${field} must be 1-20 capital letters, digits or underscores, starting with a letter (e.g. REF)`;

const UNIT_DOC =
  'count: whole numbers of 0 or more; percentage: 0 to 100, at most 2 decimal places; pence: whole pence, 0 or more; ' +
  'text: a short narrative (takes no targets, aggregates by latest only)';
const PERIOD_KEY_DOC = '2026/27 (the year), 2026/27-Q1..Q4, 2026/27-H1|H2, or 2026/27-X<n> for an extra period; absent or null for the whole award';

/** A period key on a real financial year (`2026/27-Q1`); `2026/28-Q1` is refused. */
function IsPeriodKey(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPeriodKey',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a period of a real financial year: 2026/27, 2026/27-Q1..Q4, 2026/27-H1|H2 or 2026/27-X<n>`, ...options },
      validator: { validate: (v: unknown) => isPeriodKey(v) },
    });
}

/**
 * An indicator. Its code is fixed once created and never reused in the framework; indicators are
 * added, never deleted (targets and monitoring returns refer to them by code).
 */
export class IndicatorDto {
  @ApiProperty({ example: 'REF', pattern: INDICATOR_CODE_PATTERN.source, description: 'unique within the framework; never changes' })
  @IsString() @Matches(INDICATOR_CODE_PATTERN, { message: ({ property }) => CODE_MESSAGE(property) })
  code: string;

  @ApiProperty({ example: 'Referrals received' })
  @IsString() @MinLength(1) @MaxLength(300) @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS)
  level: IndicatorLevel;

  @ApiProperty({ enum: UNITS, description: UNIT_DOC }) @IsIn(UNITS)
  unit: IndicatorUnit;

  @ApiProperty({ enum: DIRECTIONS }) @IsIn(DIRECTIONS)
  direction: IndicatorDirection;

  @ApiProperty({ enum: AGGREGATIONS, description: 'how values over periods make one figure; text indicators take latest only' }) @IsIn(AGGREGATIONS)
  aggregation: IndicatorAggregation;

  @ApiNullable('boolean')
  @ApiPropertyOptional({ nullable: true, description: 'a count about victims (small numbers suppressed in shared outputs); default true for count indicators, only counts may be' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsBoolean()
  isVictimCount?: boolean | null;
}

export class CreateOutcomeFrameworkDto {
  @ApiProperty({ example: "Victims' services outcomes 2026/27" })
  @IsString() @MinLength(1) @MaxLength(300) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiNullable('string')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiNullable('string')
  @ApiPropertyOptional({ example: '2026/27', nullable: true, description: "a year, a stream or an objective (at least one); a stream's framework takes its year" })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsFinancialYear()
  financialYear?: string | null;

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ nullable: true, description: 'awards of other streams cannot use a stream framework' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('all', { message: 'fundingStreamId must be a UUID' })
  fundingStreamId?: string | null;

  @ApiNullable('string', 'uuid')
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID('all', { message: 'planObjectiveId must be a UUID' })
  planObjectiveId?: string | null;

  @ApiProperty({ type: [IndicatorDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => IndicatorDto)
  indicators: IndicatorDto[];
}

export class OutcomeFrameworkListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2026/27' }) @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'fundingStreamId must be a UUID' })
  fundingStreamId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'planObjectiveId must be a UUID' })
  planObjectiveId?: string;
}

export class SetAwardFrameworkDto {
  @ApiProperty({ description: "the framework the award is measured against; refused while the award has targets against another (clear them first)" })
  @IsUUID('all', { message: 'outcomeFrameworkId must be a UUID' })
  outcomeFrameworkId: string;
}

/** One target of PUT /api/awards/:id/targets (the body is a JSON array of these). */
export class TargetDto {
  @ApiProperty({ example: 'REF' })
  @IsString() @Matches(INDICATOR_CODE_PATTERN, { message: ({ property }) => CODE_MESSAGE(property) })
  indicatorCode: string;

  @ApiNullable('string')
  @ApiPropertyOptional({ example: '2026/27-Q1', nullable: true, description: PERIOD_KEY_DOC })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @IsPeriodKey()
  periodKey?: string | null;

  @ApiNullable('number')
  @ApiPropertyOptional({ nullable: true, description: `where the award starts from; fits the indicator's unit (${UNIT_DOC})` })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsNumber({ allowNaN: false, allowInfinity: false })
  baseline?: number | null;

  @ApiProperty({ example: 500, description: "fits the indicator's unit; text indicators take no targets" })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  target: number;
}

/** The targets array, validated as a field so each item's errors are named `targets[i].field`. */
export class TargetListDto {
  @IsArray() @ArrayMaxSize(2000) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => TargetDto)
  targets: TargetDto[];
}
