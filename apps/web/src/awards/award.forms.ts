import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DateInput, MoneyInput } from '../common/form-inputs.js';

/**
 * The awards area's forms. Messages are catalogue keys (awards.json, `awards.form.*`); money and
 * dates are typed as people write them (FormPipe). `next=check` sends a changed answer back to
 * "check your answers".
 */
class QuestionForm {
  @IsOptional() @IsIn(['check'])
  next?: 'check';
}

export class StreamQuestion extends QuestionForm {
  @IsUUID('all', { message: 'awards.form.stream.missing' })
  stream: string;
}

export class RecipientQuestion extends QuestionForm {
  @IsUUID('all', { message: 'awards.form.recipient.missing' })
  recipient: string;
}

export class DetailsQuestion extends QuestionForm {
  @IsString({ message: 'awards.form.title.missing' }) @Matches(/\S/, { message: 'awards.form.title.missing' }) @MaxLength(300, { message: 'awards.form.title.long' })
  title: string;

  @IsString({ message: 'awards.form.grantType.missing' }) @Matches(/\S/, { message: 'awards.form.grantType.missing' }) @MaxLength(200, { message: 'awards.form.grantType.long' })
  grantType: string;

  @IsOptional() @IsString() @MaxLength(4000, { message: 'awards.form.description.long' })
  description?: string;
}

export class AmountQuestion extends QuestionForm {
  @MoneyInput('awards.form.amount')
  amount: number;
}

export class DatesQuestion extends QuestionForm {
  @DateInput('awards.form.startDate')
  startDate: string;

  @DateInput('awards.form.endDate')
  endDate: string;
}

/** Approve: the decision's reference (optional) and date. */
export class DecisionForm {
  @IsOptional() @IsString() @MaxLength(200, { message: 'awards.form.decisionReference.long' })
  decisionReference?: string;

  @DateInput('awards.form.decisionDate')
  decisionDate: string;
}

export class AgreementForm {
  @DateInput('awards.form.agreementSignedOn')
  agreementSignedOn: string;
}

/** Suspend, resume, close, cancel: why. */
export class StatusChangeForm {
  @IsString({ message: 'awards.form.reason.missing' }) @Matches(/\S/, { message: 'awards.form.reason.missing' }) @MaxLength(2000, { message: 'awards.form.reason.long' })
  reason: string;
}

export class VariationForm {
  @MoneyInput('awards.form.newAmount')
  newAmount: number;

  @IsString({ message: 'awards.form.reason.missing' }) @Matches(/\S/, { message: 'awards.form.reason.missing' }) @MaxLength(2000, { message: 'awards.form.reason.long' })
  reason: string;
}

/** Changing an award's details; `version` is the one the page showed (STALE_VERSION otherwise). */
export class EditAwardForm extends DetailsQuestion {
  @DateInput('awards.form.startDate')
  startDate: string;

  @DateInput('awards.form.endDate')
  endDate: string;

  @MoneyInput('awards.form.amount', { optional: true })
  amount: number | null;

  @IsString() @IsNotEmpty() @Matches(/^\d{1,9}$/)
  version: string;
}
