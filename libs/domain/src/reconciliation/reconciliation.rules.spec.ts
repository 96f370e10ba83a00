import { describe, expect, it } from '@jest/globals';
import {
  DISCREPANCY_CODES,
  DiscrepancyCode,
  DiscrepancySeverity,
  MAX_RUN_ATTEMPTS,
  SEVERITY_OF,
  addAward,
  afterInterruption,
  awardHasEnded,
  checkAward,
  checkSource,
  checkStream,
  compareFingerprints,
  countDiscrepancies,
  emptyMoneyTotals,
  finalReturn,
  fingerprintOf,
  overAssignedSource,
  overCommittedStream,
  overpaidAward,
  paymentOnInactiveAward,
  scopeKeyOf,
  spendAbovePaid,
  streamBudgetMismatch,
  sumMoneyTotals,
  underspendAtEnd,
  underspendTolerancePence,
  type AwardFacts,
  type SourceFacts,
  type StreamFacts,
} from './reconciliation.rules.js';

const AWARD = '11111111-1111-4111-8111-111111111111';
const STREAM = '22222222-2222-4222-8222-222222222222';
const SOURCE = '33333333-3333-4333-8333-333333333333';
const PERIOD = '44444444-4444-4444-8444-444444444444';
const asOf = '2026-06-15';

/** An active award of £100,000 running to 31 March 2027, fully in order. */
function award(overrides: Partial<AwardFacts> = {}): AwardFacts {
  return {
    awardId: AWARD,
    reference: 'AW-2026-0001',
    fundingStreamId: STREAM,
    status: 'active',
    amountPence: 10_000_000,
    endDate: '2027-03-31',
    paidPence: 5_000_000,
    recoveredPence: 0,
    approvedOrPaidPence: 5_000_000,
    approvedOrPaidCount: 1,
    reportedSpendPence: 4_000_000,
    finalPeriod: { reportingPeriodId: PERIOD, key: '2026/27-Q4', dueDate: '2027-04-15', returnStatus: null },
    ...overrides,
  };
}
/** The same award after it ended (31 March 2026), paid and spent in full, final return accepted. */
function ended(overrides: Partial<AwardFacts> = {}): AwardFacts {
  return award({
    endDate: '2026-03-31',
    paidPence: 10_000_000,
    approvedOrPaidPence: 10_000_000,
    reportedSpendPence: 10_000_000,
    finalPeriod: { reportingPeriodId: PERIOD, key: '2025/26-Q4', dueDate: '2026-04-15', returnStatus: 'accepted' },
    ...overrides,
  });
}
const source = (overrides: Partial<SourceFacts> = {}): SourceFacts => ({ fundingSourceId: SOURCE, name: 'Home Office grant', amountPence: 1_000_000, assignedPence: 1_000_000, ...overrides });
const stream = (overrides: Partial<StreamFacts> = {}): StreamFacts => ({ fundingStreamId: STREAM, name: 'Community safety', budgetPence: 1_000_000, assignedPence: 1_000_000, committedPence: 1_000_000, ...overrides });

describe('fingerprints', () => {
  it('are the code and the ids, in a fixed order and case, whatever order they are given in', () => {
    expect(fingerprintOf(DiscrepancyCode.OverpaidAward, { award: AWARD, stream: STREAM })).toBe(`OVERPAID_AWARD:stream=${STREAM};award=${AWARD}`);
    expect(fingerprintOf(DiscrepancyCode.OverpaidAward, { stream: STREAM.toUpperCase(), award: AWARD.toUpperCase() })).toBe(`OVERPAID_AWARD:stream=${STREAM};award=${AWARD}`);
    expect(fingerprintOf(DiscrepancyCode.OverAssignedSource, { source: SOURCE, stream: null })).toBe(`OVER_ASSIGNED_SOURCE:source=${SOURCE}`);
  });

  it('tell apart the same award under two codes, and the same code on two awards', () => {
    const a = fingerprintOf(DiscrepancyCode.OverpaidAward, { award: AWARD });
    expect(a).not.toBe(fingerprintOf(DiscrepancyCode.SpendAbovePaid, { award: AWARD }));
    expect(a).not.toBe(fingerprintOf(DiscrepancyCode.OverpaidAward, { award: SOURCE }));
  });
});

describe('OVER_ASSIGNED_SOURCE', () => {
  it('is silent while assignments are at or below the source amount', () => {
    expect(overAssignedSource(source())).toBeNull();
    expect(overAssignedSource(source({ assignedPence: 0 }))).toBeNull();
  });

  it('reports assignments above the amount, with both figures', () => {
    const f = overAssignedSource(source({ assignedPence: 1_000_001 }))!;
    expect(f).toMatchObject({ code: 'OVER_ASSIGNED_SOURCE', severity: 'error', fundingSourceId: SOURCE, fundingStreamId: null, awardId: null, expectedPence: 1_000_000, actualPence: 1_000_001 });
    expect(f.message).toContain('£0.01 over');
    expect(checkSource(source({ assignedPence: 2_000_000 }))).toHaveLength(1);
  });
});

describe('STREAM_BUDGET_MISMATCH', () => {
  it('reports a recorded budget that is not the sum of the assignments', () => {
    expect(streamBudgetMismatch(stream())).toBeNull();
    expect(streamBudgetMismatch(stream({ budgetPence: 1_500_000 }))).toMatchObject({ code: 'STREAM_BUDGET_MISMATCH', expectedPence: 1_000_000, actualPence: 1_500_000, fundingStreamId: STREAM });
  });
});

describe('OVER_COMMITTED_STREAM', () => {
  it('is silent at exactly the budget', () => {
    expect(overCommittedStream(stream())).toBeNull();
    expect(overCommittedStream(stream({ committedPence: 0 }))).toBeNull();
  });

  it('reports committed awards above the budget', () => {
    expect(overCommittedStream(stream({ committedPence: 1_250_000 }))).toMatchObject({
      code: 'OVER_COMMITTED_STREAM',
      severity: 'error',
      fundingStreamId: STREAM,
      expectedPence: 1_000_000,
      actualPence: 1_250_000,
      fingerprint: `OVER_COMMITTED_STREAM:stream=${STREAM}`,
    });
  });

  it('holds the budget to what the sources assign when a recorded budget was raised by hand', () => {
    const s = stream({ budgetPence: 2_000_000, committedPence: 1_500_000 });
    expect(overCommittedStream(s)).toMatchObject({ expectedPence: 1_000_000, actualPence: 1_500_000 });
    expect(checkStream(s).map((f) => f.code)).toEqual(['STREAM_BUDGET_MISMATCH', 'OVER_COMMITTED_STREAM']);
  });
});

describe('OVERPAID_AWARD', () => {
  it('is silent up to the award amount, counting recoveries', () => {
    expect(overpaidAward(award({ paidPence: 10_000_000 }))).toBeNull();
    expect(overpaidAward(award({ paidPence: 12_000_000, recoveredPence: 2_000_000 }))).toBeNull();
  });

  it('reports paid less recovered above the amount, whatever the award status', () => {
    for (const status of ['active', 'closed', 'cancelled', 'draft']) {
      expect(overpaidAward(award({ status, paidPence: 12_000_000, recoveredPence: 1_000_000 }))).toMatchObject({
        code: 'OVERPAID_AWARD',
        severity: 'error',
        awardId: AWARD,
        fundingStreamId: STREAM,
        expectedPence: 10_000_000,
        actualPence: 11_000_000,
      });
    }
  });
});

describe('PAYMENT_ON_INACTIVE_AWARD', () => {
  it('allows approved or paid payments on active, suspended and closed awards', () => {
    for (const status of ['active', 'suspended', 'closed']) expect(paymentOnInactiveAward(award({ status }))).toBeNull();
  });

  it('reports them on draft, approved (not yet active) and cancelled awards', () => {
    for (const status of ['draft', 'approved', 'cancelled']) {
      expect(paymentOnInactiveAward(award({ status, approvedOrPaidPence: 700_000, approvedOrPaidCount: 2 }))).toMatchObject({
        code: 'PAYMENT_ON_INACTIVE_AWARD',
        severity: 'error',
        awardId: AWARD,
        expectedPence: 0,
        actualPence: 700_000,
      });
    }
  });

  it('is silent on an inactive award with no approved or paid payment (scheduled lines are fine)', () => {
    expect(paymentOnInactiveAward(award({ status: 'approved', paidPence: 0, approvedOrPaidPence: 0, approvedOrPaidCount: 0 }))).toBeNull();
  });
});

describe('SPEND_ABOVE_PAID', () => {
  it('is silent without an accepted return, and at or below net paid', () => {
    expect(spendAbovePaid(award({ reportedSpendPence: null }))).toBeNull();
    expect(spendAbovePaid(award({ reportedSpendPence: 5_000_000 }))).toBeNull();
  });

  it('compares with paid net of recoveries', () => {
    expect(spendAbovePaid(award({ reportedSpendPence: 4_500_000, recoveredPence: 1_000_000 }))).toMatchObject({
      code: 'SPEND_ABOVE_PAID',
      severity: 'warning',
      awardId: AWARD,
      expectedPence: 4_000_000,
      actualPence: 4_500_000,
    });
  });
});

describe('UNDERSPEND_AT_END', () => {
  it('waits for the award to end (or be closed)', () => {
    expect(underspendAtEnd(award({ paidPence: 0, reportedSpendPence: null }), { asOf })).toBeNull();
    expect(awardHasEnded(award(), asOf)).toBe(false);
    expect(awardHasEnded(award({ status: 'closed' }), asOf)).toBe(true);
    expect(awardHasEnded(award({ endDate: asOf }), asOf)).toBe(false);
    expect(awardHasEnded(award({ endDate: '2026-06-14' }), asOf)).toBe(true);
  });

  it('is silent when paid and spent in full, or within the tolerance (1%, at least £10)', () => {
    expect(underspendAtEnd(ended(), { asOf })).toBeNull();
    expect(underspendTolerancePence(10_000_000)).toBe(100_000);
    expect(underspendTolerancePence(50_000)).toBe(1_000);
    expect(underspendAtEnd(ended({ paidPence: 9_900_000, reportedSpendPence: 9_900_000 }), { asOf })).toBeNull();
    expect(underspendAtEnd(ended({ paidPence: 9_899_999, reportedSpendPence: 9_899_999 }), { asOf })).not.toBeNull();
  });

  it('reports net paid below the award', () => {
    expect(underspendAtEnd(ended({ paidPence: 6_000_000, recoveredPence: 1_000_000, reportedSpendPence: null }), { asOf })).toMatchObject({
      code: 'UNDERSPEND_AT_END',
      severity: 'warning',
      expectedPence: 10_000_000,
      actualPence: 5_000_000,
    });
  });

  it('reports spend below what was paid (money paid but not spent), naming the spend', () => {
    const f = underspendAtEnd(ended({ reportedSpendPence: 7_000_000 }), { asOf })!;
    expect(f).toMatchObject({ expectedPence: 10_000_000, actualPence: 7_000_000 });
    expect(f.message).toContain('reports £70,000.00 spent');
  });

  it('counts only committed awards (a cancelled or draft award owes nothing)', () => {
    for (const status of ['cancelled', 'draft']) expect(underspendAtEnd(ended({ status, paidPence: 0 }), { asOf })).toBeNull();
    for (const status of ['approved', 'active', 'suspended', 'closed']) expect(underspendAtEnd(ended({ status, paidPence: 0 }), { asOf })).not.toBeNull();
  });
});

describe('MISSING_FINAL_RETURN and OVERDUE_FINAL_RETURN', () => {
  const finalWith = (returnStatus: string | null, dueDate = '2026-04-15') => ended({ finalPeriod: { reportingPeriodId: PERIOD, key: '2025/26-Q4', dueDate, returnStatus } });

  it('are silent while the award runs, once the final return is submitted or accepted, and without a schedule', () => {
    expect(finalReturn(award(), { asOf })).toBeNull();
    expect(finalReturn(finalWith('submitted'), { asOf })).toBeNull();
    expect(finalReturn(finalWith('accepted'), { asOf })).toBeNull();
    expect(finalReturn(ended({ finalPeriod: null }), { asOf })).toBeNull();
    expect(finalReturn({ ...finalWith(null), status: 'cancelled' }, { asOf })).toBeNull();
  });

  it('report a final return not yet in before its due date as missing (info)', () => {
    expect(finalReturn(finalWith(null, '2026-06-15'), { asOf })).toMatchObject({ code: 'MISSING_FINAL_RETURN', severity: 'info', reportingPeriodId: PERIOD, awardId: AWARD });
  });

  it('report it as overdue after the due date, a draft or a return sent back for revision included', () => {
    for (const status of [null, 'draft', 'revision_requested']) {
      const f = finalReturn(finalWith(status, '2026-06-14'), { asOf })!;
      expect(f).toMatchObject({ code: 'OVERDUE_FINAL_RETURN', severity: 'warning', fingerprint: `OVERDUE_FINAL_RETURN:stream=${STREAM};award=${AWARD};period=${PERIOD}` });
    }
    expect(finalReturn(finalWith('revision_requested', '2026-06-14'), { asOf })!.message).toContain('revision requested');
  });
});

describe('checkAward', () => {
  it('finds nothing on an award in order', () => {
    expect(checkAward(award(), { asOf })).toEqual([]);
    expect(checkAward(ended(), { asOf })).toEqual([]);
  });

  it('finds every rule that applies, in a fixed order', () => {
    const broken = ended({ status: 'cancelled', paidPence: 12_000_000, approvedOrPaidPence: 12_000_000, reportedSpendPence: 13_000_000 });
    expect(checkAward(broken, { asOf }).map((f) => f.code)).toEqual(['OVERPAID_AWARD', 'PAYMENT_ON_INACTIVE_AWARD', 'SPEND_ABOVE_PAID']);
    const late = ended({ paidPence: 1_000_000, reportedSpendPence: null, finalPeriod: { reportingPeriodId: PERIOD, key: '2025/26-Q4', dueDate: '2026-04-15', returnStatus: null } });
    expect(checkAward(late, { asOf }).map((f) => f.code)).toEqual(['UNDERSPEND_AT_END', 'OVERDUE_FINAL_RETURN']);
  });
});

describe('totals and counts', () => {
  it('adds awards up, counting committed money only for committed awards', () => {
    const t = [award(), award({ status: 'draft', amountPence: 999 }), ended({ recoveredPence: 500_000 })].reduce(addAward, emptyMoneyTotals());
    expect(t).toEqual({ awards: 3, committedAwards: 2, committedPence: 20_000_000, paidPence: 20_000_000, recoveredPence: 500_000, netPaidPence: 19_500_000, reportedSpendPence: 18_000_000 });
  });

  it('adds the totals of streams into the overall totals', () => {
    const one = addAward(emptyMoneyTotals(), award());
    const two = addAward(emptyMoneyTotals(), ended());
    expect(sumMoneyTotals(one, two)).toEqual([award(), ended()].reduce(addAward, emptyMoneyTotals()));
    expect(sumMoneyTotals(emptyMoneyTotals(), emptyMoneyTotals())).toEqual(emptyMoneyTotals());
  });

  it('counts findings by code and severity', () => {
    const c = countDiscrepancies(
      [
        { code: DiscrepancyCode.OverpaidAward, count: 2 },
        { code: DiscrepancyCode.UnderspendAtEnd, count: 3 },
        { code: DiscrepancyCode.MissingFinalReturn, count: 1 },
      ],
      4,
      1,
    );
    expect(c).toEqual({ total: 6, bySeverity: { error: 2, warning: 3, info: 1 }, byCode: { OVERPAID_AWARD: 2, UNDERSPEND_AT_END: 3, MISSING_FINAL_RETURN: 1 }, new: 4, resolved: 1 });
  });

  it('gives every code a severity', () => {
    for (const code of DISCREPANCY_CODES) expect(Object.values(DiscrepancySeverity)).toContain(SEVERITY_OF[code]);
  });

  it('tells what is new, kept and resolved between two runs', () => {
    expect(compareFingerprints(['a', 'b'], ['b', 'c'])).toEqual({ added: ['c'], resolved: ['a'], kept: ['b'] });
  });
});

describe('runs', () => {
  it('key a scope by year, or year and stream (lower-case, as the generated column does)', () => {
    expect(scopeKeyOf('2026/27')).toBe('2026/27');
    expect(scopeKeyOf('2026/27', null)).toBe('2026/27');
    expect(scopeKeyOf('2026/27', STREAM.toUpperCase())).toBe(`2026/27:${STREAM}`);
  });

  it(`are claimed again after an interruption until ${MAX_RUN_ATTEMPTS} attempts, then fail`, () => {
    expect([1, 2, 3, 4].map(afterInterruption)).toEqual(['queued', 'queued', 'failed', 'failed']);
  });
});
