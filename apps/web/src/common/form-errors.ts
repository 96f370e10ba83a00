import { describeBytes } from '#domain/index.js';
import { DomainError, isCalendarDate } from '#platform/index.js';
import type { Translate } from '../i18n/i18n.js';
import type { Filters } from '../rendering/filters.js';
import type { FieldProblem } from './web-errors.js';

/** What a form page shows: the GOV.UK error summary's list and each field's inline message. */
export interface FormErrors {
  summary: { text: string; href?: string }[];
  fields: Record<string, { text: string; visuallyHiddenText: string; parts?: string[] }>;
}

/** Domain codes that are not about the form: the error filter shows their own page instead. */
export const PAGE_LEVEL_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'ON_BEHALF_REQUIRED', 'UNAUTHENTICATED']);

/** The HTTP status a form shown again with a domain error answers with (as the API would). */
export function statusForDomainError(error: DomainError): number {
  return error.code === 'VALIDATION' ? 400 : 409;
}

/**
 * A coded domain error as a problem on the form: catalogue entry `domainErrors.<CODE>` (or
 * `domainErrors.VALIDATION.<field>` for a named field), on the field the error names (its
 * `details.field`) or the one the page maps the code to; its details become the message's
 * parameters, formatted as people read them (see formatParams).
 */
export function problemFromDomainError(error: DomainError, fieldsByCode: Record<string, string> = {}): FieldProblem {
  const field = typeof error.details['field'] === 'string' ? (error.details['field'] as string) : fieldsByCode[error.code];
  const key = error.code === 'VALIDATION' ? `domainErrors.VALIDATION.${field ?? 'default'}` : `domainErrors.${error.code}`;
  return { field, key, params: { ...error.details } };
}

/**
 * Message parameters as people read them: `...Pence` numbers as money, `...Bytes` as "10 MB", dates (`YYYY-MM-DD` or
 * instants) as "31 March 2026", date-input parts and lists in words. The one place figures in error messages
 * are formatted, so "(£12,000.00)" reads the same on every page.
 */
export function formatParams(params: Record<string, unknown>, t: Translate, filters: Filters): Record<string, unknown> {
  const formatted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (/Pence$/.test(name) && typeof value === 'number') formatted[name] = filters.money(value);
    else if (/Bytes$/.test(name) && typeof value === 'number') formatted[name] = describeBytes(value);
    else if ((typeof value === 'string' && isCalendarDate(value)) || value instanceof Date) formatted[name] = filters.longDate(value);
    else if (name === 'parts' && Array.isArray(value)) formatted[name] = inWords(value.map((p) => t(`dates.parts.${p}`)), t);
    else if (Array.isArray(value)) formatted[name] = inWords(value.map((v) => listItem(v, t)), t);
    else formatted[name] = value;
  }
  return formatted;
}

/** One item of a listed detail: a record by its title, and a condition with its status ("Safeguarding policy (breached)"). */
function listItem(item: unknown, t: Translate): string {
  if (!item || typeof item !== 'object' || !('title' in item)) return String(item);
  const { title, status } = item as { title: unknown; status?: unknown };
  return typeof status === 'string' ? `${String(title)} (${t(`status.condition.${status}`).toLowerCase()})` : String(title);
}

/** The generic message of a key's kind, for a key the catalogue does not have (yet). */
function fallbackKey(key: string): string {
  if (key.startsWith('domainErrors.VALIDATION.')) return 'domainErrors.VALIDATION.default';
  return key.startsWith('domainErrors.') ? 'domainErrors.default' : 'form.invalid';
}

function inWords(items: string[], t: Translate): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${t('common.and')} ${items[items.length - 1]}`;
}

/**
 * Problems -> the error summary and inline messages: one message per field (the first), the
 * summary in the order given, each linking to its field. A key the catalogue lacks falls back to
 * the generic message of its kind, so a new domain code never shows a raw key or English from code.
 */
export function toFormErrors(problems: FieldProblem[], t: Translate, filters: Filters): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  for (const problem of problems) {
    const params = formatParams(problem.params ?? {}, t, filters);
    let text = t(problem.key, params);
    if (text === problem.key) text = t(fallbackKey(problem.key), params);
    if (problem.field && errors.fields[problem.field]) continue;
    errors.summary.push({ text, href: problem.href ?? (problem.field ? `#${problem.field}` : undefined) });
    if (problem.field) {
      const parts = Array.isArray(problem.params?.['parts']) ? (problem.params['parts'] as string[]) : undefined;
      errors.fields[problem.field] = { text, visuallyHiddenText: t('common.errorPrefix'), ...(parts ? { parts } : {}) };
    }
  }
  return errors;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
