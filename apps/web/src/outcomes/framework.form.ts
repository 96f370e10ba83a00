import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { checkIndicatorDefinitions, IndicatorAggregation, IndicatorDirection, IndicatorLevel, IndicatorUnit, type CreateIndicatorInput } from '#domain/index.js';
import type { FieldProblem } from '../common/web-errors.js';

export const LEVELS = Object.values(IndicatorLevel);
export const UNITS = Object.values(IndicatorUnit);
export const DIRECTIONS = Object.values(IndicatorDirection);
export const AGGREGATIONS = Object.values(IndicatorAggregation);
/** Rows a new framework form starts with, and the most "Add another indicator" makes. */
export const FIRST_ROWS = 1;
export const MAX_ROWS = 30;
const FIELDS = ['code', 'title', 'level', 'unit', 'direction', 'aggregation'] as const;

/**
 * A new outcome framework: its name and year, and indicator rows named `indicators-<i>-<field>`
 * (the body parser is flat). "Add another indicator" posts the form back with one more row, so
 * the pattern works without JavaScript. Everything is optional here: the rows are checked only
 * when the framework is created (parseIndicators), never while rows are being added.
 */
export class FrameworkForm {
  @IsOptional() @IsString() @MaxLength(200, { message: 'outcomes.form.name.tooLong' })
  name?: string;

  @IsOptional() @IsString()
  financialYear?: string;

  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;

  @IsOptional() @IsIn(['add', 'create'])
  action?: 'add' | 'create';
}

/** How many indicator rows the posted form had (at least one, at most MAX_ROWS). */
export function rowCount(body: Record<string, unknown>): number {
  const n = Number(body['rows']);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_ROWS) : FIRST_ROWS;
}

/** The typed indicators (rows left wholly empty are skipped) and what is wrong with them, by input name. */
export function parseIndicators(body: Record<string, unknown>): { indicators: CreateIndicatorInput[]; problems: FieldProblem[] } {
  const rows: { index: number; value: CreateIndicatorInput }[] = [];
  for (let i = 0; i < rowCount(body); i++) {
    const get = (f: string) => (typeof body[`indicators-${i}-${f}`] === 'string' ? (body[`indicators-${i}-${f}`] as string).trim() : '');
    if (!get('code') && !get('title')) continue;
    rows.push({ index: i, value: { code: get('code').toUpperCase(), title: get('title'), level: get('level') as never, unit: get('unit') as never, direction: get('direction') as never, aggregation: get('aggregation') as never } });
  }
  const problems: FieldProblem[] = [];
  if (rows.length === 0) problems.push({ field: 'indicators-0-code', key: 'outcomes.form.indicators.none' });
  rows.forEach(({ index, value }) => {
    if (!value.title) problems.push({ field: `indicators-${index}-title`, key: 'outcomes.form.title.missing' });
  });
  for (const p of checkIndicatorDefinitions(rows.map((r) => r.value))) {
    const match = /^indicators\[(\d+)\]\.(\w+)$/.exec(p.field);
    if (!match) continue;
    const field = FIELDS.find((f) => f === match[2]) ?? 'code';
    const index = rows[Number(match[1])]!.index;
    if (field === 'title') continue;
    problems.push({ field: `indicators-${index}-${field}`, key: `outcomes.form.${field}.invalid`, params: { code: rows[Number(match[1])]!.value.code } });
  }
  return { indicators: rows.map((r) => r.value), problems };
}
