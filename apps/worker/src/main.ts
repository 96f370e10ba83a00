import { loadConfigOrExit } from '#platform/index.js';
import { createWorkerApp } from './worker.bootstrap.js';

/** The V8 flag that keeps the worker's garbage from piling up (package.json's start:worker). */
const HEAP_GROWTH_FLAG = '--heap-growing-percent';

// Validate first: a wrong variable stops start-up with one line naming it.
loadConfigOrExit(process.env, { requireDatabase: true });
await createWorkerApp();
process.stdout.write('Ringfence worker running (no HTTP); Ctrl-C stops it after running jobs finish\n');
// Its paged jobs hold ~55 MB alive; with V8's default growth their garbage is left to pile up to
// ~4x that before a full collection (docs/operations.md#the-workers-memory).
if (!process.execArgv.some((flag) => flag.replaceAll('_', '-').startsWith(HEAP_GROWTH_FLAG))) {
  process.stderr.write(`Ringfence worker: started without ${HEAP_GROWTH_FLAG}; start it as npm run start:worker does (node --heap-growing-percent=40 ...) to keep its memory bounded\n`);
}
