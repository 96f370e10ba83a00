// COPY ... FROM STDIN in PostgreSQL's text format, fed from a generator of rows with
// backpressure, so the generator never holds a table in memory.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import copyStreams from 'pg-copy-streams';

const ROWS_PER_CHUNK = 2_000;
const PROGRESS_EVERY_MS = 2_000;

/** One value in COPY text format: \N for null, t/f, {a,b} for text[], escaped text. */
export function copyValue(v) {
  if (v === null || v === undefined) return '\\N';
  if (v === true) return 't';
  if (v === false) return 'f';
  if (Array.isArray(v)) return escape(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof v === 'object') return escape(JSON.stringify(v));
  return escape(String(v));
}

function escape(s) {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/**
 * Streams `rows` (an iterable of arrays in `columns` order) into `table` through COPY; logs
 * progress (rows, rows/s) every 2 s and once at the end; returns the row count.
 */
export async function copyInto(client, table, columns, rows, log) {
  const started = performance.now();
  let count = 0;
  let lastLog = started;
  function* chunks() {
    let lines = [];
    for (const row of rows) {
      lines.push(row.map(copyValue).join('\t'));
      count++;
      if (lines.length >= ROWS_PER_CHUNK) {
        yield lines.join('\n') + '\n';
        lines = [];
        const now = performance.now();
        if (log && now - lastLog > PROGRESS_EVERY_MS) {
          lastLog = now;
          log(`  ${table}: ${count} rows`, { rowsPerSec: Math.round(count / ((now - started) / 1000)) });
        }
      }
    }
    if (lines.length) yield lines.join('\n') + '\n';
  }
  const sink = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(), { objectMode: false }), sink);
  const seconds = (performance.now() - started) / 1000;
  log?.(`${table}: ${count} rows in ${seconds.toFixed(1)} s`, { rowsPerSec: Math.round(count / Math.max(seconds, 0.001)) });
  return count;
}
