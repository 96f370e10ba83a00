import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateInput } from '../common/form-inputs.js';

/** A bank holiday announced after the library's release (`add`), or one taken back (`remove`). */
export class BankHolidayForm {
  @DateInput('admin.bankHolidays.form.date')
  date: string;

  @IsString({ message: 'admin.bankHolidays.form.name.missing' }) @IsNotEmpty({ message: 'admin.bankHolidays.form.name.missing' }) @MaxLength(200, { message: 'admin.bankHolidays.form.name.long' })
  name: string;

  @IsIn(['add', 'remove'], { message: 'admin.bankHolidays.form.kind.missing' })
  kind: 'add' | 'remove';

  @IsOptional() @IsString() @MaxLength(1000, { message: 'admin.bankHolidays.form.note.long' })
  note?: string;
}
