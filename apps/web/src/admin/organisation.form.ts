import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OrganisationKind } from '#domain/index.js';

const given = (_: unknown, value: unknown) => typeof value === 'string' && value.trim() !== '';

/** An organisation's identity as the grants table and 360Giving file use it. Blank boxes are "none". */
export class OrganisationForm {
  @IsString({ message: 'admin.organisations.form.name.missing' }) @IsNotEmpty({ message: 'admin.organisations.form.name.missing' }) @MaxLength(300, { message: 'admin.organisations.form.name.long' })
  name: string;

  @IsIn(Object.values(OrganisationKind), { message: 'admin.organisations.form.kind.missing' })
  kind: OrganisationKind;

  @IsOptional() @ValidateIf(given) @Matches(/^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9_.-]{1,80}$/, { message: 'admin.organisations.form.identifier360.format' })
  identifier360?: string;

  @IsOptional() @ValidateIf(given) @Matches(/^[A-Za-z0-9]{1,20}$/, { message: 'admin.organisations.form.charityNumber.format' })
  charityNumber?: string;

  @IsOptional() @ValidateIf(given) @Matches(/^[A-Za-z0-9]{8}$/, { message: 'admin.organisations.form.companyNumber.format' })
  companyNumber?: string;

  @IsOptional() @ValidateIf(given) @Matches(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i, { message: 'admin.organisations.form.postcode.format' })
  postcode?: string;

  @IsOptional() @ValidateIf(given) @Matches(/^[EWSNKLM]\d{8}$/, { message: 'admin.organisations.form.geoCode.format' })
  geoCode?: string;

  @IsOptional() @ValidateIf(given) @IsEmail({}, { message: 'admin.organisations.form.contactEmail.format' }) @MaxLength(320, { message: 'admin.organisations.form.contactEmail.format' })
  contactEmail?: string;

  @IsOptional() @IsString()
  version?: string;
}

/** The form's answers as the domain takes them: blanks become null. */
export function organisationInput(form: OrganisationForm) {
  const blank = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);
  return {
    name: form.name.trim(),
    kind: form.kind,
    identifier360: blank(form.identifier360),
    charityNumber: blank(form.charityNumber),
    companyNumber: blank(form.companyNumber),
    postcode: blank(form.postcode)?.toUpperCase() ?? null,
    geoCode: blank(form.geoCode),
    contactEmail: blank(form.contactEmail)?.toLowerCase() ?? null,
  };
}
