import { ApiProperty } from '@nestjs/swagger';
import { ConditionCategory, ConditionStatus, type ConditionTemplateView, type ConditionView } from '#domain/index.js';

/** A condition on an award (the domain's ConditionView). */
export class ConditionResponse implements ConditionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ example: 'Signed grant agreement returned' }) title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: Object.values(ConditionCategory) }) category: ConditionCategory;
  @ApiProperty({ description: 'while open or breached, the award\'s payments cannot be approved or paid' }) holdsPayments: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueDate: string | null;
  @ApiProperty({ enum: Object.values(ConditionStatus) }) status: ConditionStatus;
  @ApiProperty({ type: String, nullable: true, description: 'evidence (met), reason (waived) or explanation (breached)' }) note: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) resolvedByUserId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) resolvedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the stream template it was copied from' }) templateId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

/** A condition a funding stream copies onto each award made from it. */
export class ConditionTemplateResponse implements ConditionTemplateView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: Object.values(ConditionCategory) }) category: ConditionCategory;
  @ApiProperty() holdsPayments: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'calendar days after the award starts; no due date when null' }) dueDaysAfterStart: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}
