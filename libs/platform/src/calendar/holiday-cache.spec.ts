import { describe, expect, it } from '@jest/globals';
import type { HolidayOverride } from './bank-holidays.js';
import { HolidayCache, OVERRIDES_TTL_MS } from './holiday-cache.js';

/** A stand-in for the override table that counts how often it is read. */
function table(rows: HolidayOverride[] = []) {
  const state = { rows, loads: 0, now: 1_000_000 };
  const cache = new HolidayCache(
    async () => {
      state.loads++;
      return [...state.rows];
    },
    OVERRIDES_TTL_MS,
    () => state.now,
  );
  return { state, cache };
}

describe('holiday cache', () => {
  it('merges the library year with that year\'s overrides only', async () => {
    const { cache } = table([
      { date: '2026-04-08', name: 'test one-off', kind: 'add' },
      { date: '2026-05-04', name: 'moved', kind: 'remove' },
      { date: '2027-04-08', name: 'next year', kind: 'add' },
    ]);
    const y2026 = await cache.year(2026);
    expect(y2026.dates.has('2026-04-08')).toBe(true);
    expect(y2026.dates.has('2026-05-04')).toBe(false);
    expect(y2026.dates.has('2026-04-03')).toBe(true);
    expect(y2026.dates.has('2027-04-08')).toBe(false);
    expect(y2026.list.find((h) => h.date === '2026-04-08')).toEqual({ date: '2026-04-08', name: 'test one-off', source: 'override' });
  });

  it('reads the override table once per TTL, then again after it', async () => {
    const { state, cache } = table();
    await cache.year(2026);
    await cache.year(2027);
    await cache.dates(2024, 2028);
    expect(state.loads).toBe(1);
    state.rows.push({ date: '2026-04-08', name: 'announced elsewhere', kind: 'add' });
    state.now += OVERRIDES_TTL_MS - 1;
    expect((await cache.year(2026)).dates.has('2026-04-08')).toBe(false);
    state.now += 1;
    expect((await cache.year(2026)).dates.has('2026-04-08')).toBe(true);
    expect(state.loads).toBe(2);
  });

  it('sees a local write at once after invalidate()', async () => {
    const { state, cache } = table();
    expect((await cache.year(2026)).dates.has('2026-04-08')).toBe(false);
    state.rows.push({ date: '2026-04-08', name: 'test one-off', kind: 'add' });
    cache.invalidate();
    expect((await cache.year(2026)).dates.has('2026-04-08')).toBe(true);
  });

  it('shares one load between concurrent readers', async () => {
    const { state, cache } = table();
    await Promise.all([cache.year(2026), cache.year(2026), cache.year(2027), cache.dates(2025, 2027)]);
    expect(state.loads).toBe(1);
  });

  it('never caches a load that an invalidation overtook', async () => {
    let release: (rows: HolidayOverride[]) => void = () => undefined;
    let loads = 0;
    const rows: HolidayOverride[] = [];
    const cache = new HolidayCache(() => {
      loads++;
      return loads === 1 ? new Promise<HolidayOverride[]>((resolve) => (release = resolve)) : Promise.resolve([...rows]);
    });
    const stale = cache.year(2026);
    rows.push({ date: '2026-04-08', name: 'committed meanwhile', kind: 'add' });
    cache.invalidate();
    release([]);
    expect((await stale).dates.has('2026-04-08')).toBe(false); // the reader that started first gets what it asked for
    expect((await cache.year(2026)).dates.has('2026-04-08')).toBe(true);
    expect(loads).toBe(2);
  });

  it('retries after a failed load', async () => {
    let fail = true;
    const cache = new HolidayCache(async () => {
      if (fail) throw new Error('database down');
      return [];
    });
    await expect(cache.year(2026)).rejects.toThrow('database down');
    fail = false;
    expect((await cache.year(2026)).dates.has('2026-04-03')).toBe(true);
  });
});
