import { ApiProperty } from '@nestjs/swagger';
import { FundingStreamPurpose, type FundingStreamView } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

export class StreamSourceResponse {
  @ApiProperty({ format: 'uuid' }) fundingSourceId: string;
  @ApiProperty({ description: 'integer pence assigned from that source' }) amountPence: number;
}

/** A ring-fenced funding stream with its live totals (the domain's FundingStreamView). */
export class FundingStreamResponse implements FundingStreamView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Crime and Disorder Reduction Grants 2014/15' }) name: string;
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ enum: Object.values(FundingStreamPurpose) }) purpose: FundingStreamPurpose;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the commissioning body awarding from it (the 360Giving funder)' }) commissionerOrganisationId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: "receives overdue returns' escalations: an active commissioner" }) leadOfficerUserId: string | null;
  @ApiProperty({ description: 'send it back as `version` or `If-Match` when changing the stream' }) version: number;
  @ApiProperty({ type: [StreamSourceResponse] }) sources: StreamSourceResponse[];
  @ApiProperty({ description: 'the sum of its assignments, integer pence' }) budgetPence: number;
  @ApiProperty({ description: 'approved, active, suspended and closed awards' }) committedPence: number;
  @ApiProperty({ description: 'draft awards (not yet counted against the budget)' }) draftPence: number;
  @ApiProperty({ description: 'paid less recovered' }) paidPence: number;
  @ApiProperty({ description: 'budgetPence - committedPence' }) remainingPence: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export const FundingStreamPage = PageOf(FundingStreamResponse);
