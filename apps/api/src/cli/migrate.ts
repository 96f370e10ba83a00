import { redactUrl, loadConfigOrExit, requireDatabaseUrl } from '#platform/index.js';
import { revertLastMigration, runMigrations } from '#domain/index.js';

// `npm run migrate` applies pending migrations once; `npm run migrate:revert` undoes the last one.
const config = loadConfigOrExit(process.env, { requireDatabase: true });
const url = requireDatabaseUrl(config);
if (process.argv[2] === 'revert') {
  const reverted = await revertLastMigration(url);
  process.stdout.write(reverted ? `reverted ${reverted} on ${redactUrl(url)}\n` : `no migration to revert on ${redactUrl(url)}\n`);
} else {
  const applied = await runMigrations(url);
  process.stdout.write(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'schema is up to date\n');
}
