import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { financialYearOf, isFinancialYear, writeCsv, type CsvTable } from '#platform/index.js';
import { FundingService, grantsTableRows, outcomesRows, ReportsService, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { pageNumber, paginationFor, type PaginationModel } from '../common/pagination.js';
import { outcomeChart } from './outcome-chart.js';
import { GRANTS_PAGE_SIZE, grantsTablePage } from './grants-table-page.js';

/** Awards' charts per page of the outcomes report. */
const OUTCOME_AWARDS_PAGE_SIZE = 25;

/**
 * Reports for staff: the plan's grants table (with its CSV), the returns status of a year, and
 * outcomes against targets per award, stream, plan objective and year, as charts with the
 * table beside. The CSVs are the domain's rows through the one CSV writer, as the API's are.
 */
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly funding: FundingService,
  ) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @Render('reports/index')
  async index(@Query('year') year?: string) {
    return this.chooser(year);
  }

  /** A page of the year's grants table with the year's total; the CSV below is the whole year. */
  @Get('grants')
  @Roles(...STAFF_ROLES)
  @Render('reports/grants')
  async grants(@Query() query: Record<string, unknown>) {
    const chooser = await this.chooser(typeof query['year'] === 'string' ? query['year'] : undefined);
    const table = await grantsTablePage(this.reports, chooser.year, pageNumber(query['page']));
    return { ...chooser, table, pagination: paginationFor(table.total ?? 0, table.page ?? 1, GRANTS_PAGE_SIZE, '/reports/grants', { year: chooser.year }) };
  }

  @Get('grants.csv')
  @Roles(...STAFF_ROLES)
  async grantsCsv(@Query('year') year: string | undefined, @Res() res: Response): Promise<void> {
    const { year: fy } = await this.chooser(year);
    download(res, `grants-${fy}`, grantsTableRows(await this.reports.grantsTable(fy)));
  }

  @Get('returns')
  @Roles(...STAFF_ROLES)
  @Render('reports/returns')
  async returns(@Query('year') year?: string) {
    const chooser = await this.chooser(year);
    const report = await this.reports.returnsStatus(chooser.year);
    return { ...chooser, report, statuses: Object.entries(report.counts).map(([status, count]) => ({ status, count })) };
  }

  @Get('outcomes')
  @Roles(...STAFF_ROLES)
  @Render('reports/outcomes')
  async outcomes(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const chooser = await this.chooser(typeof query['year'] === 'string' ? query['year'] : undefined);
    const report = await this.reports.outcomes(actor, chooser.year);
    const section = <T extends { indicators: Parameters<typeof outcomeChart>[0] }>(items: T[]) => items.map((item) => ({ ...item, chart: outcomeChart(item.indicators) }));
    // The awards' charts page on the server like every list (docs/web-contract.md#conventions):
    // a year's thousands of awards were megabytes of SVG and most of the page's time (issue 17.6).
    const measured = report.awards.filter((a) => a.indicators.length > 0);
    const page = Math.min(pageNumber(query['page']), Math.max(1, Math.ceil(measured.length / OUTCOME_AWARDS_PAGE_SIZE)));
    return {
      ...chooser,
      report,
      yearChart: outcomeChart(report.year.indicators),
      streams: section(report.streams),
      objectives: section(report.objectives),
      awards: section(measured.slice((page - 1) * OUTCOME_AWARDS_PAGE_SIZE, page * OUTCOME_AWARDS_PAGE_SIZE)),
      awardsTotal: measured.length,
      pagination: toAwards(paginationFor(measured.length, page, OUTCOME_AWARDS_PAGE_SIZE, '/reports/outcomes', { year: chooser.year })),
    };
  }

  @Get('outcomes.csv')
  @Roles(...STAFF_ROLES)
  async outcomesCsv(@CurrentActor() actor: Actor, @Query('year') year: string | undefined, @Res() res: Response): Promise<void> {
    const { year: fy } = await this.chooser(year);
    download(res, `outcomes-${fy}`, outcomesRows(await this.reports.outcomes(actor, fy, undefined, 'export')));
  }

  /**
   * The years with funding streams, newest first, and the one asked for (else the newest). Only
   * the years are read: it read every stream with its totals (issue 17.6: most of a report page's time).
   */
  private async chooser(year: string | undefined) {
    const years = await this.funding.financialYears();
    const chosen = typeof year === 'string' && isFinancialYear(year) ? year : (years[0] ?? financialYearOf(new Date().toISOString().slice(0, 10)));
    return { years, year: chosen };
  }
}

/** Each page link lands on the awards' charts, below the year's, streams' and objectives'. */
function toAwards(pagination: PaginationModel | undefined): PaginationModel | undefined {
  if (!pagination) return undefined;
  const at = <T extends { href: string }>(link: T): T => ({ ...link, href: `${link.href}#awards` });
  return {
    ...(pagination.previous ? { previous: at(pagination.previous) } : {}),
    ...(pagination.next ? { next: at(pagination.next) } : {}),
    items: pagination.items.map((item) => ('href' in item ? at(item) : item)),
  };
}

/** A CSV download: a plain file name, the shared writer (formulas neutralised). */
function download(res: Response, filename: string, table: CsvTable): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}.csv"`);
  res.send(writeCsv(table));
}
