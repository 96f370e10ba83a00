import { IndicatorLevel, IndicatorUnit, MAX_TEXT_VALUE_LENGTH, type IndicatorView } from '#domain/index.js';
import { parsePounds, penceToPounds } from '#platform/index.js';
import type { FieldProblem } from '../common/web-errors.js';

/**
 * The return's questions, generated from the award's outcome framework: one question page per
 * level of indicator (outputs, outcomes, impact), in that order, each indicator one field whose
 * input fits its unit. Pure, so the parsing rules are tested without a browser.
 */
export interface QuestionGroup {
  /** The level: the page's path segment and catalogue key. */
  key: IndicatorLevel;
  indicators: IndicatorView[];
}

const LEVEL_ORDER: readonly IndicatorLevel[] = [IndicatorLevel.Output, IndicatorLevel.Outcome, IndicatorLevel.Impact];

export function questionGroups(indicators: readonly IndicatorView[]): QuestionGroup[] {
  return LEVEL_ORDER.map((key) => ({ key, indicators: indicators.filter((i) => i.level === key).sort((a, b) => a.position - b.position) })).filter((g) => g.indicators.length > 0);
}

/** The form field (and element id) of an indicator: codes are letters, digits, `_` and `-`. */
export function fieldName(code: string): string {
  return `answer-${code}`;
}

type Value = number | string;

/** Digits with correctly placed thousands commas, or plain digits. */
const WHOLE = /^(\d{1,3}(?:,\d{3})+|\d+)$/;
const PERCENT = /^(\d+)(?:\.(\d+))?$/;

/**
 * One typed answer as the indicator's value, or why not. Blank is no answer (a draft may be
 * incomplete; submission asks for targeted ones). Counts are whole numbers (`1,250` allowed),
 * percentages 0-100 with at most 2 decimals (`%` allowed), money in pounds (`parsePounds`,
 * stored as pence), text as typed.
 */
export function parseAnswer(indicator: Pick<IndicatorView, 'code' | 'unit' | 'title'>, typed: unknown): { value: Value | null } | { problem: FieldProblem } {
  const field = fieldName(indicator.code);
  const raw = typeof typed === 'string' ? typed : '';
  const text = raw.trim();
  const problem = (kind: string): { problem: FieldProblem } => ({ problem: { field, key: `returns.answers.${indicator.unit}.${kind}`, params: { title: indicator.title } } });
  if (text === '') return { value: null };
  switch (indicator.unit) {
    case IndicatorUnit.Count: {
      if (!WHOLE.test(text)) return problem('format');
      const n = Number(text.replace(/,/g, ''));
      return Number.isSafeInteger(n) ? { value: n } : problem('too-large');
    }
    case IndicatorUnit.Percentage: {
      const match = PERCENT.exec(text.replace(/\s*%$/, ''));
      if (!match) return problem('format');
      if ((match[2] ?? '').length > 2) return problem('precision');
      const n = Number(match[0]);
      return n <= 100 ? { value: n } : problem('range');
    }
    case IndicatorUnit.Pence: {
      const parsed = parsePounds(text);
      return parsed.ok ? { value: parsed.pence } : problem(parsed.problem);
    }
    default:
      return raw.length > MAX_TEXT_VALUE_LENGTH ? problem('too-long') : { value: raw.trim() };
  }
}

/** Every answer of a group, or every problem with them, in the page's order. */
export function parseGroup(group: QuestionGroup, body: Record<string, unknown>): { values: { indicatorCode: string; value: Value }[]; problems: FieldProblem[] } {
  const values: { indicatorCode: string; value: Value }[] = [];
  const problems: FieldProblem[] = [];
  for (const indicator of group.indicators) {
    const parsed = parseAnswer(indicator, body[fieldName(indicator.code)]);
    if ('problem' in parsed) problems.push(parsed.problem);
    else if (parsed.value !== null) values.push({ indicatorCode: indicator.code, value: parsed.value });
  }
  return { values, problems };
}

/** A stored value as the field shows it again: money back in pounds, numbers as typed. */
export function answerText(unit: IndicatorUnit, value: Value | undefined): string {
  if (value === undefined || value === null) return '';
  if (unit === IndicatorUnit.Pence && typeof value === 'number') return penceToPounds(value);
  return String(value);
}
