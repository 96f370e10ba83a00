import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isFinancialYear } from '#platform/index.js';
import { OutcomesService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, FormPage, Roles } from '../common/access.decorators.js';
import { setFlash } from '../common/page-locals.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import { RecordIdPipe } from '../common/record-id.pipe.js';
import { FormInvalid, type FieldProblem } from '../common/web-errors.js';
import type { WebRequest } from '../common/web-request.js';
import { AGGREGATIONS, DIRECTIONS, FIRST_ROWS, FrameworkForm, LEVELS, MAX_ROWS, parseIndicators, rowCount, UNITS } from './framework.form.js';

const PAGE_SIZE = 20;

/** Outcome frameworks: the list, one framework's indicators, and creating one with its indicators. */
@Controller('outcome-frameworks')
export class OutcomeFrameworksController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @Render('outcomes/list')
  async list(@Req() req: WebRequest) {
    const page = pageNumber(req.query['page']);
    const { items, total } = await this.outcomes.listFrameworks({ page, pageSize: PAGE_SIZE });
    return { frameworks: items, total, pagination: paginationFor(total, page, PAGE_SIZE, '/outcome-frameworks', req.query as Record<string, unknown>) };
  }

  @Get('new')
  @Roles(Role.Commissioner)
  @Render('outcomes/new')
  newFramework() {
    return this.formModel(FIRST_ROWS);
  }

  newModel(req: WebRequest) {
    return this.formModel(rowCount((req.body ?? {}) as Record<string, unknown>));
  }

  @Post()
  @Roles(Role.Commissioner)
  @FormPage('outcomes/new', { model: 'newModel' })
  async create(@CurrentActor() actor: Actor, @Body() form: FrameworkForm, @Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (form.action === 'add') {
      // "Add another indicator": the same form again, as typed, with one more empty row.
      const values = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf'));
      return res.render('outcomes/new', { ...this.formModel(Math.min(rowCount(body) + 1, MAX_ROWS)), values, focusRow: rowCount(body) });
    }
    const problems: FieldProblem[] = [];
    const name = form.name?.trim() ?? '';
    const financialYear = form.financialYear?.trim() ?? '';
    if (!name) problems.push({ field: 'name', key: 'outcomes.form.name.missing' });
    if (!isFinancialYear(financialYear)) problems.push({ field: 'financialYear', key: 'outcomes.form.financialYear.invalid' });
    const parsed = parseIndicators(body);
    problems.push(...parsed.problems);
    if (problems.length) throw new FormInvalid(problems);
    const framework = await this.outcomes.createFramework(actor, { name, financialYear, description: form.description?.trim() || null, indicators: parsed.indicators });
    setFlash(req, 'outcomes.flash.created', { name: framework.name, count: framework.indicators.length });
    res.redirect(303, `/outcome-frameworks/${framework.id}`);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  @Render('outcomes/show')
  async show(@Param('id', RecordIdPipe) id: string) {
    return { framework: await this.outcomes.getFramework(id) };
  }

  private formModel(rows: number) {
    return { rows: Array.from({ length: rows }, (_, i) => i), levels: LEVELS, units: UNITS, directions: DIRECTIONS, aggregations: AGGREGATIONS, maxRows: MAX_ROWS };
  }
}
