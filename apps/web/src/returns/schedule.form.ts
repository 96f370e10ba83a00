import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { DateInput } from '../common/form-inputs.js';

export const FREQUENCIES = ['quarterly', 'half_yearly', 'annual'] as const;

/** How often an award reports and how many working days after a period ends its return is due. */
export class ScheduleForm {
  @IsIn(FREQUENCIES, { message: 'reporting.form.frequency.missing' })
  frequency: (typeof FREQUENCIES)[number];

  @Type(() => Number)
  @IsInt({ message: 'reporting.form.dueWorkingDays.format' })
  @Min(0, { message: 'reporting.form.dueWorkingDays.range' })
  @Max(60, { message: 'reporting.form.dueWorkingDays.range' })
  dueWorkingDays: number;
}

/** An extra (one-off) period: its dates; the due date follows the schedule's working days. */
export class ExtraPeriodForm {
  @DateInput('reporting.form.periodStart')
  periodStart: string;

  @DateInput('reporting.form.periodEnd')
  periodEnd: string;
}
