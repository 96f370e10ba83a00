import type { AwardView } from './award.types.js';

/** What an award's overview shows beyond its view: names for the ids it holds. */
export interface AwardOverview extends AwardView {
  streamName: string;
  /** The award's own lead officer, else the stream's; null when neither names one. */
  leadOfficerName: string | null;
  approvedByName: string | null;
  coFunderNames: Record<string, string>;
}

/** The names as the view's statement returns them with OVERVIEW_NAMES. */
export interface OverviewNamesRow {
  stream_name: string | null;
  lead_officer_name: string | null;
  approved_by_name: string | null;
  co_funder_names: Record<string, string> | null;
}

/**
 * The overview's names as extra columns of the view's own statement (viewsSql; $4 the award's lead
 * officer, $5 its approver), so the overview costs the statements the API's GET of the award
 * costs (the award, then its related rows) and no third round trip (issue 17.6: the web page
 * against the API). The stream is the one the view already joins: for a partner each read of
 * funding_stream runs its row-level-security policy, a scan of the partner's awards. Runs under
 * the caller's scope, so a partner sees the names row-level security lets it see, as before.
 */
export const OVERVIEW_NAMES = `,
         s.name AS stream_name,
         (SELECT u.name FROM app_user u WHERE u.id = coalesce($4::uuid, s.lead_officer_user_id)) AS lead_officer_name,
         (SELECT u.name FROM app_user u WHERE u.id = $5::uuid) AS approved_by_name,
         (SELECT coalesce(json_object_agg(cf.id, cf.name), '{}') FROM award_co_funder c JOIN organisation cf ON cf.id = c.organisation_id WHERE c.award_id = v.award_id) AS co_funder_names`;

/** The view with the names OVERVIEW_NAMES read. */
export function overviewOf(view: AwardView, names: OverviewNamesRow | undefined): AwardOverview {
  return {
    ...view,
    streamName: names?.stream_name ?? '',
    leadOfficerName: names?.lead_officer_name ?? null,
    approvedByName: names?.approved_by_name ?? null,
    coFunderNames: names?.co_funder_names ?? {},
  };
}
