import { ApiProperty } from '@nestjs/swagger';
import type { EscalationRoute, Notification, NotificationStatus, ReminderStep, UndeliverableEscalation } from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

export class ReminderStepResponse implements ReminderStep {
  @ApiProperty({ example: 'overdue-3' }) key: string;
  @ApiProperty({ example: 3, description: 'working days from the due date (negative: before)' }) offsetWorkingDays: number;
  @ApiProperty({ description: 'copy the commissioning officer' }) escalate: boolean;
}

export class ReminderPolicyResponse {
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty({ description: 'true: the stream has no policy of its own, these are the default steps' }) default: boolean;
  @ApiProperty({ type: [ReminderStepResponse] }) steps: ReminderStepResponse[];
}

/** One reminder step decided for one reporting period, and what became of it (the chasing record). */
export class NotificationResponse implements Notification {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reportingPeriodId: string;
  @ApiProperty({ example: '2026/27-Q1' }) periodKey: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ example: 'overdue-3' }) stepKey: string;
  @ApiProperty({ format: 'date' }) stepDate: string;
  @ApiProperty({ description: 'the commissioning officer was copied' }) escalated: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['award_lead_officer', 'stream_lead_officer', 'commissioning_organisation', 'undeliverable'],
    description: "who an escalated step copies: the award's lead officer, the stream's, every active commissioner, or nobody (undeliverable, counted for staff)",
  })
  escalationRoute: EscalationRoute | null;
  @ApiProperty({ type: String, nullable: true, description: 'why nobody could receive the escalation' }) escalationError: string | null;
  @ApiProperty({ type: [String] }) recipients: string[];
  @ApiProperty({ type: [String] }) cc: string[];
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: ['pending', 'sent', 'skipped', 'cancelled', 'undeliverable'], description: 'undeliverable: nobody could receive it (counted for staff, never dropped silently)' }) status: NotificationStatus;
  @ApiProperty({ description: 'delivery attempts so far' }) attempts: number;
  @ApiProperty({ description: 'times its send job was queued' }) enqueued: number;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastEnqueuedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, nullable: true }) messageId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) sentAt: Date | null;
}

export class ReminderScanResponse {
  @ApiProperty({ description: "always true: the scan is queued; the worker writes and sends the reminders" }) queued: boolean;
}

/** An escalation that reached no officer, with the reason: what staff must fix. */
export class UndeliverableEscalationResponse implements UndeliverableEscalation {
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() awardReference: string;
  @ApiProperty() awardTitle: string;
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty({ format: 'uuid' }) reportingPeriodId: string;
  @ApiProperty({ example: '2026/27-Q1' }) periodKey: string;
  @ApiProperty({ example: 'overdue-3' }) stepKey: string;
  @ApiProperty({ format: 'date' }) stepDate: string;
  @ApiProperty({ description: "the notification's status: pending or sent when the partner was written to without the escalation" }) status: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export const UndeliverableEscalationPage = PageOf(UndeliverableEscalationResponse);
