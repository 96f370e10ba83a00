import { describe, expect, it } from '@jest/globals';
import { neutraliseCell, writeCsv } from './csv-writer.js';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+SUM(A1:A2)', `'+SUM(A1:A2)`],
    ['-1+1', `'-1+1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['-2e5', `'-2e5`],
    ['+44 20 7946 0000', `'+44 20 7946 0000`],
    ['-', `'-`],
  ])('neutralises text that a spreadsheet would read as a formula: %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it.each([
    ['Warrington Borough Council', 'Warrington Borough Council'],
    ['a=b', 'a=b'],
    [' =1+1', ' =1+1'],
    ['', ''],
    ['<5', '<5'],
  ])('leaves ordinary text alone: %j', (cell, expected) => {
    expect(neutraliseCell(cell)).toBe(expected);
  });

  it('leaves numbers, and text that is a plain decimal, as values: a recovery of -£5.00 still adds up', () => {
    expect(neutraliseCell(-500)).toBe(-500);
    expect(neutraliseCell(-0.5)).toBe(-0.5);
    expect(neutraliseCell('-5.00')).toBe('-5.00');
    expect(neutraliseCell('-500')).toBe('-500');
    expect(neutraliseCell(null)).toBeNull();
    expect(neutraliseCell(true)).toBe(true);
  });
});

describe('writeCsv', () => {
  it('writes the header and rows with quoting, every cell neutralised, blank rows kept', () => {
    const csv = writeCsv({
      columns: ['Organisation', 'Amount (£)', 'Note'],
      rows: [
        ['=HYPERLINK("http://x","y")', '-5.00', 'has, a comma'],
        [],
        ['Total', -500, null],
      ],
    });
    expect(csv).toBe(`Organisation,Amount (£),Note\n"'=HYPERLINK(""http://x"",""y"")",-5.00,"has, a comma"\n\nTotal,-500,\n`);
  });
});
