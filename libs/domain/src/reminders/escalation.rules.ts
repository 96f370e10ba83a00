/**
 * Escalation (docs/design.md#escalation): who an escalating reminder step copies. Pure; the facts
 * come from `escalation-facts.query.ts`, read when the step is decided.
 */

/** How an escalated step was routed; 'undeliverable' when nobody could receive it. */
export type EscalationRoute = 'award_lead_officer' | 'stream_lead_officer' | 'commissioning_organisation' | 'undeliverable';

/** A named lead officer, and whether they can receive escalations now (an active commissioner). */
export interface NamedOfficer {
  email: string;
  active: boolean;
}

export interface EscalationFacts {
  awardLeadOfficer: NamedOfficer | null;
  streamLeadOfficer: NamedOfficer | null;
  /** The stream's commissioning organisation's name, when the stream names one. */
  commissioningOrganisation: string | null;
  /** The active commissioners acting for it, in a stable order. */
  commissioners: string[];
}

export interface Escalation {
  route: EscalationRoute;
  cc: string[];
  /** Why nobody could receive it (route 'undeliverable'), naming each fallback that failed. */
  error: string | null;
}

/**
 * The award's lead officer, else the stream's, if they are active commissioners; else every
 * active commissioner of the commissioning organisation; else nobody, and the reason why, so the
 * chasing record says so and staff see it counted: an escalation is never silently dropped.
 */
export function resolveEscalation(facts: EscalationFacts): Escalation {
  const { awardLeadOfficer: award, streamLeadOfficer: stream } = facts;
  if (award?.active) return { route: 'award_lead_officer', cc: [award.email], error: null };
  if (stream?.active) return { route: 'stream_lead_officer', cc: [stream.email], error: null };
  if (facts.commissioners.length > 0) return { route: 'commissioning_organisation', cc: [...facts.commissioners], error: null };
  const reasons = [
    award ? `the award's lead officer ${award.email} is not an active commissioner` : 'the award names no lead officer',
    stream ? `the stream's lead officer ${stream.email} is not an active commissioner` : 'the stream names no lead officer',
    `no active commissioner acts for ${facts.commissioningOrganisation ?? 'the commissioning organisation'}`,
  ];
  return { route: 'undeliverable', cc: [], error: `nobody can receive this escalation: ${reasons.join('; ')}` };
}
