import type { Disclosure } from './disclosure.js';
import type { IndicatorAggregation, IndicatorDefinition, IndicatorDirection, IndicatorLevel, IndicatorUnit } from './outcomes.rules.js';

/** An indicator to add: its definition as the rules check it (`isVictimCount` defaults by unit). */
export type CreateIndicatorInput = IndicatorDefinition;

export interface CreateOutcomeFrameworkInput {
  name: string;
  description?: string | null;
  /** At least one of financialYear, fundingStreamId and planObjectiveId. */
  financialYear?: string | null;
  fundingStreamId?: string | null;
  planObjectiveId?: string | null;
  indicators: CreateIndicatorInput[];
}

export interface OutcomeFrameworkQuery {
  financialYear?: string;
  fundingStreamId?: string;
  planObjectiveId?: string;
  /** Exact name (for idempotent seeding); not exposed over HTTP. */
  name?: string;
  page: number;
  pageSize: number;
}

export interface IndicatorView {
  id: string;
  frameworkId: string;
  code: string;
  title: string;
  level: IndicatorLevel;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
  aggregation: IndicatorAggregation;
  isVictimCount: boolean;
  position: number;
  createdAt: Date;
}

export interface OutcomeFrameworkView {
  id: string;
  name: string;
  description: string | null;
  financialYear: string | null;
  fundingStreamId: string | null;
  planObjectiveId: string | null;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** In position order. */
  indicators: IndicatorView[];
}

export interface AwardTargetView {
  indicatorCode: string;
  /** Null: a target for the whole award. */
  periodKey: string | null;
  baseline: number | null;
  target: number;
}

/** GET /api/awards/:id/targets: the award's framework (null until one is set) and its targets. */
export interface AwardTargetsView {
  awardId: string;
  framework: OutcomeFrameworkView | null;
  /** `suppressed` for a viewer: small victim-count baselines are then `<5`. */
  figures: Disclosure;
  /** In indicator position order, then the whole-award target, then by period key. */
  targets: (Omit<AwardTargetView, 'baseline'> & { baseline: number | string | null })[];
}
