import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { OrganisationKind } from '#domain/index.js';
import { PageQuery } from '../common/common.dto.js';
import { ApiNullable } from '../common/openapi.js';

const KINDS = Object.values(OrganisationKind);
const nullable = (_: object, v: unknown) => v !== null;
/** England and Wales (digits, optional -n subsidiary), Scotland (SC...), Northern Ireland (NIC...). */
const CHARITY_NUMBER = /^(?:SC|NIC)?\d{5,8}(?:-\d{1,2})?$/;

/** What identifies and locates an organisation, all optional: the same rules on create and update. */
abstract class OrganisationDetailsDto {
  @ApiNullable('string')
  @ApiPropertyOptional({ example: 'GB-LAE-CHW', description: 'org-id.guide identifier' })
  @IsOptional() @ValidateIf(nullable) @Matches(/^[A-Z]{2}-[A-Z0-9]{2,10}-[A-Za-z0-9_.-]{1,80}$/, { message: 'identifier360 must be an org-id.guide identifier like GB-CHC-1234567' })
  identifier360?: string | null;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf(nullable) @Matches(CHARITY_NUMBER, { message: 'charityNumber must be a charity number like 1234567, 1234567-1, SC012345 or NIC100002' })
  charityNumber?: string | null;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf(nullable) @Matches(/^[0-9A-Z]{8}$/, { message: 'companyNumber must be 8 digits or capitals (e.g. 01234567, SC123456)' })
  companyNumber?: string | null;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf(nullable) @Matches(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i, { message: 'postcode must be a UK postcode' })
  postcode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'E06000050', description: "ONS GSS code of the organisation's area; councils with a GB-LAE or GB-PLA identifier need none" })
  @IsOptional() @ValidateIf(nullable) @Matches(/^[EWSNKLM]\d{8}$/, { message: 'geoCode must be an ONS GSS code like E06000050 (a capital letter and eight digits)' })
  geoCode?: string | null;

  @ApiNullable('string', 'email')
  @ApiPropertyOptional() @IsOptional() @ValidateIf(nullable) @IsEmail({}, { message: 'contactEmail must be an email address' }) @MaxLength(320)
  contactEmail?: string | null;
}

export class CreateOrganisationDto extends OrganisationDetailsDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300)
  name: string;

  @ApiProperty({ enum: KINDS }) @IsIn(KINDS)
  kind: OrganisationKind;
}

export class UpdateOrganisationDto extends OrganisationDetailsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'the version you read; a stale one is 409 STALE_VERSION' }) @IsOptional() @IsInt()
  version?: number;
}

export class OrganisationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'name contains' }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;
}
