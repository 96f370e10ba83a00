import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, DomainError, type AppConfig } from '#platform/index.js';
import { COMMITTED_STATUSES } from '../award-ledger/index.js';
import { giving360QualityWarnings, summariseChecks } from './giving360-quality.js';
import { buildPackage, dataSourceFor, londonDate } from './giving360.rules.js';
import type { Giving360AwardRow, Giving360OrganisationRow, Giving360Package, Giving360QualityReport } from './giving360.types.js';

const ORGANISATION_JSON = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'identifier360', ${alias}.identifier360, 'charityNumber', ${alias}.charity_number,
                     'companyNumber', ${alias}.company_number, 'postcode', ${alias}.postcode, 'geoCode', ${alias}.geo_code)`;

/**
 * The read model of the 360Giving export, in one place: every committed award of a financial
 * year (its stream's year) with its stream, recipient, commissioning body, co-funders and
 * "included within" lines, in one query. The awards area owns these tables; this is a read only.
 */
const COMMITTED_AWARDS_SQL = `
  SELECT a.id AS award_id, a.reference, a.title, a.description, a.grant_type, a.amount_pence::text AS amount_pence,
         a.start_date::text AS start_date, a.end_date::text AS end_date, a.approved_at, a.decision_date::text AS decision_date, a.updated_at,
         s.id AS funding_stream_id, s.name AS funding_stream_name,
         ${ORGANISATION_JSON('r')} AS recipient,
         CASE WHEN c.id IS NULL THEN NULL ELSE ${ORGANISATION_JSON('c')} END AS commissioner,
         coalesce((SELECT json_agg(json_build_object('name', co.name, 'amountPence', cf.amount_pence::text) ORDER BY co.name, co.id)
                     FROM award_co_funder cf JOIN organisation co ON co.id = cf.organisation_id
                    WHERE cf.award_id = a.id), '[]'::json) AS co_funders,
         coalesce((SELECT json_agg(l.label ORDER BY l.position)
                     FROM award_line l WHERE l.award_id = a.id AND l.amount_pence IS NULL), '[]'::json) AS included_lines,
         coalesce((SELECT json_agg(json_build_object('name', b.name, 'geoCode', b.geo_code, 'geoCodeType', b.geo_code_type) ORDER BY b.position)
                     FROM award_beneficiary_location b WHERE b.award_id = a.id), '[]'::json) AS beneficiary_locations
    FROM award a
    JOIN funding_stream s ON s.id = a.funding_stream_id
    JOIN organisation r ON r.id = a.recipient_organisation_id
    LEFT JOIN organisation c ON c.id = s.commissioner_organisation_id
   WHERE s.financial_year = $1 AND a.status = ANY($2::text[])
   ORDER BY a.created_at, a.reference`;

interface CommittedAwardSqlRow {
  award_id: string;
  reference: string;
  title: string;
  description: string | null;
  grant_type: string;
  amount_pence: string;
  start_date: string;
  end_date: string;
  approved_at: Date;
  decision_date: string;
  updated_at: Date;
  funding_stream_id: string;
  funding_stream_name: string;
  recipient: Giving360OrganisationRow;
  commissioner: Giving360OrganisationRow | null;
  co_funders: { name: string; amountPence: string }[];
  included_lines: string[];
  beneficiary_locations: Giving360AwardRow['beneficiaryLocations'];
}

@Injectable()
export class Giving360Service {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Staff (admin, commissioner, finance, viewer) read the 360Giving package of a financial
   * year: one grant per committed award (approved, active, suspended, closed). Writes nothing.
   * NOT_FOUND when the year has no committed award (a package needs at least one grant);
   * FUNDER_UNKNOWN (409) naming the streams whose funding organisation cannot be determined.
   */
  async package360(financialYear: string): Promise<Giving360Package> {
    return this.read((tx) => this.packageIn(tx, financialYear));
  }

  /**
   * Staff read the notices 360Giving's Data Quality Tool would give the year's package, under the
   * tool's own check names (giving360-quality.ts), to fix before publishing: a summary per check
   * and every notice, those the tool says may be ignored marked so. Same errors as package360.
   */
  async quality(financialYear: string): Promise<Giving360QualityReport> {
    const pkg = await this.package360(financialYear);
    const warnings = giving360QualityWarnings(pkg, londonDate(new Date()));
    return { financialYear, grantCount: pkg.grants.length, checks: summariseChecks(warnings), warnings };
  }

  private async packageIn(tx: EntityManager, financialYear: string): Promise<Giving360Package> {
    const rows = (await tx.query(COMMITTED_AWARDS_SQL, [financialYear, COMMITTED_STATUSES])) as CommittedAwardSqlRow[];
    if (!rows.length) {
      throw new DomainError('NOT_FOUND', `no committed awards in ${financialYear}: a 360Giving package needs at least one grant`, { financialYear });
    }
    const awards = rows.map(toAwardRow);
    // Only needed when a stream names no commissioner; one query, never one per award.
    const pccs = awards.some((a) => !a.commissioner) ? await this.pccOrganisations(tx) : [];
    return buildPackage(awards, pccs, this.config.grantsPrefix, dataSourceFor(this.config.grantsDataSourceUrl, financialYear));
  }

  private async pccOrganisations(tx: EntityManager): Promise<Giving360OrganisationRow[]> {
    return (await tx.query(`SELECT ${ORGANISATION_JSON('o')} AS organisation FROM organisation o WHERE o.kind = 'pcc' ORDER BY o.created_at, o.id`)).map(
      (r: { organisation: Giving360OrganisationRow }) => r.organisation,
    );
  }

  /** Both queries see one snapshot, so a funder changed mid-export cannot mix two states. */
  private read<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return work(tx);
    });
  }
}

function toAwardRow(r: CommittedAwardSqlRow): Giving360AwardRow {
  return {
    awardId: r.award_id,
    reference: r.reference,
    title: r.title,
    description: r.description,
    grantType: r.grant_type,
    amountPence: Number(r.amount_pence),
    startDate: r.start_date,
    endDate: r.end_date,
    approvedAt: r.approved_at,
    decisionDate: r.decision_date,
    updatedAt: r.updated_at,
    fundingStreamId: r.funding_stream_id,
    fundingStreamName: r.funding_stream_name,
    recipient: r.recipient,
    commissioner: r.commissioner,
    coFunders: r.co_funders.map((c) => ({ name: c.name, amountPence: Number(c.amountPence) })),
    includedLines: r.included_lines,
    beneficiaryLocations: r.beneficiary_locations,
  };
}
