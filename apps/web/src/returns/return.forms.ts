import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MoneyInput } from '../common/form-inputs.js';

/** Every page of the return has two buttons: save and go on, or save as a draft and stop. */
const ACTIONS = ['continue', 'draft'];

/** Spend in the period, in pounds. */
export class SpendForm {
  @MoneyInput('returns.spend.amount')
  spend: number;

  @IsOptional() @IsIn(ACTIONS)
  action?: string;
}

/** What happened in the period, in the partner's words (the API allows 20,000 characters). */
export class NarrativeForm {
  @IsString({ message: 'returns.narrative.missing' })
  @IsNotEmpty({ message: 'returns.narrative.missing' })
  @MaxLength(20000, { message: 'returns.narrative.tooLong' })
  narrative: string;

  @IsOptional() @IsIn(ACTIONS)
  action?: string;
}

/** The declaration on "check your answers": submitting certifies the return. */
export class DeclarationForm {
  @IsIn(['yes'], { message: 'returns.check.certified.missing' })
  certified: string;
}
