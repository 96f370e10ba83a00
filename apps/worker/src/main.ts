import { loadConfigOrExit } from '#platform/index.js';
import { createWorkerApp } from './worker.bootstrap.js';

// Validate first: a wrong variable stops start-up with one line naming it.
loadConfigOrExit(process.env, { requireDatabase: true });
await createWorkerApp();
process.stdout.write('Ringfence worker running (no HTTP); Ctrl-C stops it after running jobs finish\n');
