import { Controller, Get, Header, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FundingService, ReportsService, Role } from '#domain/index.js';
import { financialYearOf, isFinancialYear, todayInLondon, writeCsv } from '#platform/index.js';
import { Roles } from '../common/access.decorators.js';
import type { WebRequest } from '../common/web-request.js';
import { CHART_MEASURES, financeChart } from './finance-chart.js';

const READERS = [Role.Finance, Role.Commissioner, Role.Admin, Role.Viewer];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The year asked for, else the latest year with a stream, else the current one. The years alone:
 * reading them from listStreams summed every stream's awards and payments first (issue 16).
 */
async function yearOf(req: WebRequest, funding: FundingService): Promise<{ year: string; years: string[] }> {
  const years = await funding.financialYears();
  const asked = req.query['year'];
  const year = typeof asked === 'string' && isFinancialYear(asked) ? asked : (years[0] ?? financialYearOf(todayInLondon()));
  return { year, years };
}

/**
 * The finance report (issue 16, item 5): per stream and, for a chosen stream, per award: budget,
 * committed, paid, reported spend and remaining, with a server-drawn SVG chart and a CSV of every
 * stream and award.
 */
@Controller('finance-report')
export class FinanceReportController {
  constructor(
    private readonly reports: ReportsService,
    private readonly funding: FundingService,
  ) {}

  /**
   * The year's streams (the figures the API's finance report gives, and the chart); with `stream`
   * (one of the year's streams), that stream's awards too. Every award of the year on one page
   * was 2 MB of HTML at 2,300 awards, too long to read and to send (test/bench/FINDINGS.md, web
   * pages, round 5); the CSV still has every award.
   */
  @Get()
  @Roles(...READERS)
  @Render('finance-report/index')
  async show(@Req() req: WebRequest) {
    const { year, years } = await yearOf(req, this.funding);
    const asked = req.query['stream'];
    const streamId = typeof asked === 'string' && UUID.test(asked) ? asked : undefined;
    const { report, awards } = streamId ? await this.reports.financeWithAwards(year, streamId) : { report: await this.reports.finance(year), awards: [] };
    const chosen = streamId ? report.rows.find((s) => s.fundingStreamId === streamId) : undefined;
    return { year, years, report, chosen, awards: chosen ? awards : [], chart: financeChart(report.rows), measures: CHART_MEASURES };
  }

  @Get('csv')
  @Roles(...READERS)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@Req() req: WebRequest, @Res({ passthrough: true }) res: Response) {
    const { year } = await yearOf(req, this.funding);
    const { report, awards } = await this.reports.financeWithAwards(year);
    res.setHeader('Content-Disposition', `attachment; filename="finance-report-${year.replace('/', '-')}.csv"`);
    const names = Object.fromEntries(report.rows.map((r) => [r.fundingStreamId, r.name]));
    return writeCsv({
      columns: ['level', 'funding_stream', 'award_reference', 'recipient', 'budget_pence', 'committed_pence', 'paid_net_pence', 'reported_spend_pence', 'remaining_pence'],
      rows: [
        ...report.rows.map((r) => ['stream', r.name, '', '', r.budgetPence, r.committedPence, r.netPaidPence, r.reportedSpendPence, r.remainingPence]),
        ...awards.map((a) => ['award', names[a.fundingStreamId] ?? '', a.reference, a.recipientName, a.budgetPence, a.committedPence, a.netPaidPence, a.reportedSpendPence, a.remainingPence]),
      ],
    });
  }
}
