import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ALL_ROLES, Role } from '#domain/index.js';

/** Inviting a person: who they are and what they may do; they choose their own password. */
export class InviteForm {
  @IsString({ message: 'admin.users.form.name.missing' }) @IsNotEmpty({ message: 'admin.users.form.name.missing' }) @MaxLength(200, { message: 'admin.users.form.name.long' })
  name: string;

  @IsEmail({}, { message: 'admin.users.form.email.format' }) @MaxLength(320, { message: 'admin.users.form.email.format' })
  email: string;

  @IsIn(ALL_ROLES, { message: 'admin.users.form.role.missing' })
  role: Role;

  /** Only for partners: their organisation. */
  @ValidateIf((f: InviteForm) => f.role === Role.Partner)
  @IsUUID('all', { message: 'admin.users.form.organisationId.missing' })
  @IsOptional()
  organisationId?: string;
}

/** An admin changes a user's role, organisation or whether they may sign in. */
export class UserEditForm {
  @IsIn(ALL_ROLES, { message: 'admin.users.form.role.missing' })
  role: Role;

  @ValidateIf((f: UserEditForm) => f.role === Role.Partner)
  @IsUUID('all', { message: 'admin.users.form.organisationId.missing' })
  @IsOptional()
  organisationId?: string;

  @IsIn(['yes', 'no'], { message: 'admin.users.form.disabled.missing' })
  disabled: 'yes' | 'no';

  @IsOptional() @IsString()
  version?: string;
}

/** The invited person's new password, typed twice. */
export class SetPasswordForm {
  @IsString({ message: 'setPassword.errors.passwordMissing' }) @IsNotEmpty({ message: 'setPassword.errors.passwordMissing' }) @MaxLength(200, { message: 'setPassword.errors.passwordLong' })
  password: string;

  @IsString({ message: 'setPassword.errors.confirmMissing' }) @IsNotEmpty({ message: 'setPassword.errors.confirmMissing' })
  confirm: string;
}
