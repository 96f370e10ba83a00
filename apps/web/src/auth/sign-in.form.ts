import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The sign-in form. Messages are catalogue keys (FormPipe, form-errors.ts). */
export class SignInForm {
  @IsString({ message: 'signIn.errors.emailMissing' })
  @IsNotEmpty({ message: 'signIn.errors.emailMissing' })
  @MaxLength(320, { message: 'signIn.errors.incorrect' })
  email: string;

  @IsString({ message: 'signIn.errors.passwordMissing' })
  @IsNotEmpty({ message: 'signIn.errors.passwordMissing' })
  @MaxLength(200, { message: 'signIn.errors.incorrect' })
  password: string;

  /** Where to go next; checked by safeReturnTo, never trusted. */
  @IsOptional() @IsString() @MaxLength(2000)
  returnTo?: string;
}
