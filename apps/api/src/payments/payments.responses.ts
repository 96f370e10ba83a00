import { ApiProperty } from '@nestjs/swagger';
import type { AwardPaymentsView, PaymentKind, PaymentStatus, PaymentView } from '#domain/index.js';

/** One instalment or recovery (the domain's PaymentView). */
export class PaymentResponse implements PaymentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ enum: ['payment', 'recovery'] }) kind: PaymentKind;
  @ApiProperty({ description: 'integer pence; negative for a recovery' }) amountPence: number;
  @ApiProperty({ format: 'date' }) plannedDate: string;
  @ApiProperty({ enum: ['scheduled', 'approved', 'paid', 'cancelled'] }) status: PaymentStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdByUserId: string | null;
  @ApiProperty({ description: 'above the configured amount: its approver must not be its creator' }) requiresSecondApprover: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) approvedByUserId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) approvedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) paidDate: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'BACS 448812' }) paidReference: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/** An award's payment schedule with its totals (the domain's AwardPaymentsView). */
export class AwardPaymentsResponse implements AwardPaymentsView {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ description: 'the award\'s amount, integer pence' }) awardPence: number;
  @ApiProperty() scheduledPence: number;
  @ApiProperty() approvedPence: number;
  @ApiProperty() paidPence: number;
  @ApiProperty({ description: 'recoveries paid back, as a positive figure' }) recoveredPence: number;
  @ApiProperty({ description: 'approved + paid - recovered: what the award\'s amount limits' }) outstandingPence: number;
  @ApiProperty({ type: [PaymentResponse] }) items: PaymentResponse[];
}
