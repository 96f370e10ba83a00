import { BENEFICIARY_LOCATIONS_JSON } from './award-beneficiary-locations.js';
import type { AwardView } from './award.types.js';

/**
 * Everything an award view needs beyond the award row, for many awards at once: $1 award ids,
 * $2 their streams, $3 their recipients (as the caller holds them, inside its transaction).
 * `extraColumns` (`, expr AS name ...`) may read `v` and the stream `s` (the overview's names).
 * Lines keep their position order; json numbers come back as numbers (pence are far below 2^53).
 */
export function viewsSql(extraColumns = ''): string {
  return `
  SELECT v.award_id, ${relatedColumns('v.award_id')}${extraColumns}
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS v(award_id, funding_stream_id, recipient_organisation_id)
    LEFT JOIN funding_stream s ON s.id = v.funding_stream_id
    LEFT JOIN organisation o ON o.id = v.recipient_organisation_id`;
}

/**
 * The view's columns beyond the award row for the award whose id is `awardId` (an SQL expression),
 * with its stream joined as `s` and its recipient as `o`: ViewRow without award_id.
 */
export function relatedColumns(awardId: string): string {
  return `s.financial_year, o.name AS recipient_name,
         (SELECT coalesce(json_agg(json_build_object('id', l.id, 'label', l.label, 'amountPence', l.amount_pence, 'note', l.note) ORDER BY l.position), '[]')
            FROM award_line l WHERE l.award_id = ${awardId}) AS lines,
         (SELECT coalesce(json_agg(json_build_object('organisationId', c.organisation_id, 'amountPence', c.amount_pence)), '[]')
            FROM award_co_funder c WHERE c.award_id = ${awardId}) AS co_funders,
         (SELECT coalesce(json_agg(x.plan_objective_id), '[]') FROM award_objective x WHERE x.award_id = ${awardId}) AS objective_ids,
         ${BENEFICIARY_LOCATIONS_JSON(awardId)} AS beneficiary_locations`;
}

export interface ViewRow {
  award_id: string;
  financial_year: string | null;
  recipient_name: string | null;
  lines: AwardView['lines'];
  co_funders: AwardView['coFunders'];
  objective_ids: string[];
  beneficiary_locations: AwardView['beneficiaryLocations'];
}
