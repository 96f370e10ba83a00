import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ConditionCategory } from '#domain/index.js';
import { DateInput } from '../common/form-inputs.js';

const blankIsNull = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? null : value));
const trimmed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
const yesNo = () => Transform(({ value }: { value: unknown }) => (value === 'yes' ? true : value === 'no' ? false : value));
const free = (form: ConditionForm) => !form.template;

/** A condition for an award: from one of its stream's templates, or written here. */
export class ConditionForm {
  @blankIsNull() @IsOptional() @IsUUID('all', { message: 'conditions.form.template.missing' })
  template: string | null;

  @ValidateIf(free) @trimmed() @IsString({ message: 'funding.templateForm.title.missing' }) @IsNotEmpty({ message: 'funding.templateForm.title.missing' }) @MaxLength(300, { message: 'funding.templateForm.title.tooLong' })
  title: string;

  @blankIsNull() @IsOptional() @IsString() @MaxLength(4000, { message: 'funding.templateForm.description.tooLong' })
  description: string | null;

  @ValidateIf(free) @IsIn(Object.values(ConditionCategory), { message: 'funding.templateForm.category.missing' })
  category: ConditionCategory;

  @ValidateIf(free) @yesNo() @IsIn([true, false], { message: 'funding.templateForm.holdsPayments.missing' })
  holdsPayments: boolean;

  @DateInput('conditions.form.dueDate', { optional: true })
  dueDate: string | null;
}

/** Met (the evidence), waived (the reason) or breached (the explanation). */
export class ResolveConditionForm {
  @trimmed() @IsString({ message: 'conditions.resolve.note.missing' }) @IsNotEmpty({ message: 'conditions.resolve.note.missing' }) @MaxLength(4000, { message: 'conditions.resolve.note.tooLong' })
  note: string;
}
