import { describe, expect, it } from '@jest/globals';
import { answerText, fieldName, parseAnswer, parseGroup, questionGroups } from './return-questions.js';

const indicator = (code: string, unit: 'count' | 'percentage' | 'pence' | 'text', level: 'output' | 'outcome' | 'impact' = 'output', position = 0) =>
  ({ id: code, frameworkId: 'f', code, title: `Title ${code}`, level, unit, direction: 'higher_is_better', aggregation: 'sum', isVictimCount: false, position, createdAt: new Date() }) as const;

describe('the return\'s questions', () => {
  it('groups indicators by level, outputs first, each group in position order, empty levels left out', () => {
    const groups = questionGroups([indicator('B', 'count', 'outcome', 2), indicator('A', 'count', 'output', 1), indicator('C', 'count', 'outcome', 1)]);
    expect(groups.map((g) => [g.key, g.indicators.map((i) => i.code)])).toEqual([['output', ['A']], ['outcome', ['C', 'B']]]);
  });

  it('reads counts as whole numbers, with thousands commas', () => {
    expect(parseAnswer(indicator('N', 'count'), ' 1,250 ')).toEqual({ value: 1250 });
    expect(parseAnswer(indicator('N', 'count'), '0')).toEqual({ value: 0 });
    for (const bad of ['12.5', '-3', 'lots', '1,25', '1e3']) expect(parseAnswer(indicator('N', 'count'), bad)).toMatchObject({ problem: { field: 'answer-N', key: 'returns.answers.count.format' } });
    expect(parseAnswer(indicator('N', 'count'), '99999999999999999999')).toMatchObject({ problem: { key: 'returns.answers.count.too-large' } });
  });

  it('reads percentages from 0 to 100 with at most 2 decimals, a % sign allowed', () => {
    expect(parseAnswer(indicator('P', 'percentage'), '78.5%')).toEqual({ value: 78.5 });
    expect(parseAnswer(indicator('P', 'percentage'), '100')).toEqual({ value: 100 });
    expect(parseAnswer(indicator('P', 'percentage'), '101')).toMatchObject({ problem: { key: 'returns.answers.percentage.range' } });
    expect(parseAnswer(indicator('P', 'percentage'), '50.125')).toMatchObject({ problem: { key: 'returns.answers.percentage.precision' } });
    expect(parseAnswer(indicator('P', 'percentage'), '-1')).toMatchObject({ problem: { key: 'returns.answers.percentage.format' } });
  });

  it('reads money in pounds as exact pence, and shows it back in pounds', () => {
    expect(parseAnswer(indicator('M', 'pence'), '£1,234.56')).toEqual({ value: 123456 });
    expect(parseAnswer(indicator('M', 'pence'), '£12.345')).toMatchObject({ problem: { key: 'returns.answers.pence.precision', params: { title: 'Title M' } } });
    expect(answerText('pence', 123456)).toBe('1234.56');
    expect(answerText('count', 7)).toBe('7');
    expect(answerText('text', undefined)).toBe('');
  });

  it('keeps text as typed (trimmed), refuses more than 5,000 characters, and treats blank as no answer', () => {
    expect(parseAnswer(indicator('T', 'text'), '  A story.  ')).toEqual({ value: 'A story.' });
    expect(parseAnswer(indicator('T', 'text'), 'x'.repeat(5001))).toMatchObject({ problem: { key: 'returns.answers.text.too-long' } });
    expect(parseAnswer(indicator('T', 'text'), '   ')).toEqual({ value: null });
  });

  it('parses a page: blank answers are left out, every problem is named in the page\'s order', () => {
    const [group] = questionGroups([indicator('A', 'count', 'output', 0), indicator('B', 'count', 'output', 1), indicator('C', 'percentage', 'output', 2)]);
    expect(parseGroup(group!, { [fieldName('A')]: '3', [fieldName('B')]: '' , [fieldName('C')]: '40' })).toEqual({ values: [{ indicatorCode: 'A', value: 3 }, { indicatorCode: 'C', value: 40 }], problems: [] });
    expect(parseGroup(group!, { [fieldName('A')]: 'x', [fieldName('C')]: '400' }).problems.map((p) => p.field)).toEqual(['answer-A', 'answer-C']);
  });
});
