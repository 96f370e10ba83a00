import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import type { FinanceReport, FinanceReportRow, GrantsTable, GrantsTableEntry, OutcomeLine, OutcomesReport, ReturnsStatusReport } from '#domain/index.js';

/** What the report routes answer as JSON (the domain's report types); `format=csv` gives the same tables as CSV. */

export class GrantConditionResponse {
  @ApiProperty() title: string;
  @ApiProperty({ example: 'monitoring' }) category: string;
  @ApiProperty({ example: 'open' }) status: string;
  @ApiProperty() holdsPayments: boolean;
}

export class GrantsTableRowResponse implements GrantsTableEntry {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ example: 'CHES-1415-01' }) reference: string;
  @ApiProperty({ example: 'Warrington Borough Council', description: 'the recipient' }) organisation: string;
  @ApiProperty({ example: 'Community Safety Funding' }) grantType: string;
  @ApiProperty({ description: 'the award\'s title and description' }) purpose: string;
  @ApiProperty({ description: 'integer pence' }) amountPence: number;
  @ApiProperty({ type: String, nullable: true, example: 'includes Positive Futures' }) note: string | null;
  @ApiProperty({ type: [GrantConditionResponse] }) conditions: GrantConditionResponse[];
}

/** The plan's grants table: recipient, purpose, amount and conditions of each committed award. */
export class GrantsTableResponse implements GrantsTable {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ type: [GrantsTableRowResponse] }) rows: GrantsTableRowResponse[];
  @ApiProperty({ example: 80145600, description: 'the year\'s total, over every page' }) totalPence: number;
  @ApiPropertyOptional({ description: 'when paged: the year\'s number of grants' }) total?: number;
  @ApiPropertyOptional({ description: 'when paged' }) page?: number;
  @ApiPropertyOptional({ description: 'when paged' }) pageSize?: number;
}

export class FinanceTotalsResponse implements Omit<FinanceReportRow, 'fundingStreamId' | 'name' | 'purpose'> {
  @ApiProperty() budgetPence: number;
  @ApiProperty() committedPence: number;
  @ApiProperty() draftPence: number;
  @ApiProperty({ description: 'approved, not yet paid' }) approvedPaymentsPence: number;
  @ApiProperty() paidPence: number;
  @ApiProperty() recoveredPence: number;
  @ApiProperty({ description: 'paid less recovered' }) netPaidPence: number;
  @ApiProperty({ description: 'from the latest accepted returns' }) reportedSpendPence: number;
  @ApiProperty({ description: 'budget less committed' }) remainingPence: number;
  @ApiProperty({ description: 'committed, not yet paid' }) committedUnpaidPence: number;
}

export class FinanceReportRowResponse extends FinanceTotalsResponse implements FinanceReportRow {
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'victims_services' }) purpose: string;
}

/** Per funding stream: budget, committed, paid, recovered, reported spend, remaining. */
export class FinanceReportResponse implements FinanceReport {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ type: [FinanceReportRowResponse] }) rows: FinanceReportRowResponse[];
  @ApiProperty({ type: FinanceTotalsResponse }) totals: FinanceTotalsResponse;
}

export class OverdueReturnResponse {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() awardReference: string;
  @ApiProperty() organisation: string;
  @ApiProperty({ format: 'uuid' }) periodId: string;
  @ApiProperty({ example: '2014/15-Q2' }) key: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() workingDaysOverdue: number;
}

export class ReturnCountsResponse {
  @ApiProperty() upcoming: number;
  @ApiProperty() open: number;
  @ApiProperty() due: number;
  @ApiProperty() overdue: number;
  @ApiProperty() submitted: number;
  @ApiProperty() revision_requested: number;
  @ApiProperty() accepted: number;
}

/** Returns of a year: periods by status, and the overdue ones with working days overdue. */
export class ReturnsReportResponse implements ReturnsStatusReport {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ format: 'date', description: 'today in Europe/London, which "overdue" is judged against' }) asOf: string;
  @ApiProperty() totalPeriods: number;
  @ApiProperty({ type: ReturnCountsResponse, description: 'reporting periods by status' }) counts: Record<string, number>;
  @ApiProperty({ type: [OverdueReturnResponse] }) overdue: OverdueReturnResponse[];
}

const numberOrSuppressed = (description: string): ApiPropertyOptions => ({ oneOf: [{ type: 'number', nullable: true }, { type: 'string', example: '<5' }], description });

export class OutcomeLineResponse implements OutcomeLine {
  @ApiProperty({ example: 'REF' }) indicatorCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) frameworkId: string;
  @ApiProperty({ description: 'the framework\'s name' }) framework: string;
  @ApiProperty({ example: 'count' }) unit: string;
  @ApiProperty({ example: 'sum' }) aggregation: string;
  @ApiProperty({ example: 'higher_is_better' }) direction: string;
  @ApiProperty({ description: 'a count about victims: its small figures are suppressed beyond those who see actual figures' }) isVictimCount: boolean;
  @ApiProperty(numberOrSuppressed('a number, or `<5` / `[c]` for a small victim count the caller may not see')) baseline: number | string | null;
  @ApiProperty({ type: Number, nullable: true }) target: number | null;
  @ApiProperty(numberOrSuppressed('from the latest accepted returns; `<5` for a small victim count the caller may not see')) actual: number | string | null;
  @ApiProperty() periodsReported: number;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null until there is an actual and a target' }) onTarget: boolean | null;
}

export class AwardOutcomesResponse {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty() reference: string;
  @ApiProperty() recipient: string;
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty({ type: String, nullable: true, description: 'the framework\'s name' }) framework: string | null;
  @ApiProperty({ type: [OutcomeLineResponse] }) indicators: OutcomeLineResponse[];
}

export class StreamOutcomesResponse {
  @ApiProperty({ format: 'uuid' }) fundingStreamId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [OutcomeLineResponse] }) indicators: OutcomeLineResponse[];
}

export class ObjectiveOutcomesResponse {
  @ApiProperty({ format: 'uuid' }) objectiveId: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() planName: string;
  @ApiProperty({ type: [OutcomeLineResponse] }) indicators: OutcomeLineResponse[];
}

export class YearOutcomesResponse {
  @ApiProperty({ type: [OutcomeLineResponse] }) indicators: OutcomeLineResponse[];
}

/** Targets against actuals per award, stream, objective and year; small victim counts as `<5`. */
export class OutcomesReportResponse implements OutcomesReport {
  @ApiProperty({ example: '2014/15' }) financialYear: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) fundingStreamId: string | null;
  @ApiProperty({ example: 5, description: 'victim counts below it are shown as `<5` beyond a partner\'s own view' }) smallNumberThreshold: number;
  @ApiProperty({ enum: ['actual', 'suppressed'], description: 'actual for the staff who manage the grants; suppressed for viewers and every export' }) figures: 'actual' | 'suppressed';
  @ApiProperty({ type: [AwardOutcomesResponse] }) awards: AwardOutcomesResponse[];
  @ApiProperty({ type: [StreamOutcomesResponse] }) streams: StreamOutcomesResponse[];
  @ApiProperty({ type: [ObjectiveOutcomesResponse] }) objectives: ObjectiveOutcomesResponse[];
  @ApiProperty({ type: YearOutcomesResponse }) year: YearOutcomesResponse;
}
