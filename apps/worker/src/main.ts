import { getHeapStatistics } from 'node:v8';
import { loadConfigOrExit } from '#platform/index.js';
import { createWorkerApp } from './worker.bootstrap.js';

/** Above this V8 heap limit the worker was started without its heap flag (package.json's start:worker). */
const UNBOUNDED_HEAP_MB = 1024;

// Validate first: a wrong variable stops start-up with one line naming it.
loadConfigOrExit(process.env, { requireDatabase: true });
await createWorkerApp();
process.stdout.write('Ringfence worker running (no HTTP); Ctrl-C stops it after running jobs finish\n');
// Its paged jobs hold ~55 MB alive; with V8's default limit their garbage is left to pile up to
// ~4x that before a full collection (docs/operations.md#the-workers-memory).
const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 1048576);
if (heapLimitMb > UNBOUNDED_HEAP_MB) {
  process.stderr.write(`Ringfence worker: V8 heap limit ${heapLimitMb} MB; start it with node --max-old-space-size=512 (as npm run start:worker does) to bound its memory\n`);
}
