// The "Growth across scales" table of test/bench/RESULTS.md (issue 17.5): each scale's time per
// unit of work over scale 1's, so 1.0 is linear.
// @ts-expect-error: the bench harness is plain JavaScript, without types.
import { growthAcrossScales } from '../bench/run.js';

const run = (name: string, scale: number, extra: Record<string, unknown>) => ({ name, scale, ratio: 1, timestamp: '2026-12-04T10:00:00.000Z', ...extra });

describe('bench growth across scales', () => {
  it('gives time per unit at each scale over scale 1', () => {
    const lines: string[] = growthAcrossScales([
      run('reconciliation', 1, { awardsReconciled: 1000, subjectMedianMs: 100, workerPeakRssMb: 200 }),
      run('reconciliation', 10, { awardsReconciled: 10000, subjectMedianMs: 1500, workerPeakRssMb: 250 }),
      run('api', 1, { endpoints: { getAward: { api: { medianRps: 1000 } }, listAwards: { api: { medianRps: 100 } } } }),
      run('api', 100, { endpoints: { getAward: { api: { medianRps: 500 } }, listAwards: { api: { medianRps: 50 } } } }),
    ]);
    const row = (bench: string, scale: number) => lines.find((l) => l.startsWith(`| ${bench} | ${scale} |`))?.split('|').map((c) => c.trim());
    expect(lines).toContain('## Growth across scales');
    expect(row('reconciliation', 1)?.[5]).toBe('');
    expect(row('reconciliation', 10)?.slice(3, 7)).toEqual(['10000 awards', '1500 ms', '1.5', '250']);
    // A GET should not grow with the data: half the requests a second is twice the time.
    expect(row('api', 100)?.[5]).toBe('2');
  });

  it('leaves out benches run at one scale and failed runs', () => {
    expect(
      growthAcrossScales([
        run('reminders', 1, { periods: 100, subjectMedianMs: 10 }),
        run('reminders', 10, { periods: 1000, subjectMedianMs: 100, error: 'crashed' }),
      ]),
    ).toEqual([]);
  });
});
