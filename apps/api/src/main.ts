import { loadConfigOrExit } from '#platform/index.js';
import { createApiApp } from './api.bootstrap.js';

// Validate first: a wrong variable stops start-up with one line naming it.
const config = loadConfigOrExit(process.env, { requireDatabase: true });
const app = await createApiApp();
await app.listen(config.port);
process.stdout.write(`Ringfence API listening on ${await app.getUrl()}/api (docs at /api/docs)\n`);
