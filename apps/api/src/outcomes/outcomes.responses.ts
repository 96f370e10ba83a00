import { ApiProperty } from '@nestjs/swagger';
import {
  IndicatorAggregation,
  IndicatorDirection,
  IndicatorLevel,
  IndicatorUnit,
  type AwardTargetsView,
  type AwardTargetView,
  type IndicatorView,
  type OutcomeFrameworkView,
} from '#domain/index.js';
import { PageOf } from '../common/openapi.js';

export class IndicatorResponse implements IndicatorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) frameworkId: string;
  @ApiProperty({ example: 'REF', description: 'unique in its framework, never changed' }) code: string;
  @ApiProperty({ example: 'Referrals received' }) title: string;
  @ApiProperty({ enum: Object.values(IndicatorLevel) }) level: IndicatorLevel;
  @ApiProperty({ enum: Object.values(IndicatorUnit) }) unit: IndicatorUnit;
  @ApiProperty({ enum: Object.values(IndicatorDirection) }) direction: IndicatorDirection;
  @ApiProperty({ enum: Object.values(IndicatorAggregation) }) aggregation: IndicatorAggregation;
  @ApiProperty({ description: 'a count about victims: small numbers are suppressed in shared outputs' }) isVictimCount: boolean;
  @ApiProperty({ description: 'its place in the framework, from 0' }) position: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/** An outcome framework with its indicators in order (the domain's OutcomeFrameworkView). */
export class OutcomeFrameworkResponse implements OutcomeFrameworkView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026/27' }) financialYear: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) fundingStreamId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) planObjectiveId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) createdByUserId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: [IndicatorResponse] }) indicators: IndicatorResponse[];
}

export const OutcomeFrameworkPage = PageOf(OutcomeFrameworkResponse);

export class AwardTargetResponse implements Omit<AwardTargetView, 'baseline'> {
  @ApiProperty({ example: 'REF' }) indicatorCode: string;
  @ApiProperty({ type: String, nullable: true, example: '2026/27-Q1', description: 'null: a target for the whole award' }) periodKey: string | null;
  @ApiProperty({ oneOf: [{ type: 'number', nullable: true }, { type: 'string', example: '<5' }], description: 'a number, or `<5` / `[c]` for a small victim count the caller may not see' }) baseline: number | string | null;
  @ApiProperty() target: number;
}

/** An award's outcome framework (null until one is set) and its targets. */
export class AwardTargetsResponse implements AwardTargetsView {
  @ApiProperty({ format: 'uuid' }) awardId: string;
  @ApiProperty({ type: OutcomeFrameworkResponse, nullable: true }) framework: OutcomeFrameworkResponse | null;
  @ApiProperty({ enum: ['actual', 'suppressed'], description: 'suppressed for a viewer: small victim-count baselines are then `<5`' }) figures: 'actual' | 'suppressed';
  @ApiProperty({ type: [AwardTargetResponse] }) targets: AwardTargetResponse[];
}
