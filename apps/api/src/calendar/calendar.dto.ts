import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, registerDecorator, type ValidationOptions } from 'class-validator';
import { IsCalendarDate } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

/**
 * Query strings are the one place numbers are parsed, and strictly: only `-?digits` becomes a
 * number, so `1.5`, `abc`, `1e2`, `0x10` and an empty value stay strings and fail @IsInt.
 */
const wholeNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : value);

/** The years the calendar answers for (CalendarService.CALENDAR_YEARS). */
const InCalendarYears = (options?: ValidationOptions) => Matches(/^(19|2\d)\d\d-/, { message: ({ property }) => `${property} must be between 1900-01-01 and 2999-12-31`, ...options });

/** Refuses the property when `other` is also given. */
function AbsentWith(other: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'absentWith',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} cannot be combined with ${other}: give either ${other} or from and to` },
      validator: { validate: (_: unknown, args) => (args?.object as Record<string, unknown>)[other] === undefined },
    });
}

export class WorkingDaysQuery {
  @ApiProperty({ example: '2026-03-31', description: 'the date counted from (not itself counted)' })
  @IsCalendarDate() @InCalendarYears()
  from: string;

  @ApiProperty({ example: 5, minimum: -1000, maximum: 1000, description: 'working days to add; negative goes back; 0 gives from if a working day, else the next one' })
  @Transform(wholeNumber) @IsInt({ message: 'add must be a whole number of working days' }) @Min(-1000) @Max(1000)
  add: number;
}

export class WorkingDaysResponse {
  @ApiProperty({ example: '2026-04-09' })
  date: string;
}

export class IsWorkingDayQuery {
  @ApiProperty({ example: '2026-04-03' }) @IsCalendarDate() @InCalendarYears()
  date: string;
}

export class IsWorkingDayResponse {
  @ApiProperty({ example: '2026-04-03' })
  date: string;

  @ApiProperty({ example: false })
  workingDay: boolean;
}

export class BankHolidaysQuery {
  @ApiPropertyOptional({ example: 2026, description: 'a calendar year; or give from and to instead' })
  @ValidateIf((o: BankHolidaysQuery) => o.year !== undefined || (o.from === undefined && o.to === undefined))
  @Transform(wholeNumber) @IsInt({ message: 'year must be a whole year like 2026 (or give from and to)' }) @Min(1900) @Max(2999)
  year?: number;

  @ApiPropertyOptional({ example: '2026-04-01' })
  @ValidateIf((o: BankHolidaysQuery) => o.year === undefined || o.from !== undefined)
  @AbsentWith('year') @IsCalendarDate() @InCalendarYears()
  from?: string;

  @ApiPropertyOptional({ example: '2027-03-31' })
  @ValidateIf((o: BankHolidaysQuery) => o.year === undefined || o.to !== undefined)
  @AbsentWith('year') @IsCalendarDate() @InCalendarYears()
  to?: string;
}

export class BankHolidayResponse {
  @ApiProperty({ example: '2026-04-03' })
  date: string;

  @ApiProperty({ example: 'Good Friday' })
  name: string;

  @ApiProperty({ enum: ['library', 'override'], description: 'computed by the date-holidays library, or added by an admin' })
  source: 'library' | 'override';
}

export class CreateBankHolidayOverrideDto {
  @ApiProperty({ example: '2026-04-08' }) @IsCalendarDate() @InCalendarYears()
  date: string;

  @ApiProperty({ example: 'One-off bank holiday' }) @IsString() @MinLength(1) @MaxLength(200) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ enum: ['add', 'remove'], default: 'add', description: 'add a holiday the library lacks, or remove one it has that was moved or cancelled' })
  @IsOptional() @IsIn(['add', 'remove'])
  kind?: 'add' | 'remove';

  @ApiNullable('string')
  @ApiPropertyOptional({ example: 'Announced by proclamation on ...' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  note?: string | null;
}

export class BankHolidayOverrideResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-04-08' }) date: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['add', 'remove'] }) kind: 'add' | 'remove';
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) createdByUserId: string | null;
  @ApiProperty({ example: '2026-03-01T10:00:00.000Z' }) createdAt: string;
}
