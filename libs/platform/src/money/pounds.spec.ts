import { describe, expect, it } from '@jest/globals';
import { formatPounds, parsePounds, penceToPounds } from './pounds.js';

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

describe('formatPounds', () => {
  it.each([
    [123456, '£1,234.56'],
    [80145600, '£801,456.00'],
    [0, '£0.00'],
    [5, '£0.05'],
    [100000, '£1,000.00'],
    [99999, '£999.99'],
    [-1999, '-£19.99'],
    [-120000000, '-£1,200,000.00'],
    [Number.MAX_SAFE_INTEGER, '£90,071,992,547,409.91'],
  ])('%d pence is %s', (p, s) => expect(formatPounds(p)).toBe(s));

  it("agrees with Intl's en-GB pounds on 4,000 amounts of every length, both signs", () => {
    // Intl divides a float by 100: exact to the penny below 10^15 pence, so the sample stays there.
    const intl = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
    const values = [0, 1, 9, 10, 99, 100, 101, 999, 1_000, 99_999, 100_000, 123_456, 1_000_000, 12_345_678, 999_999_999_999_999];
    let seed = 7;
    for (let i = 0; i < 2_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      values.push(seed % 10 ** (1 + (i % 13)));
    }
    for (const pence of [...values, ...values.filter((v) => v !== 0).map((v) => -v)]) expect([pence, formatPounds(pence)]).toEqual([pence, intl.format(pence / 100)]);
  });
});

describe('parsePounds', () => {
  it.each([
    ['1234.56', 123456],
    ['£1,234.56', 123456],
    ['1,234', 123400],
    ['£ 1,234', 123400],
    ['  1234  ', 123400],
    ['0.5', 50],
    ['0.05', 5],
    ['.5', null],
    ['0', 0],
    ['007', 700],
    ['1,000,000.01', 100000001],
    // Floats would give 1.1 + 2.2-style errors; string arithmetic gives the exact pence.
    ['0.29', 29],
    ['1.15', 115],
    ['4.35', 435],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%j is %p pence', (text, pence) => {
    const parsed = parsePounds(text);
    if (pence === null) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, pence });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    [undefined, 'empty'],
    ['£', 'format'],
    ['-5', 'format'],
    ['1,23', 'format'],
    ['12,34.00', 'format'],
    ['1,2345', 'format'],
    ['1.', 'format'],
    ['1.2.3', 'format'],
    ['1e3', 'format'],
    ['0x10', 'format'],
    ['12 34', 'format'],
    ['£1,234.567', 'precision'],
    ['1.001', 'precision'],
    ['90071992547409.92', 'too-large'],
    ['99999999999999999999', 'too-large'],
    ['twelve', 'format'],
    ['١٢٣', 'format'],
  ])('refuses %j (%s)', (text, problem) => expect(parsePounds(text as string | undefined)).toEqual({ ok: false, problem }));

  it('round-trips every formatted amount', () => {
    for (const pence of [0, 1, 99, 100, 101, 123456, 80145600, 999999999, Number.MAX_SAFE_INTEGER]) {
      expect(parsePounds(formatPounds(pence))).toEqual({ ok: true, pence });
    }
  });
});
