import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import { AuditService, AwardsService, GrantsPublicationService, ReconciliationSummaryService, ReportsService, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { timelineItems } from '../awards/award-timeline.js';
import { PanelHomePage } from '../home/panel-home.page.js';
import { FinancialYearPipe, yearSlug } from './financial-year.pipe.js';
import { GRANTS_PAGE_SIZE, grantsTablePage } from '../reports/grants-table-page.js';

const AUDIT_PAGE_SIZE = 50;

/**
 * What the Police and Crime Panel and auditors scrutinise, read-only (issue 16 item 6): a year's
 * grants table, finance per stream, outcomes against targets, returns compliance and
 * reconciliation, and a grant's audit trail. Staff may read them too. Outcomes come from the
 * reports service, which suppresses small victim counts for viewers (disclosure.ts).
 */
@Controller('panel')
@Roles(...STAFF_ROLES)
export class PanelController {
  constructor(
    private readonly reports: ReportsService,
    private readonly publication: GrantsPublicationService,
    private readonly reconciliation: ReconciliationSummaryService,
    private readonly audit: AuditService,
    private readonly awards: AwardsService,
    private readonly home: PanelHomePage,
  ) {}

  /** The years to read about: the viewer's home, and where staff find the same pages. */
  @Get()
  @Render('home/panel')
  async index(@CurrentActor() actor: Actor, @Req() req: WebRequest) {
    return (await this.home.render(actor, req)).model;
  }

  /** A page of the year's grants (100 rows) with the year's total; the pack holds the whole table. */
  @Get('years/:year/grants')
  @Render('panel/grants')
  async grants(@Param('year', FinancialYearPipe) year: string, @Query() query: Record<string, unknown>, @Req() req: WebRequest) {
    const [table, published] = await Promise.all([grantsTablePage(this.reports, year, pageNumber(query['page'])), this.publication.isPublished(year)]);
    return { year, slug: yearSlug(year), table, published, pagination: paginationFor(table.total ?? 0, table.page ?? 1, GRANTS_PAGE_SIZE, req.path, query) };
  }

  @Get('years/:year/finance')
  @Render('panel/finance')
  async finance(@Param('year', FinancialYearPipe) year: string) {
    return { year, slug: yearSlug(year), report: await this.reports.finance(year) };
  }

  @Get('years/:year/outcomes')
  @Render('panel/outcomes')
  async outcomes(@CurrentActor() actor: Actor, @Param('year', FinancialYearPipe) year: string) {
    return { year, slug: yearSlug(year), report: await this.reports.outcomes(actor, year) };
  }

  @Get('years/:year/returns')
  @Render('panel/returns')
  async returns(@Param('year', FinancialYearPipe) year: string) {
    return { year, slug: yearSlug(year), report: await this.reports.returnsStatus(year) };
  }

  @Get('years/:year/reconciliation')
  @Render('panel/reconciliation')
  async reconciliationSummary(@Param('year', FinancialYearPipe) year: string) {
    return { year, slug: yearSlug(year), summary: await this.reconciliation.forYear(year) };
  }

  /**
   * A grant's audit trail: who changed what, when, newest first. The same history, through the
   * same query and rendering, as the award hub's timeline section; here under the panel's pages.
   */
  @Get('awards/:id/audit')
  @Render('panel/audit')
  async auditTrail(@CurrentActor() actor: Actor, @Param('id', RecordIdPipe) id: string, @Query() query: Record<string, unknown>, @Req() req: WebRequest) {
    const award = await this.awards.get(actor, id);
    const page = pageNumber(query['page']);
    const { items, total } = await this.audit.awardTimeline(id, page, AUDIT_PAGE_SIZE);
    return { award, items: timelineItems(items), total, pagination: paginationFor(total, page, AUDIT_PAGE_SIZE, req.path, query) };
  }
}
