import { ApiProperty } from '@nestjs/swagger';
import type {
  MonitoringReturnView,
  ObligationPeriod,
  Obligations,
  PeriodStatus,
  ReportingFrequency,
  ReportingPeriodView,
  ReturnReviewView,
  ReturnStatus,
  ReturnVersionView,
  ScheduleView,
} from '#domain/index.js';

const PERIOD_STATUSES = ['upcoming', 'open', 'due', 'overdue', 'submitted', 'revision_requested', 'accepted'];
const RETURN_STATUSES = ['draft', 'submitted', 'revision_requested', 'accepted'];

export class ReportingPeriodResponse implements ReportingPeriodView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ example: '2026/27-Q1' }) key: string;
  @ApiProperty({ enum: ['scheduled', 'extra'] }) kind: 'scheduled' | 'extra';
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ format: 'date', description: 'N working days after the period ends (England and Wales)' }) dueDate: string;
  @ApiProperty({ enum: PERIOD_STATUSES }) status: PeriodStatus;
}

export class ReportingScheduleResponse implements ScheduleView {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ enum: ['quarterly', 'half_yearly', 'annual'] }) frequency: ReportingFrequency;
  @ApiProperty({ example: 5 }) dueWorkingDays: number;
  @ApiProperty({ type: [ReportingPeriodResponse] }) periods: ReportingPeriodResponse[];
  @ApiProperty({ type: [String], description: 'keys of periods kept because they already have a return, though this schedule would not make them' }) keptPeriods: string[];
}

export class ReturnValueResponse {
  @ApiProperty({ example: 'REF' }) indicatorCode: string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], description: 'a number, or text for a text indicator' }) value: number | string;
}

export class ReturnDraftResponse {
  @ApiProperty({ type: [ReturnValueResponse] }) values: ReturnValueResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'spend to date, integer pence' }) spendPence: number | null;
  @ApiProperty({ type: String, nullable: true }) narrative: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt: Date | null;
}

export class ReturnVersionResponse implements ReturnVersionView {
  @ApiProperty({ example: 1 }) versionNumber: number;
  @ApiProperty({ type: [ReturnValueResponse] }) values: ReturnValueResponse[];
  @ApiProperty() spendPence: number;
  @ApiProperty() narrative: string;
  @ApiProperty({ format: 'uuid' }) certifiedByUserId: string;
  @ApiProperty({ type: String, format: 'date-time' }) certifiedAt: Date;
  @ApiProperty({ description: 'entered by a commissioner for the partner' }) submittedOnBehalf: boolean;
  @ApiProperty() late: boolean;
  @ApiProperty() workingDaysLate: number;
}

export class ReturnReviewResponse implements ReturnReviewView {
  @ApiProperty() versionNumber: number;
  @ApiProperty({ enum: ['accepted', 'revision_requested', 'reopened'] }) decision: 'accepted' | 'revision_requested' | 'reopened';
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reviewedByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) reviewedAt: Date;
}

/** A period's monitoring return: the draft, the frozen versions and their reviews. */
export class MonitoringReturnResponse implements MonitoringReturnView {
  @ApiProperty({ format: 'uuid' }) periodId: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ example: '2026/27-Q1' }) key: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: PERIOD_STATUSES }) periodStatus: PeriodStatus;
  @ApiProperty({ type: String, enum: RETURN_STATUSES, nullable: true, description: 'null until a draft is saved' }) status: ReturnStatus | null;
  @ApiProperty({ enum: ['actual', 'suppressed'], description: 'suppressed for a viewer: small victim counts are then `<5` (`[c]` where one could be worked out)' }) figures: 'actual' | 'suppressed';
  @ApiProperty({ type: ReturnDraftResponse, nullable: true }) draft: ReturnDraftResponse | null;
  @ApiProperty({ description: '0 until the first submission' }) latestVersion: number;
  @ApiProperty({ type: Number, nullable: true }) acceptedVersion: number | null;
  @ApiProperty({ type: [ReturnVersionResponse] }) versions: ReturnVersionResponse[];
  @ApiProperty({ type: [ReturnReviewResponse] }) reviews: ReturnReviewResponse[];
}

export class ObligationPeriodResponse implements ObligationPeriod {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() awardReference: string;
  @ApiProperty() awardTitle: string;
  @ApiProperty({ format: 'uuid' }) periodId: string;
  @ApiProperty({ example: '2026/27-Q1' }) key: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: PERIOD_STATUSES }) status: PeriodStatus;
  @ApiProperty({ description: 'nothing submitted for it yet' }) returnMissing: boolean;
  @ApiProperty({ description: 'working days until it is due; negative once overdue' }) workingDaysToDue: number;
  @ApiProperty({ type: String, nullable: true, description: 'what the commissioner asked to revise' }) revisionComment: string | null;
}

export class ObligationConditionResponse {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() awardReference: string;
  @ApiProperty({ format: 'uuid' }) conditionId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'monitoring' }) category: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueDate: string | null;
  @ApiProperty() holdsPayments: boolean;
}

export class ObligationTargetResponse {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() awardReference: string;
  @ApiProperty({ example: 'REF' }) indicatorCode: string;
  @ApiProperty() indicatorTitle: string;
  @ApiProperty({ type: String, nullable: true, description: 'null: the whole award' }) periodKey: string | null;
  @ApiProperty({ oneOf: [{ type: 'number', nullable: true }, { type: 'string', example: '<5' }], description: 'a number, or `<5` for a small victim count the caller may not see' }) baseline: number | string | null;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }] }) target: number | string;
}

/** Everything an organisation owes: open periods and due dates, missing returns, open conditions, targets. */
export class ObligationsResponse implements Obligations {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ enum: ['actual', 'suppressed'], description: 'suppressed for a viewer: small victim-count baselines are then `<5`' }) figures: 'actual' | 'suppressed';
  @ApiProperty({ type: [ObligationPeriodResponse] }) periods: ObligationPeriodResponse[];
  @ApiProperty({ type: [ObligationConditionResponse] }) conditions: ObligationConditionResponse[];
  @ApiProperty({ type: [ObligationTargetResponse] }) targets: ObligationTargetResponse[];
}
