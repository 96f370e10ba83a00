import { ApiProperty } from '@nestjs/swagger';
import type { FundingSourceView } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

/** Money received, with how much of it streams have been given (the domain's FundingSourceView). */
export class FundingSourceResponse implements FundingSourceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'who gave the money (Home Office, Ministry of Justice...)' }) funderOrganisationId: string;
  @ApiProperty({ example: 'Community Safety Fund 2014/15' }) name: string;
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ description: 'integer pence' }) amountPence: number;
  @ApiProperty({ description: 'assigned to streams, integer pence' }) assignedPence: number;
  @ApiProperty({ description: 'amountPence - assignedPence' }) unassignedPence: number;
  @ApiProperty({ description: 'ring-fenced by the funder' }) restricted: boolean;
  @ApiProperty({ type: String, nullable: true }) reportingRequirements: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export const FundingSourcePage = PageOf(FundingSourceResponse);
