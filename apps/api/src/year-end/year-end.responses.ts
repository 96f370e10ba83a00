import { ApiProperty } from '@nestjs/swagger';
import type {
  CarryForwardPermissionView,
  YearEndAwardView,
  YearEndCarryForwardView,
  YearEndCloseView,
  YearEndDecisionKind,
  YearEndDecisionView,
  YearEndPreview,
} from '#domain/index.js';

export class CarryForwardPermissionResponse implements CarryForwardPermissionView {
  @ApiProperty({ format: 'uuid' }) fundingSourceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2026/27' }) financialYear: string;
  @ApiProperty({ description: 'the funder allows an underspend to be carried into the next year' }) carryForwardAllowed: boolean;
}

export class YearEndDecisionResponse implements YearEndDecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ enum: ['recover', 'carry_forward', 'write_off'] }) decision: YearEndDecisionKind;
  @ApiProperty({ description: 'integer pence decided' }) amountPence: number;
  @ApiProperty({ description: 'the award\'s underspend when decided' }) underspendPence: number;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'recover: the recovery payment it scheduled' }) recoveryPaymentId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'carry_forward: the next year\'s stream' }) targetFundingStreamId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class YearEndCarryForwardResponse implements YearEndCarryForwardView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) yearEndDecisionId: string;
  @ApiProperty({ format: 'uuid' }) fromAwardId: string;
  @ApiProperty({ format: 'uuid' }) fromFundingStreamId: string;
  @ApiProperty({ format: 'uuid' }) toFundingStreamId: string;
  @ApiProperty({ format: 'uuid', description: 'the new funding source of the next year that holds the money' }) fundingSourceId: string;
  @ApiProperty() amountPence: number;
}

/** A closed year of a stream, without its decisions (the preview lists them per award). */
export class YearEndCloseSummaryResponse implements Omit<YearEndCloseView, 'decisions'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty({ example: '2024/25' }) financialYear: string;
  @ApiProperty({ format: 'uuid' }) closedByUserId: string;
  @ApiProperty({ type: String, format: 'date-time' }) closedAt: Date;
  @ApiProperty({ type: [YearEndCarryForwardResponse] }) carryForwards: YearEndCarryForwardResponse[];
}

/** The close: who closed the year when, every decision and what was carried forward. */
export class YearEndCloseResponse extends YearEndCloseSummaryResponse implements YearEndCloseView {
  @ApiProperty({ type: [YearEndDecisionResponse] }) decisions: YearEndDecisionResponse[];
}

export class CarryForwardSourceResponse {
  @ApiProperty({ format: 'uuid' }) fundingSourceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) funderOrganisationId: string;
  @ApiProperty() assignedPence: number;
  @ApiProperty() carryForwardAllowed: boolean;
}

export class CarryForwardSummaryResponse {
  @ApiProperty({ example: '2027/28' }) nextFinancialYear: string;
  @ApiProperty({ description: 'every funding source of the stream allows carrying an underspend forward' }) allowed: boolean;
  @ApiProperty({ type: [CarryForwardSourceResponse] }) sources: CarryForwardSourceResponse[];
}

export class YearEndTotalsResponse {
  @ApiProperty() awardPence: number;
  @ApiProperty() netPaidPence: number;
  @ApiProperty() reportedSpendPence: number;
  @ApiProperty() underspendPence: number;
  @ApiProperty() unpaidCommitmentPence: number;
}

export class YearEndAwardResponse implements YearEndAwardView {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) recipientOrganisationId: string;
  @ApiProperty() recipientName: string;
  @ApiProperty({ example: 'active' }) status: string;
  @ApiProperty() awardPence: number;
  @ApiProperty() paidPence: number;
  @ApiProperty() recoveredPence: number;
  @ApiProperty() netPaidPence: number;
  @ApiProperty({ description: 'the latest accepted return\'s spend; 0 when there is none' }) reportedSpendPence: number;
  @ApiProperty() hasAcceptedReturn: boolean;
  @ApiProperty() underspendPence: number;
  @ApiProperty() unpaidCommitmentPence: number;
  @ApiProperty({ description: 'scheduled or approved payments, frozen when the year closes' }) pendingPaymentsPence: number;
  @ApiProperty() pendingRecoveriesPence: number;
  @ApiProperty({ description: 'the year is open and the award has an underspend: the close needs a decision for it' }) decisionRequired: boolean;
  @ApiProperty() decisionRecorded: boolean;
  @ApiProperty({ type: [YearEndDecisionResponse] }) decisions: YearEndDecisionResponse[];
}

/** Per award of the stream: award, net paid, reported spend, underspend, unpaid commitment, decisions. */
export class YearEndPreviewResponse implements YearEndPreview {
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty() fundingStreamName: string;
  @ApiProperty({ example: '2024/25' }) financialYear: string;
  @ApiProperty({ description: 'today (Europe/London) is after 31 March of the year: it may be closed' }) yearEnded: boolean;
  @ApiProperty() closed: boolean;
  @ApiProperty({ type: YearEndCloseSummaryResponse, nullable: true }) close: YearEndCloseSummaryResponse | null;
  @ApiProperty({ type: CarryForwardSummaryResponse }) carryForward: CarryForwardSummaryResponse;
  @ApiProperty({ type: YearEndTotalsResponse }) totals: YearEndTotalsResponse;
  @ApiProperty({ type: [YearEndAwardResponse] }) awards: YearEndAwardResponse[];
}
