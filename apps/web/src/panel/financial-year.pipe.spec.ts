import { describe, expect, it } from '@jest/globals';
import { FinancialYearPipe, yearSlug } from './financial-year.pipe.js';

describe('a financial year in a path', () => {
  const pipe = new FinancialYearPipe();

  it('reads 2014-15 as 2014/15, and back', () => {
    expect(pipe.transform('2014-15')).toBe('2014/15');
    expect(pipe.transform('1999-00')).toBe('1999/00');
    expect(yearSlug('2024/25')).toBe('2024-25');
  });

  it('is the 404 page for anything else', () => {
    for (const value of ['2014-16', '2014/15', '14-15', '2014-15x', '', undefined, 2014]) expect(() => pipe.transform(value)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
