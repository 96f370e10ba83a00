import type { EntityManager } from 'typeorm';
import type { AwardView } from './award.types.js';

/** What an award's overview shows beyond its view: names for the ids it holds. */
export interface AwardOverview extends AwardView {
  streamName: string;
  /** The award's own lead officer, else the stream's; null when neither names one. */
  leadOfficerName: string | null;
  approvedByName: string | null;
  coFunderNames: Record<string, string>;
}

/** The names, in one statement (the caller has already checked the actor may read the award). */
export async function overviewOf(manager: EntityManager, view: AwardView): Promise<AwardOverview> {
  const [row] = (await manager.query(
    `SELECT s.name AS stream_name,
            (SELECT u.name FROM app_user u WHERE u.id = coalesce($2::uuid, s.lead_officer_user_id)) AS lead_officer_name,
            (SELECT u.name FROM app_user u WHERE u.id = $3::uuid) AS approved_by_name,
            (SELECT coalesce(json_object_agg(o.id, o.name), '{}') FROM organisation o WHERE o.id = ANY($4::uuid[])) AS co_funder_names
       FROM funding_stream s WHERE s.id = $1`,
    [view.fundingStreamId, view.leadOfficerUserId, view.approvedByUserId, view.coFunders.map((c) => c.organisationId)],
  )) as { stream_name: string; lead_officer_name: string | null; approved_by_name: string | null; co_funder_names: Record<string, string> }[];
  return { ...view, streamName: row?.stream_name ?? '', leadOfficerName: row?.lead_officer_name ?? null, approvedByName: row?.approved_by_name ?? null, coFunderNames: row?.co_funder_names ?? {} };
}
