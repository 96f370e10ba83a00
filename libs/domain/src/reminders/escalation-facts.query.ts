import type { EntityManager } from 'typeorm';
import type { EscalationFacts } from './escalation.rules.js';

/**
 * What escalating each award's reminder needs, read inside the scan's transaction: its lead
 * officer and its stream's (and whether each is still an active commissioner), the stream's
 * commissioning organisation, and the active commissioners acting for it.
 *
 * Staff carry no organisation (the users area: "staff belong to none"), so every commissioner of
 * this deployment acts for its commissioning organisation; a commissioner who did carry an
 * organisation would act only for that one.
 *
 * The commissioners are read once per page as rows and shared by the awards of each
 * organisation: as one text[] per award (87 addresses at scale 1), pg's array parser, which
 * builds each element character by character, allocated half of the scan's memory
 * (test/bench/FINDINGS.md, reminders, round 5).
 */
export async function escalationFacts(tx: EntityManager, awardIds: string[]): Promise<Map<string, EscalationFacts>> {
  if (awardIds.length === 0) return new Map();
  const rows = (await tx.query(
    `SELECT a.id,
            al.email AS award_lead_email, (al.role = 'commissioner' AND NOT al.disabled) AS award_lead_active,
            sl.email AS stream_lead_email, (sl.role = 'commissioner' AND NOT sl.disabled) AS stream_lead_active,
            o.name AS organisation, s.commissioner_organisation_id
       FROM award a
       JOIN funding_stream s ON s.id = a.funding_stream_id
       LEFT JOIN app_user al ON al.id = a.lead_officer_user_id
       LEFT JOIN app_user sl ON sl.id = s.lead_officer_user_id
       LEFT JOIN organisation o ON o.id = s.commissioner_organisation_id
      WHERE a.id = ANY($1::uuid[])`,
    [awardIds],
  )) as {
    id: string;
    award_lead_email: string | null;
    award_lead_active: boolean | null;
    stream_lead_email: string | null;
    stream_lead_active: boolean | null;
    organisation: string | null;
    commissioner_organisation_id: string | null;
  }[];
  const commissioners = await activeCommissioners(tx, [...new Set(rows.map((r) => r.commissioner_organisation_id).filter((id): id is string => id !== null))]);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        awardLeadOfficer: r.award_lead_email ? { email: r.award_lead_email, active: Boolean(r.award_lead_active) } : null,
        streamLeadOfficer: r.stream_lead_email ? { email: r.stream_lead_email, active: Boolean(r.stream_lead_active) } : null,
        commissioningOrganisation: r.organisation,
        commissioners: commissioners(r.commissioner_organisation_id),
      },
    ]),
  );
}

/**
 * The active commissioners acting for each of `organisationIds` (those with no organisation act
 * for all), in email order as the database sorts them; one list per organisation, shared.
 */
async function activeCommissioners(tx: EntityManager, organisationIds: string[]): Promise<(organisationId: string | null) => string[]> {
  const rows = (await tx.query(
    `SELECT u.email, u.organisation_id FROM app_user u
      WHERE u.role = 'commissioner' AND NOT u.disabled AND (u.organisation_id IS NULL OR u.organisation_id = ANY($1::uuid[]))
      ORDER BY u.email`,
    [organisationIds],
  )) as { email: string; organisation_id: string | null }[];
  const lists = new Map<string | null, string[]>();
  return (organisationId) => {
    let list = lists.get(organisationId);
    if (!list) lists.set(organisationId, (list = rows.filter((u) => u.organisation_id === null || u.organisation_id === organisationId).map((u) => u.email)));
    return list;
  };
}
