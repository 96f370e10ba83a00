import { ConfigError, loadConfigOrExit, requireSessionSecret } from '#platform/index.js';
import { createWebApp } from './web.bootstrap.js';

// `npm run start:web`: the web front end alone on PORT, with the API's environment variables.
// Validate first: a wrong variable stops start-up with one line naming it.
const config = loadConfigOrExit();
try {
  requireSessionSecret(config);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const app = await createWebApp();
await app.listen(config.port);
process.stdout.write(`Ringfence web listening on ${await app.getUrl()}/\n`);
