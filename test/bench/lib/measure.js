// Timing and memory helpers shared by every benchmark. Plain ESM so benches run
// without a compile step; they import compiled app code from dist/ themselves.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Runs `fn` `warmup` times unmeasured (JIT, plan cache, buffer cache), then `repeats`
 * times measured. The median resists the one slow outlier a 2-core machine shared with
 * other work always produces; the samples are returned so results files show spread.
 */
export async function measure(fn, { repeats = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samplesMs = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await fn(i);
    samplesMs.push(round(performance.now() - started));
  }
  return { medianMs: median(samplesMs), samplesMs };
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
}

/** subject / baseline, 2 decimals; null when either side is missing or the baseline is 0. */
export function ratio(subjectMs, baselineMs) {
  if (!Number.isFinite(subjectMs) || !Number.isFinite(baselineMs) || baselineMs <= 0) return null;
  return Math.round((subjectMs / baselineMs) * 100) / 100;
}

export function round(ms, digits = 2) {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}

/** Linux /proc/<pid>/status fields in bytes (VmHWM is the kernel's own peak RSS). */
export function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (key) => {
      const m = text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rssBytes: field('VmRSS'), peakRssBytes: field('VmHWM') };
  } catch {
    return null; // the process has exited
  }
}

/**
 * Samples a child's memory every `intervalMs` until stop(). VmHWM is the kernel's
 * high-water mark so a spike between samples is not missed; the sampled maximum is
 * kept as a fallback for platforms without /proc (then it is only a lower bound).
 * Call stop() just before the child exits: /proc/<pid> disappears with it.
 */
export function sampleRss(pid, { intervalMs = 50 } = {}) {
  let peakRssBytes = 0;
  let samples = 0;
  const tick = () => {
    const s = procStatus(pid);
    if (!s) return;
    samples++;
    peakRssBytes = Math.max(peakRssBytes, s.peakRssBytes ?? 0, s.rssBytes ?? 0);
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    /** Takes a last sample and returns { peakRssBytes, peakRssMb, samples }. */
    stop() {
      tick();
      clearInterval(timer);
      return { peakRssBytes, peakRssMb: round(peakRssBytes / 1048576, 1), samples };
    },
    peek: () => peakRssBytes,
  };
}

/** This process's own peak RSS (VmHWM), for in-process measurements. */
export function selfPeakRssMb() {
  const s = procStatus(process.pid);
  return s ? round(s.peakRssBytes / 1048576, 1) : round(process.memoryUsage().rss / 1048576, 1);
}

/**
 * A line logger: `log(message, fields?)` prints `[bench:<scope> +12.3s] message k=v ...`
 * to stderr so stdout stays clean for anything that pipes results.
 */
export function createLog(scope, { stream = process.stderr } = {}) {
  const started = performance.now();
  return function log(message, fields) {
    const elapsed = ((performance.now() - started) / 1000).toFixed(1);
    const extra = fields
      ? ' ' +
        Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`)
          .join(' ')
      : '';
    stream.write(`[bench:${scope} +${elapsed}s] ${message}${extra}\n`);
  };
}
