import { describe, expect, it } from '@jest/globals';
import { parseDateParts } from './date-parts.js';

describe('parseDateParts (GOV.UK date input)', () => {
  it.each([
    [{ day: '31', month: '3', year: '2026' }, '2026-03-31'],
    [{ day: '01', month: '04', year: '2014' }, '2014-04-01'],
    [{ day: ' 9 ', month: ' 4 ', year: ' 2026 ' }, '2026-04-09'],
    [{ day: '29', month: '2', year: '2028' }, '2028-02-29'],
    [{ day: '31', month: 'March', year: '2026' }, '2026-03-31'],
    [{ day: '31', month: 'mar', year: '2026' }, '2026-03-31'],
    [{ day: '1', month: 'Sept', year: '2026' }, '2026-09-01'],
    [{ day: '1', month: 'DEC', year: '2026' }, '2026-12-01'],
  ])('%j is %s', (parts, date) => expect(parseDateParts(parts)).toEqual({ ok: true, date }));

  it('names nothing entered', () => expect(parseDateParts({ day: '', month: ' ', year: undefined })).toEqual({ ok: false, problem: 'empty' }));

  it('names the missing parts', () => {
    expect(parseDateParts({ day: '1', month: '', year: '2026' })).toEqual({ ok: false, problem: 'missing', parts: ['month'] });
    expect(parseDateParts({ day: '', month: '', year: '2026' })).toEqual({ ok: false, problem: 'missing', parts: ['day', 'month'] });
  });

  it('wants a four-digit year', () => {
    expect(parseDateParts({ day: '1', month: '4', year: '26' })).toEqual({ ok: false, problem: 'year-digits' });
    expect(parseDateParts({ day: '1', month: '4', year: '20260' })).toEqual({ ok: false, problem: 'year-digits' });
  });

  it.each([
    [{ day: '30', month: '2', year: '2026' }, ['day', 'month', 'year']],
    [{ day: '29', month: '2', year: '2026' }, ['day', 'month', 'year']],
    [{ day: '32', month: '1', year: '2026' }, ['day']],
    [{ day: '0', month: '1', year: '2026' }, ['day']],
    [{ day: '1', month: '13', year: '2026' }, ['month']],
    [{ day: '1', month: 'ma', year: '2026' }, ['month']],
    [{ day: '1', month: 'marchh', year: '2026' }, ['month']],
    [{ day: 'x', month: 'y', year: '2026' }, ['day', 'month']],
    [{ day: '1.5', month: '1', year: '2026' }, ['day']],
    [{ day: '1', month: '1', year: '2O26' }, ['year']],
  ])('%j is not a real date (%j)', (parts, wrong) => expect(parseDateParts(parts)).toEqual({ ok: false, problem: 'not-real', parts: wrong }));
});
