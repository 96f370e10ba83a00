import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsPence } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

export class CreatePaymentDto {
  @ApiProperty({ description: 'integer pence, more than 0; a recovery is shown as a negative line' }) @IsPence()
  amountPence: number;

  @ApiProperty({ example: '2026-07-01' }) @IsCalendarDate()
  plannedDate: string;

  @ApiProperty({ enum: ['payment', 'recovery'] }) @IsIn(['payment', 'recovery'])
  kind: 'payment' | 'recovery';

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  note?: string | null;
}

export class MarkPaidDto {
  @ApiProperty({ example: '2026-07-03' }) @IsCalendarDate()
  paidDate: string;

  @ApiProperty({ example: 'BACS 448812' }) @IsString() @MinLength(1) @MaxLength(200)
  reference: string;
}

/** Approve and cancel take an optional note, kept in the audit trail. */
export class PaymentNoteDto {
  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  note?: string | null;
}
