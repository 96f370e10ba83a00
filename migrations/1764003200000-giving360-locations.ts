import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Locations for the 360Giving export (issue 12, item 7): where a recipient is and where a grant's
 * beneficiaries are, as ONS GSS codes, so that published grants can be mapped.
 *
 * - `organisation.geo_code`: the organisation's area. Councils with a GB-LAE/GB-PLA org-id need
 *   none (the export finds their code in libs/domain/src/geography/data); others may give one.
 * - `award_beneficiary_location`: the areas a grant serves (a council, a police force area), in
 *   the order given, each once. Owned by the awards area; a partner reads its own awards' rows,
 *   like the other award child tables (migrations/1764000900000-row-level-security.ts:
 *   docs/design.md#invariant-8), and writes none.
 */
export class Giving360Locations1764003200000 implements MigrationInterface {
  name = 'Giving360Locations1764003200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organisation ADD COLUMN geo_code text
        CONSTRAINT organisation_geo_code_is_gss CHECK (geo_code ~ '^[EWSNKLM][0-9]{8}$');

      CREATE TABLE award_beneficiary_location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        award_id uuid NOT NULL REFERENCES award (id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        geo_code text CONSTRAINT award_beneficiary_location_geo_code_is_gss CHECK (geo_code ~ '^[EWSNKLM][0-9]{8}$'),
        geo_code_type text,
        UNIQUE (award_id, position),
        -- A type describes a code: none without one.
        CONSTRAINT award_beneficiary_location_type_needs_code CHECK (geo_code_type IS NULL OR geo_code IS NOT NULL)
      );
      -- The same area twice on one grant would count its funding there twice.
      CREATE UNIQUE INDEX award_beneficiary_location_code_once ON award_beneficiary_location (award_id, geo_code) WHERE geo_code IS NOT NULL;

      GRANT SELECT ON award_beneficiary_location TO ringfence_partner;
      ALTER TABLE award_beneficiary_location ENABLE ROW LEVEL SECURITY;
      CREATE POLICY partner_isolation ON award_beneficiary_location USING (NOT rf_is_partner() OR award_id IN (SELECT id FROM award));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS award_beneficiary_location;
      ALTER TABLE organisation DROP COLUMN IF EXISTS geo_code;
    `);
  }
}
