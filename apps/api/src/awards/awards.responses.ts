import { ApiProperty } from '@nestjs/swagger';
import { AwardStatus, type AwardVariationView, type AwardView } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

/** What the awards routes answer (the domain's AwardView and AwardVariationView). */

export class CoFunderResponse {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ description: 'integer pence' }) amountPence: number;
}

export class AwardLineResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Positive Futures' }) label: string;
  @ApiProperty({ type: Number, nullable: true, description: 'integer pence; null = "included within" the award' }) amountPence: number | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class BeneficiaryLocationResponse {
  @ApiProperty({ example: 'Warrington' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'E06000007', description: 'ONS GSS code' }) geoCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'UA', description: "360Giving's geoCodeType" }) geoCodeType: string | null;
}

export class AwardResponse implements AwardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CHES-1415-01' }) reference: string;
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty({ example: '2014/15', description: 'the funding stream\'s' }) financialYear: string;
  @ApiProperty({ format: 'uuid' }) recipientOrganisationId: string;
  @ApiProperty({ example: 'Warrington Borough Council' }) recipientName: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'Community Safety Funding' }) grantType: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ description: 'integer pence', example: 15810000 }) amountPence: number;
  @ApiProperty({ format: 'date', example: '2014-04-01' }) startDate: string;
  @ApiProperty({ format: 'date', example: '2015-03-31' }) endDate: string;
  @ApiProperty({ enum: Object.values(AwardStatus) }) status: AwardStatus;
  @ApiProperty({ type: String, nullable: true }) decisionReference: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) approvedByUserId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) approvedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) decisionDate: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) activatedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) agreementSignedOn: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it was last suspended, resumed, closed or cancelled' }) statusReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdByUserId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: "receives this award's escalations instead of the stream's lead officer" }) leadOfficerUserId: string | null;
  @ApiProperty({ description: 'send it back as `version` or `If-Match` when changing the award' }) version: number;
  @ApiProperty({ type: [String], format: 'uuid' }) objectiveIds: string[];
  @ApiProperty({ type: [CoFunderResponse] }) coFunders: CoFunderResponse[];
  @ApiProperty({ type: [AwardLineResponse] }) lines: AwardLineResponse[];
  @ApiProperty({ type: [BeneficiaryLocationResponse], description: 'the areas the grant serves (360Giving beneficiaryLocation)' }) beneficiaryLocations: BeneficiaryLocationResponse[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const AwardPage = PageOf(AwardResponse);

export class AwardVariationResponse implements AwardVariationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ description: 'integer pence' }) previousAmountPence: number;
  @ApiProperty({ description: 'integer pence' }) newAmountPence: number;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
