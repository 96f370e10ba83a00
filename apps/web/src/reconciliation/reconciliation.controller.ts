import { Body, Controller, Get, Header, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FundingService, ReconciliationService, Role, type Actor, type DiscrepancyView, type RunDetailView } from '#domain/index.js';
import { writeCsv } from '#platform/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import type { WebRequest } from '../common/web-request.js';
import { StartRunForm } from './reconciliation.form.js';

const PAGE_SIZE = 20;
const STAFF = [Role.Finance, Role.Commissioner, Role.Admin];
/**
 * A run's discrepancies a page at a time, as the API pages them (issue 16): a year's run finds
 * thousands (6,599 in the bench data), and one page of 5,000 rows took most of a second to read
 * and draw, and hid the rest. The captions count each code over the whole run; the CSV has all.
 */
const DISCREPANCY_PAGE_SIZE = 200;
/** Every discrepancy of a run, for the CSV. */
const ALL_DISCREPANCIES = { page: 1, pageSize: 1_000_000 };

/** Discrepancies grouped by code, in the order the run lists them (errors first). */
function byCode(items: DiscrepancyView[]): { code: string; severity: string; items: DiscrepancyView[] }[] {
  const groups = new Map<string, { code: string; severity: string; items: DiscrepancyView[] }>();
  for (const d of items) {
    const group = groups.get(d.code) ?? { code: d.code, severity: d.severity, items: [] };
    group.items.push(d);
    groups.set(d.code, group);
  }
  return [...groups.values()];
}

/**
 * Reconciliation (issue 16, item 3): finance starts a run of a year or a stream (the worker runs
 * it), watches it (the page refreshes itself without JavaScript and updates in place with it),
 * then reads the totals and the discrepancies by type, new and resolved since the previous run,
 * and downloads them as CSV.
 */
@Controller('reconciliation')
export class ReconciliationController {
  constructor(
    private readonly runs: ReconciliationService,
    private readonly funding: FundingService,
  ) {}

  @Get()
  @Roles(...STAFF)
  @Render('reconciliation/index')
  async index(@Req() req: WebRequest) {
    const page = pageNumber(req.query['page']);
    const [runs, streams] = await Promise.all([this.runs.list({ page, pageSize: PAGE_SIZE }), this.funding.streamChoices()]);
    const years = [...new Set(streams.map((s) => s.financialYear))].sort().reverse();
    const streamNames = Object.fromEntries(streams.map((s) => [s.id, s.name]));
    return { ...runs, years, streams, streamNames, mayStart: req.actor?.role === Role.Finance, pagination: paginationFor(runs.total, page, PAGE_SIZE, '/reconciliation') };
  }

  @Post()
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('reconciliation/index', { model: 'index' })
  async start(@CurrentActor() actor: Actor, @Body() form: StartRunForm) {
    const [kind, value] = form.scope.split(/:(.*)/s) as [string, string];
    const stream = kind === 'stream' ? (await this.funding.streamChoices()).find((s) => s.id === value) : undefined;
    const run = await this.runs.request(actor, kind === 'year' ? { financialYear: value } : { financialYear: stream?.financialYear ?? '', fundingStreamId: value });
    return { url: `/reconciliation/${run.id}` };
  }

  @Get(':id')
  @Roles(...STAFF)
  @Render('reconciliation/run')
  async show(@Param('id', RecordIdPipe) id: string, @Req() req: WebRequest) {
    const page = pageNumber(req.query['page']);
    const run: RunDetailView = await this.runs.get(id, { page, pageSize: DISCREPANCY_PAGE_SIZE });
    const names = run.status === 'succeeded' ? await this.runs.namesFor([...run.discrepancies, ...run.resolved]) : { awards: {}, streams: {}, sources: {} };
    const finished = run.status === 'succeeded' || run.status === 'failed';
    return {
      run,
      finished,
      groups: byCode(run.discrepancies),
      names,
      percent: run.totalAwards ? Math.floor((100 * run.processedAwards) / run.totalAwards) : 0,
      pagination: paginationFor(run.discrepancyTotal, page, DISCREPANCY_PAGE_SIZE, `/reconciliation/${id}`),
    };
  }

  @Get(':id/discrepancies.csv')
  @Roles(...STAFF)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@Param('id', RecordIdPipe) id: string, @Res({ passthrough: true }) res: Response) {
    const run = await this.runs.get(id, ALL_DISCREPANCIES);
    const names = await this.runs.namesOf(id);
    res.setHeader('Content-Disposition', `attachment; filename="reconciliation-${run.financialYear.replace('/', '-')}-${id.slice(0, 8)}.csv"`);
    const rows = [
      ...run.discrepancies.map((d) => ({ d, state: d.isNew ? 'new' : 'open' })),
      ...run.resolved.map((d) => ({ d: { ...d, isNew: false }, state: 'resolved' })),
    ];
    return writeCsv({
      columns: ['state', 'code', 'severity', 'award', 'funding_stream', 'funding_source', 'expected_pence', 'actual_pence', 'message'],
      rows: rows.map(({ d, state }) => [
        state,
        d.code,
        d.severity,
        d.awardId ? (names.awards[d.awardId] ?? d.awardId) : '',
        d.fundingStreamId ? (names.streams[d.fundingStreamId] ?? d.fundingStreamId) : '',
        d.fundingSourceId ? (names.sources[d.fundingSourceId] ?? d.fundingSourceId) : '',
        d.expectedPence,
        d.actualPence,
        d.message,
      ]),
    });
  }
}
