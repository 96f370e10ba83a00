import { describe, expect, it } from '@jest/globals';
import { carryForwardFunder, carryForwardSourceName, nextFinancialYear, planDecisions, yearEndFigures, yearHasEnded, type DecisionRequest } from './year-end.rules.js';

const A = { awardId: 'a', reference: 'AW-A', underspendPence: 3_000 };
const B = { awardId: 'b', reference: 'AW-B', underspendPence: 500 };
const C = { awardId: 'c', reference: 'AW-C', underspendPence: 0 };
const plan = (requests: DecisionRequest[]) => planDecisions([A, B, C], requests);

describe('year-end rules', () => {
  it('moves to the next financial year, across a century too', () => {
    expect(nextFinancialYear('2025/26')).toBe('2026/27');
    expect(nextFinancialYear('2098/99')).toBe('2099/00');
    expect(nextFinancialYear('2099/00')).toBe('2100/01');
    expect(() => nextFinancialYear('2025/27')).toThrow();
  });

  it('closes a year only after 31 March', () => {
    expect(yearHasEnded('2025/26', '2026-03-31')).toBe(false);
    expect(yearHasEnded('2025/26', '2026-04-01')).toBe(true);
    expect(yearHasEnded('2026/27', '2026-11-24')).toBe(false);
  });

  it('computes underspend as money paid and not spent, never below zero', () => {
    expect(yearEndFigures({ awardPence: 10_000, paidPence: 8_000, recoveredPence: 1_000, reportedSpendPence: 5_000 })).toEqual({
      netPaidPence: 7_000,
      underspendPence: 2_000,
      unpaidCommitmentPence: 3_000,
    });
    expect(yearEndFigures({ awardPence: 10_000, paidPence: 4_000, recoveredPence: 0, reportedSpendPence: 6_000 }).underspendPence).toBe(0);
    expect(yearEndFigures({ awardPence: 10_000, paidPence: 4_000, recoveredPence: 0, reportedSpendPence: 0 }).underspendPence).toBe(4_000);
  });

  it('takes the whole underspend when one decision leaves the amount out', () => {
    const result = plan([
      { awardId: 'a', decision: 'recover' },
      { awardId: 'b', decision: 'write_off', reason: '  small sum  ' },
    ]);
    expect(result).toEqual({
      ok: true,
      decisions: [
        expect.objectContaining({ awardId: 'a', decision: 'recover', amountPence: 3_000, underspendPence: 3_000, reason: null }),
        expect.objectContaining({ awardId: 'b', decision: 'write_off', amountPence: 500, reason: 'small sum' }),
      ],
    });
  });

  it('splits an underspend across decisions that sum to it exactly', () => {
    const ok = plan([
      { awardId: 'a', decision: 'recover', amountPence: 1_000 },
      { awardId: 'a', decision: 'carry_forward', amountPence: 2_000, targetFundingStreamId: 'next' },
      { awardId: 'b', decision: 'recover' },
    ]);
    expect(ok.ok).toBe(true);
    expect(plan([{ awardId: 'a', decision: 'recover', amountPence: 1_000 }, { awardId: 'a', decision: 'write_off', amountPence: 1_999, reason: 'x' }, { awardId: 'b', decision: 'recover' }])).toMatchObject({
      ok: false,
      field: 'decisions[0].amountPence',
    });
    expect(plan([{ awardId: 'a', decision: 'recover', amountPence: 1_000 }, { awardId: 'a', decision: 'write_off', reason: 'x' }, { awardId: 'b', decision: 'recover' }])).toMatchObject({
      ok: false,
      field: 'decisions[1].amountPence',
    });
    expect(plan([{ awardId: 'a', decision: 'recover', amountPence: 2_999 }, { awardId: 'b', decision: 'recover' }])).toMatchObject({ ok: false, field: 'decisions[0].amountPence' });
  });

  it('names the award with an underspend and no decision', () => {
    const result = plan([{ awardId: 'a', decision: 'recover' }]);
    expect(result).toMatchObject({ ok: false, field: 'decisions', awardIds: ['b'] });
    expect(result.ok === false && result.message).toMatch(/AW-B \(b\) has an underspend of 500 pence and no decision/);
    expect(plan([])).toMatchObject({ ok: false, awardIds: ['a', 'b'] });
  });

  it('refuses decisions that make no sense, naming the field', () => {
    const base: DecisionRequest[] = [{ awardId: 'b', decision: 'recover' }];
    expect(plan([{ awardId: 'zzz', decision: 'recover' }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].awardId' });
    expect(plan([{ awardId: 'c', decision: 'recover' }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].awardId' });
    expect(plan([{ awardId: 'a', decision: 'write_off' }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].reason' });
    expect(plan([{ awardId: 'a', decision: 'write_off', reason: '   ' }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].reason' });
    expect(plan([{ awardId: 'a', decision: 'carry_forward' }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].targetFundingStreamId' });
    expect(plan([{ awardId: 'a', decision: 'recover', targetFundingStreamId: 'x' }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].targetFundingStreamId' });
    expect(plan([{ awardId: 'a', decision: 'recover', amountPence: 0 }, ...base])).toMatchObject({ ok: false, field: 'decisions[0].amountPence' });
    expect(plan([...base, { awardId: 'b', decision: 'recover', amountPence: 1 }])).toMatchObject({ ok: false, field: 'decisions[1].decision' });
  });

  it('keeps the original funder for carried-forward money, or the largest one', () => {
    expect(carryForwardFunder([{ funderOrganisationId: 'moj', amountPence: 5 }, { funderOrganisationId: 'moj', amountPence: 7 }])).toBe('moj');
    expect(carryForwardFunder([{ funderOrganisationId: 'pcc', amountPence: 5 }, { funderOrganisationId: 'ho', amountPence: 9 }])).toBe('ho');
    expect(carryForwardFunder([{ funderOrganisationId: 'z', amountPence: 5 }, { funderOrganisationId: 'y', amountPence: 5 }])).toBe('y');
    expect(carryForwardSourceName('Victims services', '2025/26')).toBe('Carry forward from Victims services 2025/26');
  });
});
