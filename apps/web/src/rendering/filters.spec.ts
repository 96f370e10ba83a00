import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createTranslator, loadCatalogue } from '../i18n/i18n.js';
import { createFilters } from './filters.js';

const filters = createFilters(createTranslator(loadCatalogue(join(process.cwd(), 'apps/web/locales/en'))));

describe('page filters', () => {
  it('shows money as people write it', () => {
    expect(filters.money(123456)).toBe('£1,234.56');
    expect(filters.money(1200000)).toBe('£12,000.00');
    expect(filters.money(0)).toBe('£0.00');
    expect(filters.money(-2500)).toBe('-£25.00');
    expect(filters.money(null)).toBe('');
  });

  it('shows dates as "31 March 2026", instants as their date in London', () => {
    expect(filters.longDate('2026-03-31')).toBe('31 March 2026');
    expect(filters.longDate('2014-04-01')).toBe('1 April 2014');
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
    expect(filters.longDate(new Date('2026-03-31T23:30:00Z'))).toBe('1 April 2026');
    expect(filters.longDate(new Date('2026-01-15T23:30:00Z'))).toBe('15 January 2026');
    expect(filters.longDate(null)).toBe('');
  });

  it('shows instants with a time in London', () => {
    expect(filters.dateTime(new Date('2026-03-31T13:05:00Z'))).toBe('31 March 2026 at 2:05pm');
    expect(filters.dateTime(new Date('2026-12-01T00:00:00Z'))).toBe('1 December 2026 at 12:00am');
    expect(filters.dateTime(new Date('2026-12-01T12:00:00Z'))).toBe('1 December 2026 at 12:00pm');
  });

  it('shows financial years as 2026/27, from a year or a date', () => {
    expect(filters.financialYear('2026/27')).toBe('2026/27');
    expect(filters.financialYear('2027-03-31')).toBe('2026/27');
    expect(filters.financialYear('2027-04-01')).toBe('2027/28');
  });

  it('words and colours status tags per kind of record (docs/web-contract.md#conventions tag words)', () => {
    expect(filters.statusTag('active')).toEqual({ text: 'Active', classes: 'govuk-tag--green' });
    expect(filters.statusTag('revision_requested', 'period')).toEqual({ text: 'Changes requested', classes: 'govuk-tag--orange' });
    expect(filters.statusTag('overdue', 'period')).toEqual({ text: 'Overdue', classes: 'govuk-tag--red' });
    expect(filters.statusTag('upcoming', 'period').text).toBe('Not started');
  });
});
