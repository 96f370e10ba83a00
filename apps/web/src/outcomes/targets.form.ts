import { DomainError } from '#platform/index.js';
import type { AwardTargetInput, IndicatorView } from '#domain/index.js';
import type { FieldProblem } from '../common/web-errors.js';

/** The column of whole-award targets (a null period key). */
export const WHOLE_AWARD = 'award';

/** A target cell's input name: `target--<CODE>--<period key or "award">` (period keys hold `/`). */
export const targetField = (code: string, period: string) => `target--${code}--${period}`;
export const baselineField = (code: string) => `baseline--${code}`;

/** A typed figure: digits with optional commas, a decimal point or a leading minus; empty is no figure. */
function figure(typed: unknown): number | null | 'bad' {
  const text = typeof typed === 'string' ? typed.replace(/,/g, '').trim() : '';
  if (text === '') return null;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : 'bad';
}

/**
 * The targets table form as the domain's list: one target per filled cell (indicator x period, or
 * the whole award), the baseline on the whole-award target. Cells that are not figures are
 * problems naming their input.
 */
export function parseTargets(body: Record<string, unknown>, indicators: readonly IndicatorView[], periodKeys: readonly string[]): { targets: AwardTargetInput[]; problems: FieldProblem[]; fields: string[] } {
  const targets: AwardTargetInput[] = [];
  const problems: FieldProblem[] = [];
  const fields: string[] = [];
  for (const i of indicators.filter((x) => x.unit !== 'text')) {
    const baseline = figure(body[baselineField(i.code)]);
    if (baseline === 'bad') problems.push({ field: baselineField(i.code), key: 'outcomes.targets.notFigure', params: { code: i.code } });
    for (const period of [WHOLE_AWARD, ...periodKeys]) {
      const name = targetField(i.code, period);
      const value = figure(body[name]);
      if (value === 'bad') problems.push({ field: name, key: 'outcomes.targets.notFigure', params: { code: i.code } });
      else if (value !== null) {
        targets.push({ indicatorCode: i.code, periodKey: period === WHOLE_AWARD ? null : period, target: value, baseline: period === WHOLE_AWARD && typeof baseline === 'number' ? baseline : null });
        fields.push(name);
      }
    }
    if (typeof baseline === 'number' && !targets.some((t) => t.indicatorCode === i.code && t.periodKey === null)) {
      problems.push({ field: targetField(i.code, WHOLE_AWARD), key: 'outcomes.targets.baselineNeedsTarget', params: { code: i.code } });
    }
  }
  return { targets, problems, fields };
}

/** What the domain names as wrong with target i (`targets[2].target`), in the catalogue's terms. */
const REFUSED = /^targets\[(\d+)\]\.(indicatorCode|periodKey|target|baseline)$/;

/**
 * The domain's refusal of the targets (400 VALIDATION naming `targets[i].<field>`) as problems on
 * the cells that made them, in the catalogue's plain words for the indicator's unit: the domain's
 * own English is for API clients and is never shown. Any other error is not the form's and is rethrown.
 */
export function refusalProblems(error: unknown, parsed: { targets: readonly AwardTargetInput[]; fields: readonly string[] }, indicators: readonly IndicatorView[]): FieldProblem[] {
  if (!(error instanceof DomainError) || error.code !== 'VALIDATION') throw error;
  const named = (error.details['errors'] as { field: string }[] | undefined) ?? [{ field: String(error.details['field'] ?? '') }];
  const units = new Map(indicators.map((i) => [i.code, i.unit]));
  return named.map(({ field }) => {
    const at = REFUSED.exec(field);
    const target = at ? parsed.targets[Number(at[1])] : undefined;
    if (!at || !target) return { field: parsed.fields[0], key: 'outcomes.targets.refused.other' };
    const code = target.indicatorCode;
    const cell = parsed.fields[Number(at[1])];
    switch (at[2]) {
      case 'indicatorCode':
        return { field: cell, key: 'outcomes.targets.refused.indicator', params: { code } };
      case 'periodKey':
        return { field: cell, key: 'outcomes.targets.refused.period', params: { code, period: target.periodKey ?? '' } };
      case 'baseline':
        return { field: baselineField(code), key: `outcomes.targets.refused.baseline.${units.get(code) ?? 'other'}`, params: { code } };
      default:
        return { field: cell, key: `outcomes.targets.refused.target.${units.get(code) ?? 'other'}`, params: { code } };
    }
  });
}
