import type { EntityManager } from 'typeorm';
import { ValidationError } from '#platform/index.js';
import { checkBeneficiaryLocations, type BeneficiaryLocationInput } from '../geography/geo-codes.js';

/**
 * Replaces an award's beneficiary locations (the areas the grant serves, exported to 360Giving
 * as beneficiaryLocation) with `input`, in its order, inside the caller's transaction. A problem
 * is a 400 naming the field (`beneficiaryLocations[0].geoCode`) before anything is written.
 */
export async function replaceBeneficiaryLocations(tx: EntityManager, awardId: string, input: readonly BeneficiaryLocationInput[]): Promise<void> {
  const { locations, problems } = checkBeneficiaryLocations(input);
  if (problems.length) throw new ValidationError(problems[0]!.field, problems[0]!.message);
  await tx.query(`DELETE FROM award_beneficiary_location WHERE award_id = $1`, [awardId]);
  if (!locations.length) return;
  await tx.query(
    `INSERT INTO award_beneficiary_location (award_id, position, name, geo_code, geo_code_type)
     SELECT $1, l.position - 1, l.name, l.geo_code, l.geo_code_type
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS l(name, geo_code, geo_code_type, position)`,
    [awardId, locations.map((l) => l.name), locations.map((l) => l.geoCode), locations.map((l) => l.geoCodeType)],
  );
}

/** The view's column: each award's locations in position order, read with the other related rows. */
export const BENEFICIARY_LOCATIONS_JSON = (awardId: string) =>
  `(SELECT coalesce(json_agg(json_build_object('name', b.name, 'geoCode', b.geo_code, 'geoCodeType', b.geo_code_type) ORDER BY b.position), '[]')
      FROM award_beneficiary_location b WHERE b.award_id = ${awardId})`;
