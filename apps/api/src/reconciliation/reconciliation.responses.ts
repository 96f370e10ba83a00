import { ApiProperty } from '@nestjs/swagger';
import {
  DiscrepancyCode,
  DiscrepancySeverity,
  type DiscrepancyCounts,
  type DiscrepancyView,
  type MoneyTotals,
  type ReconciliationTotals,
  type ResolvedDiscrepancyView,
  type RunDetailView,
  type RunRequested,
  type RunStatus,
  type RunTrigger,
  type RunView,
  type SourceTotals,
  type StreamTotals,
} from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'];

/** 202: the run to poll (created now, or the one already queued or running for that scope). */
export class RunRequestedResponse implements RunRequested {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: RunStatus;
}

export class MoneyTotalsResponse implements MoneyTotals {
  @ApiProperty() awards: number;
  @ApiProperty({ description: 'approved, active, suspended or closed' }) committedAwards: number;
  @ApiProperty() committedPence: number;
  @ApiProperty() paidPence: number;
  @ApiProperty() recoveredPence: number;
  @ApiProperty() netPaidPence: number;
  @ApiProperty({ description: 'each award\'s latest accepted return' }) reportedSpendPence: number;
}

export class OverallTotalsResponse extends MoneyTotalsResponse {
  @ApiProperty({ description: 'new money: the funding sources in scope, less those carried forward' }) receivedPence: number;
  @ApiProperty({ description: 'carried in from an earlier year\'s close (received then)' }) carriedForwardInPence: number;
  @ApiProperty() assignedPence: number;
  @ApiProperty() budgetPence: number;
  @ApiProperty() streams: number;
  @ApiProperty() sources: number;
}

export class StreamTotalsResponse extends MoneyTotalsResponse implements StreamTotals {
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'the recorded budget' }) budgetPence: number;
  @ApiProperty({ description: 'the sum of its assignments, which the budget must equal' }) assignedPence: number;
}

export class SourceTotalsResponse implements SourceTotals {
  @ApiProperty({ format: 'uuid' }) fundingSourceId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty() amountPence: number;
  @ApiProperty({ description: 'to every stream, in and out of the run\'s scope' }) assignedPence: number;
  @ApiProperty({ description: 'to the streams in the run\'s scope' }) assignedInScopePence: number;
  @ApiProperty({ description: 'created by a year-end close from an earlier year\'s underspend' }) carriedForward: boolean;
}

export class ReconciliationTotalsResponse implements ReconciliationTotals {
  @ApiProperty({ type: OverallTotalsResponse }) overall: OverallTotalsResponse;
  @ApiProperty({ type: [StreamTotalsResponse] }) streams: StreamTotalsResponse[];
  @ApiProperty({ type: [SourceTotalsResponse] }) sources: SourceTotalsResponse[];
}

export class SeverityCountsResponse {
  @ApiProperty() error: number;
  @ApiProperty() warning: number;
  @ApiProperty() info: number;
}

export class DiscrepancyCountsResponse implements DiscrepancyCounts {
  @ApiProperty() total: number;
  @ApiProperty({ type: SeverityCountsResponse }) bySeverity: SeverityCountsResponse;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'how many of each code found, e.g. {"UNDERSPEND_AT_END": 3}' })
  byCode: Partial<Record<DiscrepancyCode, number>>;
  @ApiProperty({ description: 'found now, not by the previous run of the scope' }) new: number;
  @ApiProperty({ description: 'found by the previous run, not now' }) resolved: number;
}

/** A run without its discrepancies (lists). */
export class ReconciliationRunResponse implements RunView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null: the whole year' }) fundingStreamId: string | null;
  @ApiProperty({ example: '2014/15', description: 'the year, or the year and stream' }) scopeKey: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: RunStatus;
  @ApiProperty({ enum: ['manual', 'nightly'] }) trigger: RunTrigger;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) requestedByUserId: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty() processedAwards: number;
  @ApiProperty({ type: Number, nullable: true }) totalAwards: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'the date "ended" and "overdue" were judged against' }) asOf: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) startedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) heartbeatAt: Date | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: ReconciliationTotalsResponse, nullable: true, description: 'null until it succeeds' }) totals: ReconciliationTotalsResponse | null;
  @ApiProperty({ type: DiscrepancyCountsResponse, nullable: true }) counts: DiscrepancyCountsResponse | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) previousRunId: string | null;
}

export const ReconciliationRunPage = PageOf(ReconciliationRunResponse);

class DiscrepancyFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: Object.values(DiscrepancyCode) }) code: DiscrepancyCode;
  @ApiProperty({ enum: Object.values(DiscrepancySeverity) }) severity: DiscrepancySeverity;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) fundingStreamId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) awardId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) fundingSourceId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) reportingPeriodId: string | null;
  @ApiProperty({ type: Number, nullable: true }) expectedPence: number | null;
  @ApiProperty({ type: Number, nullable: true }) actualPence: number | null;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'the same finding in another run has the same fingerprint' }) fingerprint: string;
}

export class DiscrepancyResponse extends DiscrepancyFields implements DiscrepancyView {
  @ApiProperty({ description: 'the previous run of the scope did not find it' }) isNew: boolean;
}

export class ResolvedDiscrepancyResponse extends DiscrepancyFields implements ResolvedDiscrepancyView {
  @ApiProperty({ format: 'uuid', description: 'the run that found it' }) runId: string;
}

/** A run with a page of its discrepancies and what it resolved. */
export class ReconciliationRunDetailResponse extends ReconciliationRunResponse implements RunDetailView {
  @ApiProperty({ type: [DiscrepancyResponse] }) discrepancies: DiscrepancyResponse[];
  @ApiProperty({ description: 'how many match the filter (the list is one page of them)' }) discrepancyTotal: number;
  @ApiProperty({ type: [ResolvedDiscrepancyResponse] }) resolved: ResolvedDiscrepancyResponse[];
  @ApiProperty() resolvedTotal: number;
}
