import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DateInput, MoneyInput } from '../common/form-inputs.js';
import { MAX_INSTALMENTS } from './instalments.js';

/**
 * The hidden key a payments form carries so that sending it twice (a double click, back and send
 * again) changes nothing the second time; the domain keeps what the first send did under it.
 */
// Listed in the order stacked decorators run (bottom up), so a bad key fails with the same first message as before.
const FormIdempotencyKey = () => applyDecorators(MaxLength(64), IsString(), IsOptional());

/**
 * What both steps of the schedule generator ask for: how much, in how many instalments. Each step
 * extends it, so the two can never check the amount or the count differently.
 */
abstract class InstalmentPlanFields {
  @MoneyInput('payments.schedule.amount')
  amount: number;

  @Type(() => Number)
  @IsInt({ message: 'payments.schedule.count.invalid' })
  @Min(1, { message: 'payments.schedule.count.invalid' })
  @Max(MAX_INSTALMENTS, { message: 'payments.schedule.count.invalid' })
  count: number;
}

/** Step 1 of the schedule generator: how much, in how many instalments, from when. */
export class ScheduleForm extends InstalmentPlanFields {
  @DateInput('payments.schedule.firstDate')
  firstDate: string;
}

/** Step 2: the same plus the dates chosen per instalment (read by readInstalmentDates) and the form's key. */
export class SaveScheduleForm extends InstalmentPlanFields {
  @FormIdempotencyKey()
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

  @FormIdempotencyKey()
  idempotencyKey?: string;
}

export class MarkPaidForm {
  @DateInput('payments.markPaid.paidDate')
  paidDate: string;

  @IsString({ message: 'payments.markPaid.reference.missing' })
  @IsNotEmpty({ message: 'payments.markPaid.reference.missing' })
  @MaxLength(200, { message: 'payments.markPaid.reference.tooLong' })
  reference: string;

  @FormIdempotencyKey()
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

  @FormIdempotencyKey()
  idempotencyKey?: string;
}
