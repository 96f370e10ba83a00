import { describe, expect, it } from '@jest/globals';
import { resolveEscalation, type EscalationFacts } from './escalation.rules.js';

const nobody: EscalationFacts = { awardLeadOfficer: null, streamLeadOfficer: null, commissioningOrganisation: 'Police and Crime Commissioner for Cheshire', commissioners: [] };
const active = (email: string) => ({ email, active: true });
const inactive = (email: string) => ({ email, active: false });

describe('escalation rules', () => {
  it("copies the award's lead officer first", () => {
    expect(resolveEscalation({ ...nobody, awardLeadOfficer: active('a@x'), streamLeadOfficer: active('s@x'), commissioners: ['c@x'] })).toEqual({
      route: 'award_lead_officer',
      cc: ['a@x'],
      error: null,
    });
  });

  it("copies the stream's lead officer when the award names none, or names someone who can no longer receive it", () => {
    expect(resolveEscalation({ ...nobody, streamLeadOfficer: active('s@x'), commissioners: ['c@x'] })).toMatchObject({ route: 'stream_lead_officer', cc: ['s@x'] });
    expect(resolveEscalation({ ...nobody, awardLeadOfficer: inactive('a@x'), streamLeadOfficer: active('s@x') })).toMatchObject({ route: 'stream_lead_officer', cc: ['s@x'] });
  });

  it('copies every active commissioner of the commissioning organisation when no lead officer can receive it', () => {
    expect(resolveEscalation({ ...nobody, awardLeadOfficer: inactive('a@x'), streamLeadOfficer: inactive('s@x'), commissioners: ['c1@x', 'c2@x'] })).toEqual({
      route: 'commissioning_organisation',
      cc: ['c1@x', 'c2@x'],
      error: null,
    });
  });

  it('records nobody, saying why at each step, rather than dropping it', () => {
    expect(resolveEscalation(nobody)).toEqual({
      route: 'undeliverable',
      cc: [],
      error: 'nobody can receive this escalation: the award names no lead officer; the stream names no lead officer; no active commissioner acts for Police and Crime Commissioner for Cheshire',
    });
    const named = resolveEscalation({ ...nobody, awardLeadOfficer: inactive('a@x'), streamLeadOfficer: inactive('s@x'), commissioningOrganisation: null });
    expect(named.error).toBe(
      "nobody can receive this escalation: the award's lead officer a@x is not an active commissioner; the stream's lead officer s@x is not an active commissioner; no active commissioner acts for the commissioning organisation",
    );
  });
});
