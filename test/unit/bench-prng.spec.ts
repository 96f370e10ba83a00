// The benchmark generator's random streams (test/bench/lib/prng.js): one per award, so each must
// be its own. At scale 100 (a million awards) the old seeding gave 8 pairs of awards one stream.
// @ts-expect-error: the bench harness is plain JavaScript, without types.
import { hash32, rng } from '../bench/lib/prng.js';

describe('bench random streams', () => {
  it('gives its own stream to each award of scale 100 whose seeds share a 32-bit hash', () => {
    // The old state was a function of the seed's 32-bit FNV-1a hash: find the awards it merged.
    const seen = new Map<number, number>();
    const pairs: [number, number][] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const h = hash32(`ringfence-bench:award:${i}`);
      const other = seen.get(h);
      if (other !== undefined) pairs.push([other, i]);
      else seen.set(h, i);
    }
    expect(pairs.length).toBeGreaterThan(0);
    for (const [a, b] of pairs) expect(rng(`ringfence-bench:award:${a}`).uuid()).not.toBe(rng(`ringfence-bench:award:${b}`).uuid());
  });

  it('gives distinct ids across 100,000 awards', () => {
    const firstIds = new Set<string>();
    for (let i = 0; i < 100_000; i++) firstIds.add(rng(`ringfence-bench:award:${i}`).uuid());
    expect(firstIds.size).toBe(100_000);
  });

  it('gives the same stream for the same seed', () => {
    const a = rng('seed');
    const b = rng('seed');
    const draws = Array.from({ length: 5 }, () => [a.next(), b.next()]);
    for (const [x, y] of draws) expect(x).toBe(y);
    expect(new Set(draws.map(([x]) => x)).size).toBe(5);
  });
});
