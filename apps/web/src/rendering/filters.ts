import { financialYearOf, formatPounds, isCalendarDate, isFinancialYear } from '#platform/index.js';
import type { Translate } from '../i18n/i18n.js';

/**
 * The one place pages format money, dates, financial years and statuses (docs/web-contract.md#conventions), registered as
 * Nunjucks filters, so no template computes or formats these itself.
 */

/** Colours of GOV.UK tags by status, per kind of record; the words are in the catalogue (`status.<kind>.<status>`). */
const TAG_CLASSES: Record<string, Record<string, string>> = {
  award: { draft: 'govuk-tag--grey', approved: 'govuk-tag--light-blue', active: 'govuk-tag--green', suspended: 'govuk-tag--orange', closed: 'govuk-tag--grey', cancelled: 'govuk-tag--red' },
  period: {
    upcoming: 'govuk-tag--grey',
    open: 'govuk-tag--grey',
    due: 'govuk-tag--yellow',
    overdue: 'govuk-tag--red',
    draft: 'govuk-tag--light-blue',
    submitted: 'govuk-tag--blue',
    revision_requested: 'govuk-tag--orange',
    accepted: 'govuk-tag--green',
  },
  payment: { scheduled: 'govuk-tag--grey', approved: 'govuk-tag--light-blue', paid: 'govuk-tag--green', cancelled: 'govuk-tag--red' },
  condition: { open: 'govuk-tag--grey', met: 'govuk-tag--green', waived: 'govuk-tag--light-blue', breached: 'govuk-tag--red' },
};

export interface Filters {
  /** Integer pence -> `£1,234.56`; nothing for null. */
  money: (pence: number | null | undefined) => string;
  /** `2026-03-31` or an instant -> `31 March 2026` (instants as the date in Europe/London). */
  longDate: (value: string | Date | null | undefined) => string;
  /** An instant -> `31 March 2026 at 2:05pm` in Europe/London. */
  dateTime: (value: Date | string | null | undefined) => string;
  /** `2026/27` as it is, or the financial year of a `YYYY-MM-DD` date. */
  financialYear: (value: string | null | undefined) => string;
  /** A govukTag's parameters for a record's status: `{text, classes}`. */
  statusTag: (status: string, kind?: keyof typeof TAG_CLASSES) => { text: string; classes: string };
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function londonParts(instant: Date): { date: string; hour: number; minute: number } {
  const parts = Object.fromEntries(LONDON_PARTS.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, hour: Number(parts['hour']), minute: Number(parts['minute']) };
}

export function createFilters(t: Translate): Filters {
  const months = (index: number) => t(`dates.months.${index}`);
  const calendarDate = (date: string) => `${Number(date.slice(8, 10))} ${months(Number(date.slice(5, 7)))} ${date.slice(0, 4)}`;
  const toInstant = (value: Date | string) => (value instanceof Date ? value : new Date(value));

  return {
    money: (pence) => (pence === null || pence === undefined ? '' : formatPounds(Number(pence))),
    longDate: (value) => {
      if (value === null || value === undefined || value === '') return '';
      if (typeof value === 'string' && isCalendarDate(value)) return calendarDate(value);
      const instant = toInstant(value);
      return Number.isNaN(instant.getTime()) ? String(value) : calendarDate(londonParts(instant).date);
    },
    dateTime: (value) => {
      if (value === null || value === undefined || value === '') return '';
      const instant = toInstant(value);
      if (Number.isNaN(instant.getTime())) return String(value);
      const { date, hour, minute } = londonParts(instant);
      const time = `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}`;
      return t('dates.dateAtTime', { date: calendarDate(date), time });
    },
    financialYear: (value) => {
      if (!value) return '';
      if (isFinancialYear(value)) return value;
      return isCalendarDate(value) ? financialYearOf(value) : value;
    },
    statusTag: (status, kind = 'award') => ({ text: t(`status.${kind}.${status}`), classes: TAG_CLASSES[kind]?.[status] ?? 'govuk-tag--grey' }),
  };
}
