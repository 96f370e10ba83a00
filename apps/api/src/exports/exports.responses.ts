import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Giving360QualityCode, type Giving360Grant, type Giving360Organization, type Giving360Package, type Giving360QualityReport, type Giving360QualityWarning } from '#domain/index.js';

/** 360Giving Data Standard 1.4 shapes (its field names, American spelling included). */

export class Giving360OrganizationResponse implements Giving360Organization {
  @ApiProperty({ example: 'GB-LAE-WRT' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() charityNumber?: string;
  @ApiPropertyOptional() companyNumber?: string;
  @ApiPropertyOptional() postalCode?: string;
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
  @ApiProperty({ format: 'date-time' }) dateModified: string;
}

/** A 360Giving package, valid against the 1.4.3 package schema. */
export class Giving360PackageResponse implements Giving360Package {
  @ApiProperty({ type: [Giving360GrantResponse] }) grants: Giving360GrantResponse[];
}

export class Giving360QualityWarningResponse implements Giving360QualityWarning {
  @ApiProperty({ enum: Object.values(Giving360QualityCode) }) code: Giving360QualityCode;
  @ApiProperty({ example: 'grants/8/recipientOrganization/0/id', description: 'where in the package; `grants` for the whole package' }) path: string;
  @ApiProperty({ type: String, nullable: true, description: 'the grant concerned; null for a package-wide warning' }) grantId: string | null;
  @ApiProperty() message: string;
}

export class Giving360QualityResponse implements Giving360QualityReport {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty() grantCount: number;
  @ApiProperty({ type: [Giving360QualityWarningResponse] }) warnings: Giving360QualityWarningResponse[];
}
