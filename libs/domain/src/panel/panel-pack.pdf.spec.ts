import { describe, expect, it } from '@jest/globals';
import { PDFParse } from 'pdf-parse';
import { renderPanelPackPdf } from './panel-pack.pdf.js';
import type { PanelPackContents } from './panel.types.js';

const line = (title: string, actual: number | string | null, target: number | null) => ({
  indicatorCode: title,
  title,
  frameworkId: 'f',
  framework: 'Victims Code',
  unit: 'count',
  aggregation: 'sum',
  direction: 'higher_is_better',
  isVictimCount: true,
  baseline: null,
  target,
  actual,
  periodsReported: 2,
  onTarget: null,
});

const PACK: PanelPackContents = {
  financialYear: '2014/15',
  generatedAt: '2026-12-03T10:15:00.000Z',
  dataSource: 'Ringfence test data',
  published: false,
  grants: {
    financialYear: '2014/15',
    totalPence: 123456789,
    rows: [
      { awardId: 'a', reference: 'CHE-001', organisation: 'Cheshire Victims Trust', grantType: 'grant', purpose: 'Support for victims', amountPence: 123456789, note: null, conditions: [{ title: 'Safeguarding policy', category: 'pre', status: 'met', holdsPayments: false }] },
    ],
  },
  finance: {
    financialYear: '2014/15',
    rows: [],
    totals: { budgetPence: 500000000, committedPence: 123456789, draftPence: 0, approvedPaymentsPence: 0, paidPence: 0, recoveredPence: 0, netPaidPence: 0, reportedSpendPence: 0, remainingPence: 376543211, committedUnpaidPence: 123456789 },
  },
  outcomes: {
    financialYear: '2014/15',
    fundingStreamId: null,
    smallNumberThreshold: 5,
    figures: 'suppressed',
    awards: [],
    streams: [],
    objectives: [],
    year: { indicators: [line('Victims supported', '<5', 40), line('Referrals', '[c]', 10)] },
  },
  returns: { financialYear: '2014/15', asOf: '2026-12-03', totalPeriods: 4, counts: { accepted: 3, overdue: 1 }, overdue: [{ awardId: 'a', awardReference: 'CHE-001', organisation: 'Cheshire Victims Trust', periodId: 'p', key: '2014/15-Q4', dueDate: '2015-04-30', workingDaysOverdue: 12 }] },
  reconciliation: { financialYear: '2014/15', latest: null, open: [], openTotal: 0, resolvedTotal: 0, runs: [] },
};

describe('the panel pack as a PDF', () => {
  it('reads back with its figures, suppressed counts, date and data source', async () => {
    const pdf = await renderPanelPackPdf(PACK);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Panel pack: financial year 2014/15');
    expect(text).toContain('Prepared 3 December 2026 at 10:15');
    expect(text).toContain('Data source: Ringfence test data');
    expect(text).toContain('Total granted: £1,234,567.89 (1 grants)');
    expect(text).toContain('Safeguarding policy (met)');
    expect(text).toContain('£5,000,000.00');
    expect(text).toContain('<5');
    expect(text).toContain('[c]');
    expect(text).toContain('Working days overdue');
    expect(text).toContain('No reconciliation of the whole year has finished yet.');
  });
});
