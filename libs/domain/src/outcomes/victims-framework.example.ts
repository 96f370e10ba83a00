import type { Actor } from '../access/actor.js';
import type { OutcomesService } from './outcomes.service.js';
import { IndicatorAggregation, IndicatorDirection, IndicatorLevel, IndicatorUnit } from './outcomes.rules.js';
import type { CreateIndicatorInput, CreateOutcomeFrameworkInput, OutcomeFrameworkView } from './outcomes.types.js';

/**
 * ILLUSTRATIVE: the example victims' services framework of apps/api/src/seed/data/victims-services-example.ts (docs/data.md#demo-plans),
 * modelled on the cope-and-recover measures of the Cheshire Police and Crime Plan's victims'
 * services sections. The plan publishes referrals and victims supported; these indicators and
 * their titles are NOT the plan's, they exist to make the demo and tests work.
 */
export const VICTIMS_SERVICES_EXAMPLE_FRAMEWORK: { readonly name: string; readonly description: string; readonly indicators: readonly CreateIndicatorInput[] } = {
  name: "Victims' services outcomes (illustrative, modelled on cope-and-recover measures)",
  description: "Illustrative: not published by any PCC. Outputs and self-reported outcomes of a victims' cope-and-recover service.",
  indicators: [
    { code: 'REF', title: 'Referrals received', level: IndicatorLevel.Output, unit: IndicatorUnit.Count, direction: IndicatorDirection.HigherIsBetter, aggregation: IndicatorAggregation.Sum },
    { code: 'SUP', title: 'Victims supported', level: IndicatorLevel.Output, unit: IndicatorUnit.Count, direction: IndicatorDirection.HigherIsBetter, aggregation: IndicatorAggregation.Sum },
    { code: 'COPE', title: 'Victims reporting they are better able to cope and recover', level: IndicatorLevel.Outcome, unit: IndicatorUnit.Percentage, direction: IndicatorDirection.HigherIsBetter, aggregation: IndicatorAggregation.Mean },
    { code: 'SAFE', title: 'Victims reporting they feel safer', level: IndicatorLevel.Outcome, unit: IndicatorUnit.Percentage, direction: IndicatorDirection.HigherIsBetter, aggregation: IndicatorAggregation.Mean },
    { code: 'INFO', title: 'Victims reporting they were kept informed', level: IndicatorLevel.Outcome, unit: IndicatorUnit.Percentage, direction: IndicatorDirection.HigherIsBetter, aggregation: IndicatorAggregation.Mean },
  ],
};

/** The example framework's create input for a stream, a plan objective or a year (at least one). */
export function victimsServicesFrameworkInput(scope: { financialYear?: string; fundingStreamId?: string; planObjectiveId?: string }): CreateOutcomeFrameworkInput {
  return {
    name: VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.name,
    description: VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.description,
    ...scope,
    indicators: VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.indicators.map((x) => ({ ...x })),
  };
}

/**
 * For the demo seed: the example framework for this scope, created (and audited) the first time,
 * found by name and scope afterwards, so running the seed twice creates nothing new.
 */
export async function ensureVictimsServicesFramework(
  outcomes: OutcomesService,
  actor: Actor,
  scope: { financialYear?: string; fundingStreamId?: string; planObjectiveId?: string },
): Promise<OutcomeFrameworkView> {
  const found = await outcomes.findFramework({ name: VICTIMS_SERVICES_EXAMPLE_FRAMEWORK.name, ...scope });
  return found ?? outcomes.createFramework(actor, victimsServicesFrameworkInput(scope));
}
