import { describe, expect, it } from '@jest/globals';
import { penceToPounds } from './pounds.js';

describe('penceToPounds', () => {
  it.each([
    [80145600, '801456.00'],
    [5, '0.05'],
    [-1999, '-19.99'],
    [0, '0.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%d pence is £%s', (p, s) => expect(penceToPounds(p)).toBe(s));
  it('refuses fractions of a penny', () => expect(() => penceToPounds(1.5)).toThrow());
});
