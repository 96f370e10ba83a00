import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Giving360QualityCode, type Giving360CheckKind, type Giving360CheckSummary, type Giving360Grant, type Giving360Location, type Giving360Organization, type Giving360Package, type Giving360QualityReport, type Giving360QualityWarning } from '#domain/index.js';

/** 360Giving Data Standard 1.4 shapes (its field names, American spelling included). */

export class Giving360LocationResponse implements Giving360Location {
  @ApiPropertyOptional({ example: 'Warrington' }) name?: string;
  @ApiPropertyOptional({ example: 'E06000007', description: 'ONS GSS code' }) geoCode?: string;
  @ApiPropertyOptional({ example: 'UA' }) geoCodeType?: string;
  @ApiPropertyOptional({ enum: ['GB'] }) countryCode?: 'GB';
}

export class Giving360OrganizationResponse implements Giving360Organization {
  @ApiProperty({ example: 'GB-LAE-WRT' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() charityNumber?: string;
  @ApiPropertyOptional() companyNumber?: string;
  @ApiPropertyOptional() postalCode?: string;
  @ApiPropertyOptional({ type: [Giving360LocationResponse], description: 'where the organisation is' }) location?: Giving360LocationResponse[];
}

export class Giving360PlannedDatesResponse {
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
}

export class Giving360ProgrammeResponse {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
}

export class Giving360GrantResponse implements Giving360Grant {
  @ApiProperty({ example: '360G-ringfence-CHES-1415-01' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['GBP'] }) currency: 'GBP';
  @ApiProperty({ example: 158100, description: 'pounds, an exact decimal with at most two places (from integer pence)' }) amountAwarded: number;
  @ApiProperty({ format: 'date', description: 'the decision date' }) awardDate: string;
  @ApiProperty({ type: [Giving360PlannedDatesResponse] }) plannedDates: Giving360PlannedDatesResponse[];
  @ApiProperty({ type: [Giving360OrganizationResponse] }) recipientOrganization: Giving360OrganizationResponse[];
  @ApiProperty({ type: [Giving360OrganizationResponse], description: 'exactly one: the commissioning body of the award\'s stream' }) fundingOrganization: Giving360OrganizationResponse[];
  @ApiProperty({ type: [Giving360ProgrammeResponse] }) grantProgramme: Giving360ProgrammeResponse[];
  @ApiPropertyOptional({ type: [Giving360LocationResponse], description: 'the areas the grant serves' }) beneficiaryLocation?: Giving360LocationResponse[];
  @ApiProperty({ format: 'date-time' }) dateModified: string;
  @ApiPropertyOptional({ format: 'uri', description: 'the public URL of the published file (GRANTS_DATA_SOURCE_URL)' }) dataSource?: string;
}

/** A 360Giving package, valid against the 1.4.3 package schema. */
export class Giving360PackageResponse implements Giving360Package {
  @ApiProperty({ type: [Giving360GrantResponse] }) grants: Giving360GrantResponse[];
}

export class Giving360QualityWarningResponse implements Giving360QualityWarning {
  @ApiProperty({ enum: Object.values(Giving360QualityCode) }) code: Giving360QualityCode;
  @ApiProperty({ enum: ['quality', 'usefulness', 'ringfence'], description: "the Data Quality Tool's part: quality (accuracy), usefulness, or a check of Ringfence's own" }) kind: Giving360CheckKind;
  @ApiProperty({ example: 'grants/8/recipientOrganization/0/id', description: 'where in the package; `grants` for the whole package' }) path: string;
  @ApiProperty({ type: String, nullable: true, description: 'the grant concerned; null for a package-wide warning' }) grantId: string | null;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ description: "set when the tool's own advice is that this notice may be ignored here, saying why" }) ignorable?: string;
}

export class Giving360CheckSummaryResponse implements Giving360CheckSummary {
  @ApiProperty({ enum: Object.values(Giving360QualityCode) }) code: Giving360QualityCode;
  @ApiProperty({ enum: ['quality', 'usefulness', 'ringfence'] }) kind: Giving360CheckKind;
  @ApiProperty({ description: 'grants with at least one notice of this check (0 for a package-wide one)' }) grants: number;
  @ApiProperty() notices: number;
  @ApiProperty() ignorable: number;
}

export class Giving360QualityResponse implements Giving360QualityReport {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty() grantCount: number;
  @ApiProperty({ type: [Giving360CheckSummaryResponse], description: "each check that found something, in the tool's order" }) checks: Giving360CheckSummaryResponse[];
  @ApiProperty({ type: [Giving360QualityWarningResponse] }) warnings: Giving360QualityWarningResponse[];
}
