import { englandAndWalesBankHolidays, mergeHolidays, type BankHoliday, type CalendarHoliday, type HolidayOverride } from './bank-holidays.js';

/**
 * How long a process trusts its copy of the override table. The process that writes an override
 * drops its copy at once (CalendarService.overridesChanged); other processes (API replicas, the
 * worker) see the change within this time.
 */
export const OVERRIDES_TTL_MS = 60_000;

interface Snapshot {
  rows: readonly HolidayOverride[];
  loadedAt: number;
}

interface YearHolidays {
  list: CalendarHoliday[];
  dates: ReadonlySet<string>;
}

/**
 * The merged holidays per year, in memory. The library's list is pure and kept for the life of
 * the process; the override table is reloaded when older than the TTL or after a local write,
 * and the merged years are recomputed from it. A load that an invalidation overtook is used by
 * the callers already waiting for it but never cached.
 */
export class HolidayCache {
  private readonly library = new Map<number, BankHoliday[]>();
  private readonly merged = new Map<number, YearHolidays>();
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private generation = 0;

  constructor(
    private readonly loadOverrides: () => Promise<readonly HolidayOverride[]>,
    private readonly ttlMs = OVERRIDES_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The holidays of one calendar year, sorted by date. */
  async year(year: number): Promise<YearHolidays> {
    const snapshot = await this.fresh();
    const cached = this.snapshot === snapshot ? this.merged.get(year) : undefined;
    if (cached) return cached;
    const prefix = `${String(year).padStart(4, '0')}-`;
    const list = mergeHolidays(
      this.libraryYear(year),
      snapshot.rows.filter((o) => o.date.startsWith(prefix)),
    );
    const entry = { list, dates: new Set(list.map((h) => h.date)) };
    if (this.snapshot === snapshot) this.merged.set(year, entry);
    return entry;
  }

  /** Every holiday date of the years `fromYear` to `toYear` inclusive. */
  async dates(fromYear: number, toYear: number): Promise<ReadonlySet<string>> {
    if (fromYear === toYear) return (await this.year(fromYear)).dates;
    const all = new Set<string>();
    for (let y = fromYear; y <= toYear; y++) for (const d of (await this.year(y)).dates) all.add(d);
    return all;
  }

  /** Forget the overrides and everything merged from them: the next read reloads. */
  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
    this.loading = undefined;
    this.merged.clear();
  }

  private libraryYear(year: number): BankHoliday[] {
    let list = this.library.get(year);
    if (!list) this.library.set(year, (list = englandAndWalesBankHolidays(year)));
    return list;
  }

  private fresh(): Promise<Snapshot> {
    if (this.snapshot && this.clock() - this.snapshot.loadedAt < this.ttlMs) return Promise.resolve(this.snapshot);
    if (this.loading) return this.loading;
    const generation = this.generation;
    const startedAt = this.clock();
    const loading: Promise<Snapshot> = this.loadOverrides()
      .then((rows) => {
        const snapshot = { rows, loadedAt: startedAt };
        if (this.generation === generation) {
          this.snapshot = snapshot;
          this.merged.clear();
        }
        return snapshot;
      })
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }
}
