import { ApiProperty } from '@nestjs/swagger';
import { OrganisationKind, type Organisation } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

export class OrganisationResponse implements Organisation {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Warrington Borough Council' }) name: string;
  @ApiProperty({ enum: Object.values(OrganisationKind) }) kind: OrganisationKind;
  @ApiProperty({ type: String, nullable: true, example: 'GB-LAE-WRT', description: 'its 360Giving org-id' }) identifier360: string | null;
  @ApiProperty({ type: String, nullable: true }) charityNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) companyNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) postcode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E06000007', description: "ONS GSS code of the organisation's area" }) geoCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'email' }) contactEmail: string | null;
  @ApiProperty({ description: 'send it back as `version` or `If-Match` when changing the organisation' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const OrganisationPage = PageOf(OrganisationResponse);
