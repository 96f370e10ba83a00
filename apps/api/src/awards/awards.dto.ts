import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { AwardStatus, GEO_CODE_TYPES } from '#domain/index.js';
import { PageQuery } from '../common/common.dto.js';
import { IsCalendarDate, IsFinancialYear, IsPence } from '../common/validation.js';
import { ApiNullable } from '../common/openapi.js';

const STATUSES = Object.values(AwardStatus);
// ValidateNested passes a list inside the list ([[]]) without looking at it; the service would then fail with a 500.
const CO_FUNDER_ITEM = 'each of coFunders must be an object {organisationId, amountPence}';
const LOCATION_ITEM = 'each of beneficiaryLocations must be an object {name, geoCode?, geoCodeType?}';

export class CoFunderDto {
  @ApiProperty() @IsUUID()
  organisationId: string;

  @ApiProperty() @IsPence()
  amountPence: number;
}

/** An area the grant serves, exported to 360Giving as beneficiaryLocation. */
export class BeneficiaryLocationDto {
  @ApiProperty({ example: 'Cheshire West and Chester' }) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'E06000050', description: 'ONS GSS code of the area' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @Matches(/^[EWSNKLM]\d{8}$/i, { message: 'geoCode must be an ONS GSS code like E06000050' })
  geoCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'UA', enum: GEO_CODE_TYPES, description: "360Giving's geoCodeType; taken from the geoCode when absent" })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(GEO_CODE_TYPES)
  geoCodeType?: string | null;
}

export class CreateAwardDto {
  @ApiProperty() @IsUUID()
  fundingStreamId: string;

  @ApiProperty() @IsUUID()
  recipientOrganisationId: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'Community Safety Funding' }) @IsString() @MinLength(1) @MaxLength(200)
  grantType: string;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiProperty({ description: 'integer pence' }) @IsPence()
  amountPence: number;

  @ApiProperty({ example: '2014-04-01' }) @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2015-03-31' }) @IsCalendarDate()
  endDate: string;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  objectiveIds?: string[];

  @ApiPropertyOptional({ type: [CoFunderDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true, message: CO_FUNDER_ITEM }) @ValidateNested({ each: true }) @Type(() => CoFunderDto)
  coFunders?: CoFunderDto[];

  @ApiPropertyOptional({ description: 'your own reference; generated when absent' })
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,59}$/, { message: 'reference must be 1-60 letters, digits, / _ . or -' })
  reference?: string;

  @ApiPropertyOptional({ type: [BeneficiaryLocationDto], description: 'the areas the grant serves; PATCH replaces the list' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true, message: LOCATION_ITEM }) @ValidateNested({ each: true }) @Type(() => BeneficiaryLocationDto)
  beneficiaryLocations?: BeneficiaryLocationDto[];
}

export class ApproveAwardDto {
  @ApiNullable('string')
  @ApiPropertyOptional({ example: 'PCC decision 2014/031' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(200)
  decisionReference?: string | null;

  @ApiNullable('string', 'date')
  @ApiPropertyOptional({ example: '2014-03-20', description: 'when the decision was taken; today when absent; not in the future' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate()
  decisionDate?: string | null;
}

export class AwardLineDto {
  @ApiProperty({ example: 'Positive Futures' }) @IsString() @MinLength(1) @MaxLength(300)
  label: string;

  @ApiNullable('integer')
  @ApiPropertyOptional({ nullable: true, description: 'null = "included within" the award' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsPence()
  amountPence?: number | null;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000)
  note?: string | null;
}

export class AwardListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2014/15' }) @IsOptional() @IsFinancialYear()
  financialYear?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  fundingStreamId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  recipientOrganisationId?: string;

  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES)
  status?: AwardStatus;
}

export class ActivateAwardDto {
  @ApiNullable('string', 'date')
  @ApiPropertyOptional({ example: '2014-04-01', description: 'when the grant agreement was signed; today when absent' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsCalendarDate()
  agreementSignedOn?: string | null;
}

export class AwardStatusChangeDto {
  @ApiNullable('string')
  @ApiPropertyOptional({ description: 'why (kept on the award and in the audit trail)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  reason?: string | null;
}

export class VaryAwardDto {
  @ApiProperty({ description: 'the new amount, integer pence' }) @IsPence()
  amountPence: number;

  @ApiProperty({ example: 'Extra referrals after the Q2 review' }) @IsString() @MinLength(3) @MaxLength(2000)
  reason: string;
}

export class UpdateAwardDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  grantType?: string;

  @ApiNullable('string')
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional() @IsOptional() @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({ description: 'drafts only; afterwards use a variation' }) @IsOptional() @IsPence()
  amountPence?: number;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  objectiveIds?: string[];

  @ApiPropertyOptional({ type: [CoFunderDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true, message: CO_FUNDER_ITEM }) @ValidateNested({ each: true }) @Type(() => CoFunderDto)
  coFunders?: CoFunderDto[];

  @ApiPropertyOptional({ type: [BeneficiaryLocationDto], description: 'the areas the grant serves; PATCH replaces the list' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsObject({ each: true, message: LOCATION_ITEM }) @ValidateNested({ each: true }) @Type(() => BeneficiaryLocationDto)
  beneficiaryLocations?: BeneficiaryLocationDto[];

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: "receives this award's escalations instead of the stream's lead officer: an active commissioner's user id, or null" })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  leadOfficerUserId?: string | null;

  @ApiPropertyOptional({ description: 'the version you read; a stale one is 409 STALE_VERSION' }) @IsOptional() @IsInt()
  version?: number;
}
