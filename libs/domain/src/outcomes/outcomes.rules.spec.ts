import { describe, expect, it } from '@jest/globals';
import {
  IndicatorAggregation,
  IndicatorDirection,
  IndicatorLevel,
  IndicatorUnit,
  aggregate,
  aggregationAllowed,
  checkFrameworkScope,
  checkIndicatorDefinitions,
  checkIndicatorValue,
  checkTargets,
  defaultIsVictimCount,
  isIndicatorCode,
  isPeriodKey,
  parsePeriodKey,
  periodKeyBounds,
  sameTargets,
  type IndicatorDefinition,
} from './outcomes.rules.js';

const { Count, Percentage, Pence, Text } = IndicatorUnit;
const { Sum, Mean, Latest } = IndicatorAggregation;

describe('indicator values', () => {
  it.each<[IndicatorUnit, unknown]>([
    [Count, 0],
    [Count, 22597],
    [Count, Number.MAX_SAFE_INTEGER],
    [Percentage, 0],
    [Percentage, 100],
    [Percentage, 87.5],
    [Percentage, 33.33],
    [Percentage, 0.01],
    [Pence, 0],
    [Pence, 120_000_000],
    [Text, 'Two case studies attached'],
  ])('accepts a %s of %p', (unit, value) => expect(checkIndicatorValue({ unit }, value)).toBeNull());

  it.each<[IndicatorUnit, unknown, RegExp]>([
    [Count, -1, /whole number of 0 or more/],
    [Count, 1.5, /whole number/],
    [Count, Number.MAX_SAFE_INTEGER + 1, /whole number/],
    [Count, '12', /must be a number/],
    [Count, null, /must be a number/],
    [Count, Number.NaN, /must be a number/],
    [Count, Number.POSITIVE_INFINITY, /must be a number/],
    [Percentage, 101, /from 0 to 100/],
    [Percentage, -0.5, /from 0 to 100/],
    [Percentage, 12.345, /at most 2 decimal places/],
    [Percentage, '50', /must be a number/],
    [Pence, 10.5, /whole number of pence/],
    [Pence, -100, /whole number of pence/],
    [Pence, 1e17, /whole number of pence/],
    [Text, 42, /must be text/],
    [Text, '   ', /blank/],
    [Text, 'x'.repeat(5001), /at most 5000/],
  ])('refuses a %s of %p', (unit, value, message) => expect(checkIndicatorValue({ unit }, value)).toMatch(message));
});

describe('period keys', () => {
  it.each(['2026/27', '2026/27-Q1', '2026/27-Q4', '2026/27-H1', '2026/27-H2', '2026/27-X1', '2026/27-X999', '1999/00'])('%s is a period key', (key) =>
    expect(isPeriodKey(key)).toBe(true),
  );

  it.each(['2026/28-Q1', '2026/26', '2026/27-Q5', '2026/27-Q0', '2026/27-H3', '2026/27-X0', '2026/27-X1000', '2026/27-X01', '2026-27', '2026/27 ', '2026/27-q1', 'Q1', '', null, 202627])(
    '%p is not a period key',
    (key) => expect(isPeriodKey(key)).toBe(false),
  );

  it('parses the financial year, kind and index', () => {
    expect(parsePeriodKey('2026/27')).toEqual({ financialYear: '2026/27', kind: 'year', index: null });
    expect(parsePeriodKey('2026/27-Q3')).toEqual({ financialYear: '2026/27', kind: 'quarter', index: 3 });
    expect(parsePeriodKey('2026/27-H2')).toEqual({ financialYear: '2026/27', kind: 'half', index: 2 });
    expect(parsePeriodKey('2026/27-X12')).toEqual({ financialYear: '2026/27', kind: 'extra', index: 12 });
  });

  it.each([
    ['2026/27', '2026-04-01', '2027-03-31'],
    ['2026/27-Q1', '2026-04-01', '2026-06-30'],
    ['2026/27-Q2', '2026-07-01', '2026-09-30'],
    ['2026/27-Q3', '2026-10-01', '2026-12-31'],
    ['2026/27-Q4', '2027-01-01', '2027-03-31'],
    ['2026/27-H1', '2026-04-01', '2026-09-30'],
    ['2026/27-H2', '2026-10-01', '2027-03-31'],
    ['2026/27-X2', '2026-04-01', '2027-03-31'],
    ['1999/00-Q4', '2000-01-01', '2000-03-31'],
  ])('%s runs from %s to %s', (key, start, end) => expect(periodKeyBounds(key)).toEqual({ start, end }));
});

describe('indicator definitions', () => {
  const indicator = (fields: Partial<IndicatorDefinition> = {}): IndicatorDefinition => ({
    code: 'REF',
    title: 'Referrals received',
    level: IndicatorLevel.Output,
    unit: Count,
    direction: IndicatorDirection.HigherIsBetter,
    aggregation: Sum,
    ...fields,
  });

  it('accepts codes of capitals, digits and underscores starting with a letter, up to 20', () => {
    for (const code of ['REF', 'A', 'SUP_2', 'A'.repeat(20)]) expect(isIndicatorCode(code)).toBe(true);
    for (const code of ['ref', '1REF', '_REF', 'RE F', 'RÉF', 'A'.repeat(21), '', 7]) expect(isIndicatorCode(code)).toBe(false);
  });

  it('lets text indicators only take the latest value', () => {
    expect(aggregationAllowed(Text, Latest)).toBe(true);
    expect(aggregationAllowed(Text, Sum)).toBe(false);
    expect(aggregationAllowed(Text, Mean)).toBe(false);
    for (const unit of [Count, Percentage, Pence]) for (const a of [Sum, Mean, Latest]) expect(aggregationAllowed(unit, a)).toBe(true);
  });

  it('counts victims by default only for count indicators', () => {
    expect(defaultIsVictimCount(Count)).toBe(true);
    expect([Percentage, Pence, Text].map(defaultIsVictimCount)).toEqual([false, false, false]);
  });

  it('names each problem by its place in the list', () => {
    expect(
      checkIndicatorDefinitions([
        indicator(),
        indicator({ code: 'ref' }),
        indicator({ code: 'REF' }),
        indicator({ code: 'NOTE', unit: Text, aggregation: Mean }),
        indicator({ code: 'COPE', unit: Percentage, aggregation: Mean, isVictimCount: true }),
      ]),
    ).toEqual([
      { field: 'indicators[1].code', message: expect.stringMatching(/capital letters/) },
      { field: 'indicators[2].code', message: 'REF repeats indicators[0].code' },
      { field: 'indicators[3].aggregation', message: expect.stringMatching(/must be latest for a text indicator/) },
      { field: 'indicators[4].isVictimCount', message: 'applies only to count indicators, not percentage' },
    ]);
  });

  it('refuses a code the framework already has, and names a lone indicator by its own fields', () => {
    expect(checkIndicatorDefinitions([indicator({ code: 'SUP' })], ['REF', 'SUP'], '')).toEqual([{ field: 'code', message: expect.stringMatching(/SUP is already an indicator/) }]);
    expect(checkIndicatorDefinitions([indicator({ code: 'NEW' })], ['REF', 'SUP'], '')).toEqual([]);
  });

  it('needs a framework to be for a year, a stream or an objective', () => {
    expect(checkFrameworkScope({})).toMatchObject({ field: 'financialYear' });
    expect(checkFrameworkScope({ financialYear: null, fundingStreamId: null, planObjectiveId: null })).not.toBeNull();
    expect(checkFrameworkScope({ financialYear: '2026/27' })).toBeNull();
    expect(checkFrameworkScope({ fundingStreamId: 'x' })).toBeNull();
    expect(checkFrameworkScope({ planObjectiveId: 'y' })).toBeNull();
  });
});

describe('targets', () => {
  const indicators = [
    { code: 'REF', unit: Count },
    { code: 'COPE', unit: Percentage },
    { code: 'SPEND', unit: Pence },
    { code: 'STORY', unit: Text },
  ];
  const award = { startDate: '2026-04-01', endDate: '2027-03-31' };

  it('accepts targets for the whole award and for periods inside its dates', () => {
    expect(
      checkTargets(
        indicators,
        [
          { indicatorCode: 'REF', target: 2000 },
          { indicatorCode: 'REF', periodKey: '2026/27-Q1', baseline: 400, target: 500 },
          { indicatorCode: 'REF', periodKey: '2026/27-Q2', baseline: null, target: 500 },
          { indicatorCode: 'COPE', periodKey: '2026/27-H2', baseline: 80, target: 85.25 },
          { indicatorCode: 'SPEND', periodKey: '2026/27', target: 12_000_000 },
          { indicatorCode: 'COPE', periodKey: '2026/27-X1', target: 90 },
        ],
        award,
      ),
    ).toEqual([]);
  });

  it('names every problem with its index and field', () => {
    expect(
      checkTargets(
        indicators,
        [
          { indicatorCode: 'REF', target: 10 },
          { indicatorCode: 'COPE', target: 101 },
          { indicatorCode: 'NOPE', target: 1 },
          { indicatorCode: 'REF', periodKey: '2026/28-Q1', target: 1 },
          { indicatorCode: 'REF', periodKey: null, target: 5 },
          { indicatorCode: 'STORY', target: 1 },
          { indicatorCode: 'REF', periodKey: '2025/26-Q4', target: 1.5, baseline: -1 },
          { indicatorCode: 'SPEND', periodKey: '2027/28-Q1', target: 1 },
        ],
        award,
      ),
    ).toEqual([
      { field: 'targets[1].target', message: 'must be a percentage from 0 to 100' },
      { field: 'targets[2].indicatorCode', message: "NOPE is not an indicator of the award's outcome framework" },
      { field: 'targets[3].periodKey', message: expect.stringMatching(/real financial year/) },
      { field: 'targets[4].periodKey', message: 'repeats targets[0]: REF already has a target for the whole award' },
      { field: 'targets[5].indicatorCode', message: 'STORY is a text indicator; text indicators take no targets' },
      { field: 'targets[6].periodKey', message: "2025/26-Q4 (2026-01-01 to 2026-03-31) is outside the award's dates (2026-04-01 to 2027-03-31)" },
      { field: 'targets[6].target', message: expect.stringMatching(/whole number/) },
      { field: 'targets[6].baseline', message: expect.stringMatching(/whole number of 0 or more/) },
      { field: 'targets[7].periodKey', message: expect.stringMatching(/outside the award's dates/) },
    ]);
  });

  it('accepts a period that only partly overlaps the award', () => {
    expect(checkTargets(indicators, [{ indicatorCode: 'REF', periodKey: '2026/27-Q3', target: 1 }], { startDate: '2026-11-15', endDate: '2027-02-01' })).toEqual([]);
  });

  it('sees two sets as the same whatever their order, and different when one figure changes', () => {
    const a = [
      { indicatorCode: 'REF', periodKey: null, baseline: null, target: 10 },
      { indicatorCode: 'REF', periodKey: '2026/27-Q1', baseline: 2, target: 3 },
    ];
    expect(sameTargets(a, [...a].reverse())).toBe(true);
    expect(sameTargets(a, [a[0]!, { ...a[1]!, baseline: null }])).toBe(false);
    expect(sameTargets(a, [a[0]!])).toBe(false);
    expect(sameTargets([], [])).toBe(true);
  });
});

describe('aggregate', () => {
  const v = (periodEnd: string, value: number) => ({ periodEnd, value });
  const quarters = [v('2026-06-30', 10), v('2026-09-30', 20), v('2026-12-31', 5), v('2027-03-31', 0)];

  it('gives nothing for no values', () => {
    for (const a of [Sum, Mean, Latest]) expect(aggregate(a, [])).toBeNull();
  });

  it('sums, averages and takes the latest', () => {
    expect(aggregate(Sum, quarters, Count)).toBe(35);
    expect(aggregate(Mean, quarters, Count)).toBe(8.75);
    expect(aggregate(Latest, quarters, Count)).toBe(0);
  });

  it('takes the latest by period end, not by position, and the last given of equal ends', () => {
    expect(aggregate(Latest, [v('2027-03-31', 7), v('2026-06-30', 9), v('2026-12-31', 8)])).toBe(7);
    expect(aggregate(Latest, [v('2026-06-30', 1), v('2026-06-30', 2)])).toBe(2);
  });

  it('rounds means of percentages and counts to 2 decimal places, half away from zero', () => {
    expect(aggregate(Mean, [v('2026-06-30', 33.33), v('2026-09-30', 33.33), v('2026-12-31', 33.34)], Percentage)).toBe(33.33);
    expect(aggregate(Mean, [v('2026-06-30', 100), v('2026-09-30', 0), v('2026-12-31', 0)], Percentage)).toBe(33.33);
    expect(aggregate(Mean, [v('2026-06-30', 200), v('2026-09-30', 0), v('2026-12-31', 0)], Percentage)).toBe(66.67);
    expect(aggregate(Mean, [v('2026-06-30', 0.01), v('2026-09-30', 0)], Percentage)).toBe(0.01); // 0.005 rounds up
    expect(aggregate(Mean, [v('2026-06-30', 1), v('2026-09-30', 2), v('2026-12-31', 4)], Count)).toBe(2.33);
    expect(aggregate(Mean, [v('2026-06-30', 1), v('2026-09-30', 2), v('2026-12-31', 4)])).toBe(2.33);
  });

  it('never makes floats of pence: sums stay integers and means round to whole pence', () => {
    expect(aggregate(Sum, [v('2026-06-30', 10_000_001), v('2026-09-30', 20_000_002)], Pence)).toBe(30_000_003);
    expect(aggregate(Mean, [v('2026-06-30', 100), v('2026-09-30', 101)], Pence)).toBe(101); // 100.5 -> 101
    expect(aggregate(Mean, [v('2026-06-30', 100), v('2026-09-30', 100), v('2026-12-31', 101)], Pence)).toBe(100);
    const sum = aggregate(Sum, [v('2026-06-30', Number.MAX_SAFE_INTEGER - 1), v('2026-09-30', 1)], Pence);
    expect(sum).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isInteger(sum)).toBe(true);
  });

  it('adds decimals exactly to 2 places (no 0.30000000000000004)', () => {
    expect(aggregate(Sum, [v('2026-06-30', 0.1), v('2026-09-30', 0.2)], Percentage)).toBe(0.3);
    expect(aggregate(Sum, [v('2026-06-30', 12.34), v('2026-09-30', 0.66)])).toBe(13);
  });

  it('refuses what cannot be aggregated', () => {
    expect(() => aggregate(Sum, [v('2026-06-30', Number.MAX_SAFE_INTEGER), v('2026-09-30', 1)], Pence)).toThrow(RangeError);
    expect(() => aggregate(Mean, [v('2026-06-30', 1)], Text)).toThrow(/text cannot be aggregated/);
    expect(() => aggregate(Sum, [v('2026-06-30', Number.NaN)])).toThrow(/cannot aggregate/);
    expect(aggregate(Latest, [v('2026-06-30', 3)], Text)).toBe(3);
  });
});
