/**
 * At most `limit` pieces of work in flight: `add` waits while the limit is reached and rethrows
 * the first failure of any work so far; `drain` waits for all and rethrows it; `settle` only
 * waits (for clean-up after a failure, so nothing is still running when the caller moves on).
 */
export class BoundedConcurrency {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async add(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work.then(
      () => void this.inFlight.delete(tracked),
      (error: unknown) => {
        this.inFlight.delete(tracked);
        this.failure ??= { error };
      },
    );
    this.inFlight.add(tracked);
    while (this.inFlight.size >= this.limit && !this.failure) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure.error;
  }

  async drain(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure.error;
  }

  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}
