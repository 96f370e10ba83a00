import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ConditionCategory, FundingStreamPurpose } from '#domain/index.js';
import { MoneyInput } from '../common/form-inputs.js';

const FINANCIAL_YEAR = /^\d{4}\/\d{2}$/;
const trimmed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
const blankIsNull = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? null : value));
const yesNo = () => Transform(({ value }: { value: unknown }) => (value === 'yes' ? true : value === 'no' ? false : value));

/** Money received: `/funding/sources/new`. */
export class FundingSourceForm {
  @IsUUID('all', { message: 'funding.sourceForm.funder.missing' })
  funder: string;

  @trimmed() @IsString({ message: 'funding.sourceForm.name.missing' }) @IsNotEmpty({ message: 'funding.sourceForm.name.missing' }) @MaxLength(300, { message: 'funding.sourceForm.name.tooLong' })
  name: string;

  @trimmed() @Matches(FINANCIAL_YEAR, { message: 'funding.form.financialYear.format' })
  financialYear: string;

  @MoneyInput('funding.sourceForm.amount')
  amount: number;

  @yesNo() @IsIn([true, false], { message: 'funding.sourceForm.restricted.missing' })
  restricted: boolean;

  @blankIsNull() @IsOptional() @IsString() @MaxLength(2000, { message: 'funding.sourceForm.reportingRequirements.tooLong' })
  reportingRequirements: string | null;
}

/** A ring-fenced stream, funded from the start by one source (more through "assign"): `/funding/streams/new`. */
export class FundingStreamForm {
  @trimmed() @IsString({ message: 'funding.streamForm.name.missing' }) @IsNotEmpty({ message: 'funding.streamForm.name.missing' }) @MaxLength(300, { message: 'funding.streamForm.name.tooLong' })
  name: string;

  @trimmed() @Matches(FINANCIAL_YEAR, { message: 'funding.form.financialYear.format' })
  financialYear: string;

  @IsIn(Object.values(FundingStreamPurpose), { message: 'funding.streamForm.purpose.missing' })
  purpose: FundingStreamPurpose;

  @blankIsNull() @IsOptional() @IsUUID('all', { message: 'funding.assignForm.source.missing' })
  source: string | null;

  @MoneyInput('funding.assignForm.amount', { optional: true })
  amount: number | null;
}

/** Renaming a stream or changing its purpose: `/funding/streams/:id/edit`. */
export class FundingStreamEditForm {
  @trimmed() @IsString({ message: 'funding.streamForm.name.missing' }) @IsNotEmpty({ message: 'funding.streamForm.name.missing' }) @MaxLength(300, { message: 'funding.streamForm.name.tooLong' })
  name: string;

  @IsIn(Object.values(FundingStreamPurpose), { message: 'funding.streamForm.purpose.missing' })
  purpose: FundingStreamPurpose;

  @Transform(({ value }: { value: unknown }) => Number(value)) @IsInt({ message: 'funding.form.version' })
  version: number;
}

/** Assigning (or re-assigning) an amount of one source to a stream: `/funding/streams/:id/assign`. */
export class AssignSourceForm {
  @IsUUID('all', { message: 'funding.assignForm.source.missing' })
  source: string;

  @MoneyInput('funding.assignForm.amount')
  amount: number;

  @Transform(({ value }: { value: unknown }) => Number(value)) @IsInt({ message: 'funding.form.version' })
  version: number;
}

/** The stream's lead officer (receives its escalations): `/funding/streams/:id/lead-officer`. */
export class LeadOfficerForm {
  @blankIsNull() @IsOptional() @IsUUID('all', { message: 'funding.leadOfficerForm.leadOfficer.missing' })
  leadOfficer: string | null;

  @Transform(({ value }: { value: unknown }) => Number(value)) @IsInt({ message: 'funding.form.version' })
  version: number;
}

/** A stream's condition template: `/funding/streams/:id/condition-templates/...`. */
export class ConditionTemplateForm {
  @trimmed() @IsString({ message: 'funding.templateForm.title.missing' }) @IsNotEmpty({ message: 'funding.templateForm.title.missing' }) @MaxLength(300, { message: 'funding.templateForm.title.tooLong' })
  title: string;

  @blankIsNull() @IsOptional() @IsString() @MaxLength(4000, { message: 'funding.templateForm.description.tooLong' })
  description: string | null;

  @IsIn(Object.values(ConditionCategory), { message: 'funding.templateForm.category.missing' })
  category: ConditionCategory;

  @yesNo() @IsIn([true, false], { message: 'funding.templateForm.holdsPayments.missing' })
  holdsPayments: boolean;

  @blankIsNull()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value))
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt({ message: 'funding.templateForm.dueDaysAfterStart.format' }) @Min(0, { message: 'funding.templateForm.dueDaysAfterStart.format' }) @Max(3650, { message: 'funding.templateForm.dueDaysAfterStart.format' })
  dueDaysAfterStart: number | null;
}
