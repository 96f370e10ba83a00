import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobName, JobQueue, NotFoundError } from '#platform/index.js';
import { systemActor, type Actor } from '../access/actor.js';
import { GrantsPublicationService } from '../reports/grants-publication.service.js';
import { ReportsService } from '../reports/reports.service.js';
import type { ReturnsStatusReport } from '../returns/returns.types.js';
import { renderPanelPackPdf } from './panel-pack.pdf.js';
import type { PanelPackContents, PanelPackStatus, PanelPackView } from './panel.types.js';
import { ReconciliationSummaryService } from './reconciliation-summary.service.js';

/**
 * Finished packs kept per year: the newest, and two before it to compare with. Older ones go when
 * a newer pack is ready: each holds its whole PDF in the row, and any of them can be made again.
 */
export const PANEL_PACKS_KEPT_PER_YEAR = 3;

/** Named in every pack, so a reader on paper knows what the figures are. */
export const PANEL_PACK_DATA_SOURCE = 'Ringfence: awards, conditions, payments, monitoring returns and reconciliation runs as recorded when this pack was made';

interface PackRow {
  id: string;
  financial_year: string;
  status: PanelPackStatus;
  progress: number;
  byte_size: number | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = 'id, financial_year, status, progress, byte_size, error, created_at, finished_at';

const toView = (r: PackRow): PanelPackView => ({
  id: r.id,
  financialYear: r.financial_year,
  status: r.status,
  progress: r.progress,
  byteSize: r.byte_size,
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

/**
 * The panel pack of a financial year: its contents (read now, for the HTML page), and its PDF,
 * rendered by the worker from a `panel_pack` row (queued -> running -> ready | failed) so a
 * large year never holds a web request. Outcomes are always suppressed as for a viewer: the pack
 * is a document that leaves the system, whoever asks for it.
 */
@Injectable()
export class PanelPackService {
  private readonly logger = new Logger(PanelPackService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: ReportsService,
    private readonly publication: GrantsPublicationService,
    private readonly reconciliation: ReconciliationSummaryService,
    private readonly queue: JobQueue,
  ) {}

  /** The pack's figures as of now. `progress` is told the share done after each part. */
  async contents(actor: Actor, financialYear: string, progress: (percent: number) => Promise<void> = async () => undefined): Promise<PanelPackContents> {
    const generatedAt = new Date().toISOString();
    const grants = await this.reports.grantsTable(financialYear);
    await progress(20);
    const finance = await this.reports.finance(financialYear);
    await progress(35);
    const outcomes = await this.reports.outcomes(actor, financialYear, undefined, 'export');
    await progress(55);
    const returns: ReturnsStatusReport = await this.reports.returnsStatus(financialYear);
    await progress(65);
    const reconciliation = await this.reconciliation.forYear(financialYear);
    const published = await this.publication.isPublished(financialYear);
    await progress(75);
    return { financialYear, generatedAt, dataSource: PANEL_PACK_DATA_SOURCE, published, grants, finance, outcomes, returns, reconciliation };
  }

  /**
   * Asks for the year's PDF: a pack already queued or running for the year is answered as it is
   * (a double click makes one job); otherwise a new row, then the job after the row commits.
   */
  async request(actor: Actor, financialYear: string): Promise<PanelPackView> {
    const view = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ringfence:panel-pack:' || $1))`, [financialYear]);
      const [pending] = (await tx.query(`SELECT ${COLUMNS} FROM panel_pack WHERE financial_year = $1 AND status IN ('queued', 'running') ORDER BY created_at DESC LIMIT 1`, [
        financialYear,
      ])) as PackRow[];
      if (pending) return { view: toView(pending), created: false };
      const [row] = (await tx.query(`INSERT INTO panel_pack (financial_year, requested_by_user_id) VALUES ($1, $2) RETURNING ${COLUMNS}`, [financialYear, actor.userId])) as PackRow[];
      return { view: toView(row!), created: true };
    });
    if (view.created) await this.queue.enqueue({ name: JobName.PanelPackRender, data: { packId: view.view.id } });
    return view.view;
  }

  /** The year's packs, newest first. */
  async list(financialYear: string): Promise<PanelPackView[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM panel_pack WHERE financial_year = $1 ORDER BY created_at DESC LIMIT 10`, [financialYear])) as PackRow[];
    return rows.map(toView);
  }

  async get(id: string): Promise<PanelPackView> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS} FROM panel_pack WHERE id = $1`, [id])) as PackRow[];
    if (!row) throw new NotFoundError('panel pack', id);
    return toView(row);
  }

  /** A ready pack's PDF; NOT_FOUND for an unknown id or one not ready yet. */
  async pdf(id: string): Promise<{ pack: PanelPackView; body: Buffer; fileName: string }> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS}, pdf FROM panel_pack WHERE id = $1 AND status = 'ready'`, [id])) as (PackRow & { pdf: Buffer })[];
    if (!row) throw new NotFoundError('panel pack', id);
    return { pack: toView(row), body: row.pdf, fileName: `panel-pack-${row.financial_year.replace('/', '-')}.pdf` };
  }

  /**
   * For the worker (JobName.PanelPackRender): claims a queued pack, reads the figures and renders
   * the PDF with progress, then stores it. A pack not queued is left alone; a failure marks the
   * row failed with the error (the reader asks again) rather than retrying a broken render.
   */
  async render(packId: string): Promise<PanelPackStatus | 'skipped'> {
    const claimed = (await this.dataSource.query(`UPDATE panel_pack SET status = 'running', progress = 5 WHERE id = $1 AND status = 'queued' RETURNING financial_year`, [packId])) as [
      { financial_year: string }[],
      number,
    ];
    const year = claimed[0]?.[0]?.financial_year;
    if (!year) return 'skipped';
    const progress = (percent: number) => this.dataSource.query(`UPDATE panel_pack SET progress = $2 WHERE id = $1`, [packId, percent]).then(() => undefined);
    try {
      const contents = await this.contents(systemActor('panel-pack'), year, progress);
      const pdf = await renderPanelPackPdf(contents);
      await this.dataSource.transaction(async (tx) => {
        await tx.query(`UPDATE panel_pack SET status = 'ready', progress = 100, pdf = $2, byte_size = $3, finished_at = now() WHERE id = $1`, [packId, pdf, pdf.length]);
        // Queued and running packs are never removed here: their jobs still have work to do.
        await tx.query(
          `DELETE FROM panel_pack WHERE financial_year = $1 AND status IN ('ready', 'failed')
             AND id NOT IN (SELECT id FROM panel_pack WHERE financial_year = $1 AND status IN ('ready', 'failed') ORDER BY created_at DESC, id DESC LIMIT $2)`,
          [year, PANEL_PACKS_KEPT_PER_YEAR],
        );
      });
      return 'ready';
    } catch (error) {
      this.logger.warn({ packId, err: (error as Error).message }, 'panel pack failed');
      await this.dataSource.query(`UPDATE panel_pack SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [packId, (error as Error).message.slice(0, 500)]);
      return 'failed';
    }
  }
}
