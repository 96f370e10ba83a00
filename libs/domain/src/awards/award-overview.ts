import type { SelectQueryBuilder } from 'typeorm';
import type { Award } from './award.entity.js';
import type { AwardView } from './award.types.js';

/** What an award's overview shows beyond its view: names for the ids it holds. */
export interface AwardOverview extends AwardView {
  streamName: string;
  /** The award's own lead officer, else the stream's; null when neither names one. */
  leadOfficerName: string | null;
  approvedByName: string | null;
  coFunderNames: Record<string, string>;
}

/** The names as the award's statement returns them (withOverviewNames). */
export interface OverviewNamesRow {
  stream_name: string | null;
  lead_officer_name: string | null;
  approved_by_name: string | null;
  co_funder_names: Record<string, string> | null;
}

/**
 * Adds the overview's names to the award's own SELECT (alias `a`), so the overview costs the
 * statements the API's GET of the award costs (the award, then its related rows) and no third
 * round trip (issue 17.6: the web page against the API). Runs under the caller's scope, so a
 * partner sees the names row-level security lets it see, as before.
 */
export function withOverviewNames(qb: SelectQueryBuilder<Award>): SelectQueryBuilder<Award> {
  return qb
    .addSelect('(SELECT s.name FROM funding_stream s WHERE s.id = a.funding_stream_id)', 'stream_name')
    .addSelect(
      `(SELECT u.name FROM app_user u
         WHERE u.id = coalesce(a.lead_officer_user_id, (SELECT s.lead_officer_user_id FROM funding_stream s WHERE s.id = a.funding_stream_id)))`,
      'lead_officer_name',
    )
    .addSelect('(SELECT u.name FROM app_user u WHERE u.id = a.approved_by_user_id)', 'approved_by_name')
    .addSelect(
      `(SELECT coalesce(json_object_agg(o.id, o.name), '{}') FROM award_co_funder c JOIN organisation o ON o.id = c.organisation_id WHERE c.award_id = a.id)`,
      'co_funder_names',
    );
}

/** The view with the names withOverviewNames read. */
export function overviewOf(view: AwardView, names: OverviewNamesRow | undefined): AwardOverview {
  return {
    ...view,
    streamName: names?.stream_name ?? '',
    leadOfficerName: names?.lead_officer_name ?? null,
    approvedByName: names?.approved_by_name ?? null,
    coFunderNames: names?.co_funder_names ?? {},
  };
}
