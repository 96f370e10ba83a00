import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from '#platform/index.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { GrantsPublication } from './grants-publication.entity.js';
import { NothingToPublishError } from './grants-publication.errors.js';
import { ReportsService } from './reports.service.js';

/** A published year as the API shows it. */
export interface GrantsPublicationView {
  financialYear: string;
  publishedAt: string;
  publishedByUserId: string;
  note: string | null;
}

const toView = (p: GrantsPublication): GrantsPublicationView => ({
  financialYear: p.financialYear,
  publishedAt: p.publishedAt.toISOString(),
  publishedByUserId: p.publishedByUserId,
  note: p.note,
});

/**
 * Which years' grants tables and 360Giving packages are published (docs/api.md#authentication: "staff; public when
 * published"). The reports themselves do not change on publication: what anyone may read is
 * exactly what staff read for that year.
 */
@Injectable()
export class GrantsPublicationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reports: ReportsService,
  ) {}

  /**
   * Commissioner or admin publishes a year. Idempotent: a year already published answers its
   * existing publication (`created: false`) and writes nothing, not even an audit row.
   * Writes the row and `grants-publication.publish` in one transaction.
   * Throws 409 NOTHING_TO_PUBLISH when the year's grants table has no rows.
   */
  async publish(actor: Actor, financialYear: string, note?: string | null): Promise<{ publication: GrantsPublicationView; created: boolean }> {
    // The column is NOT NULL: a publication names the person accountable for it.
    if (!actor.userId) throw new DomainError('FORBIDDEN', 'a grants year is published by a named user, not by the system');
    const existing = await this.dataSource.getRepository(GrantsPublication).findOneBy({ financialYear });
    if (existing) return { publication: toView(existing), created: false };
    const table = await this.reports.grantsTable(financialYear);
    if (table.rows.length === 0) {
      throw new NothingToPublishError(financialYear);
    }
    return this.dataSource.transaction(async (tx) => {
      // Two publishers at once: the key lets one row in; the other finds it and audits nothing.
      const inserted = (await tx.query(
        `INSERT INTO grants_publication (financial_year, published_by_user_id, note) VALUES ($1, $2, $3)
           ON CONFLICT (financial_year) DO NOTHING RETURNING financial_year`,
        [financialYear, actor.userId, note ?? null],
      )) as unknown[];
      const publication = toView(await tx.findOneByOrFail(GrantsPublication, { financialYear }));
      if (inserted.length === 0) return { publication, created: false };
      await this.audit.record(tx, actor, {
        action: 'grants-publication.publish',
        entityType: 'grants_publication',
        entityId: financialYear,
        after: { ...publication, grants: table.rows.length, totalPence: table.totalPence },
      });
      return { publication, created: true };
    });
  }

  /**
   * Commissioner or admin withdraws a year: anonymous callers are refused it again at once.
   * Deletes the row and writes `grants-publication.withdraw` (with what was published) in one
   * transaction. Throws NOT_FOUND when the year is not published.
   */
  async withdraw(actor: Actor, financialYear: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const publication = await tx.findOne(GrantsPublication, { where: { financialYear }, lock: { mode: 'pessimistic_write' } });
      if (!publication) throw new NotFoundError('grants publication', financialYear);
      await tx.delete(GrantsPublication, { financialYear });
      await this.audit.record(tx, actor, { action: 'grants-publication.withdraw', entityType: 'grants_publication', entityId: financialYear, before: toView(publication) });
    });
  }

  /** Staff: every published year, newest year first. */
  async list(): Promise<GrantsPublicationView[]> {
    const publications = await this.dataSource.getRepository(GrantsPublication).find({ order: { financialYear: 'DESC' } });
    return publications.map(toView);
  }

  /**
   * The panel's years: every financial year that has a funding stream, newest first, with
   * whether its grants table is published. Anyone signed in (the viewer's home). One statement:
   * the home read the years and the publications in two (issue 16).
   */
  async panelYears(): Promise<{ financialYear: string; published: boolean }[]> {
    const rows = (await this.dataSource.query(
      `SELECT y.financial_year, EXISTS (SELECT 1 FROM grants_publication p WHERE p.financial_year = y.financial_year) AS published
         FROM (SELECT DISTINCT financial_year FROM funding_stream) y ORDER BY y.financial_year DESC`,
    )) as { financial_year: string; published: boolean }[];
    return rows.map((r) => ({ financialYear: r.financial_year, published: r.published }));
  }

  /** Whether anyone may read the year's grants table and 360Giving package without logging in. */
  async isPublished(financialYear: string): Promise<boolean> {
    return this.dataSource.getRepository(GrantsPublication).existsBy({ financialYear });
  }
}
