import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DateInput, MoneyInput } from '../common/form-inputs.js';
import { MAX_INSTALMENTS } from './instalments.js';

/** Step 1 of the schedule generator: how much, in how many instalments, from when. */
export class ScheduleForm {
  @MoneyInput('payments.schedule.amount')
  amount: number;

  @Type(() => Number)
  @IsInt({ message: 'payments.schedule.count.invalid' })
  @Min(1, { message: 'payments.schedule.count.invalid' })
  @Max(MAX_INSTALMENTS, { message: 'payments.schedule.count.invalid' })
  count: number;

  @DateInput('payments.schedule.firstDate')
  firstDate: string;
}

/** Step 2: the same plus the dates chosen per instalment (read by readInstalmentDates) and the form's key. */
export class SaveScheduleForm {
  @MoneyInput('payments.schedule.amount')
  amount: number;

  @Type(() => Number)
  @IsInt({ message: 'payments.schedule.count.invalid' })
  @Min(1, { message: 'payments.schedule.count.invalid' })
  @Max(MAX_INSTALMENTS, { message: 'payments.schedule.count.invalid' })
  count: number;

  @IsOptional() @IsString() @MaxLength(64)
  idempotencyKey?: string;
}

export class RecoveryForm {
  @MoneyInput('payments.recovery.amount')
  amount: number;

  @DateInput('payments.recovery.plannedDate')
  plannedDate: string;

  @IsString({ message: 'payments.recovery.note.missing' })
  @IsNotEmpty({ message: 'payments.recovery.note.missing' })
  @MaxLength(2000, { message: 'payments.recovery.note.tooLong' })
  note: string;

  @IsOptional() @IsString() @MaxLength(64)
  idempotencyKey?: string;
}

export class MarkPaidForm {
  @DateInput('payments.markPaid.paidDate')
  paidDate: string;

  @IsString({ message: 'payments.markPaid.reference.missing' })
  @IsNotEmpty({ message: 'payments.markPaid.reference.missing' })
  @MaxLength(200, { message: 'payments.markPaid.reference.tooLong' })
  reference: string;

  @IsOptional() @IsString() @MaxLength(64)
  idempotencyKey?: string;
}

/** The queue's batch: the ticked payments (one ticked box arrives as a string, several as a list). */
export class ApproveForm {
  @Transform(({ value }: { value: unknown }) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  @IsArray({ message: 'payments.approve.none' })
  @ArrayNotEmpty({ message: 'payments.approve.none' })
  @IsUUID('all', { each: true, message: 'payments.approve.none' })
  paymentIds: string[];

  @IsOptional() @IsIn(['to-approve'])
  tab?: string;

  @IsOptional() @IsString() @MaxLength(64)
  idempotencyKey?: string;
}
