// Deterministic randomness for the generator: the same seed gives the same dataset, byte for
// byte, on any machine, so a benchmark result names exactly what it ran on.

import { createHash } from 'node:crypto';

/** sfc32: small, fast, well distributed; four 32-bit words of state. */
export function sfc32(a, b, c, d) {
  return function next() {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** 32-bit string hash (FNV-1a) so each table and award gets its own independent stream. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A random source with the helpers the generator needs, seeded by any string. The four words of
 * state are the first 128 bits of the seed's SHA-256. (Until generator version 7 they were FNV-1a
 * hashes of the seed and of the seed with `#1`, `#2`, `#3` appended; FNV reads a string from left
 * to right, so those three were functions of the first and the state had 32 bits: among the
 * million awards of scale 100, 8 pairs of awards got the same stream and the same row ids, and the
 * load failed on a duplicate key. Tested in test/unit/bench-prng.spec.ts.)
 */
export function rng(seed) {
  const digest = createHash('sha256').update(String(seed)).digest();
  const next = sfc32(digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12));
  for (let i = 0; i < 12; i++) next(); // sfc32 wants a short warm-up
  const r = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks a key of { key: weight } in proportion to its weight. */
    weighted(weights) {
      const entries = Object.entries(weights);
      let x = next() * entries.reduce((s, [, w]) => s + w, 0);
      for (const [k, w] of entries) if ((x -= w) < 0) return k;
      return entries[entries.length - 1][0];
    },
    /** Log-uniform: small grants far outnumber large ones, as in real commissioning. */
    logUniform: (min, max) => Math.exp(Math.log(min) + next() * (Math.log(max) - Math.log(min))),
    uuid() {
      const hex = [];
      for (let i = 0; i < 4; i++) hex.push(((next() * 4294967296) >>> 0).toString(16).padStart(8, '0'));
      const s = hex.join('');
      // RFC 4122 version 4 / variant bits, so the ids look like the app's own gen_random_uuid().
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${((parseInt(s[16], 16) & 0x3) | 0x8).toString(16)}${s.slice(17, 20)}-${s.slice(20, 32)}`;
    },
  };
  return r;
}
