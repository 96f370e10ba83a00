import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SmtpSink } from '../../libs/platform/src/mail/smtp-sink.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { afterBuild, Command, eventually, listening, packageScripts, processes, run } from '../helpers/commands.js';
import { adminQuery, dropDatabase, uniqueName, urlFor } from '../helpers/database.js';
import { freePort } from '../helpers/processes.js';

/**
 * The Running table (docs/operations.md#running), each command as a real child process the way an operator runs it, on a
 * database created empty for this file (not the migrated test template). `npm run build` runs
 * once; migrate and seed:demo run what their scripts run after their own build step (afterBuild).
 * Everything runs in a copy of the checkout (sources, with node_modules linked): Jest's other
 * worker runs other files meanwhile, some of them from the checkout's dist/ and web assets, which
 * a build here must not rewrite under them.
 */
const ROOT = process.cwd();
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const MIGRATION_NAMES = MIGRATIONS.map((m) => m.name);
const started: Command[] = [];
const prefixes: string[] = [];
const tempDirs: string[] = [];

/** An operator's shell: none of Jest's NODE_OPTIONS or NODE_ENV, none of the variables a test sets. */
function operatorEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn' };
  for (const key of ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'PORT', 'QUEUE_PREFIX', 'RINGFENCE_DATA_DIR', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) delete env[key];
  return { ...env, ...vars };
}

function queuePrefix(): string {
  const prefix = `rfcmd_${process.pid}_${randomBytes(3).toString('hex')}`;
  prefixes.push(prefix);
  return prefix;
}

/** A folder PostgreSQL can use: as root the embedded one runs as the `postgres` user, so not 0700. */
function tempDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ringfence-${kind}-`));
  chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

/** The checkout's sources in a folder of their own, node_modules linked (not copied). */
function copyOfCheckout(kind: string): string {
  const copy = tempDir(kind);
  const skip = new Set(['node_modules', 'dist', '.data', '.git']);
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !skip.has(relative(ROOT, source).split('/')[0]!) });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

/** Where this file's commands run: a copy of the checkout, made in beforeAll. */
let checkout: string;

function launch(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Command {
  const cmd = new Command(command, args, { cwd: checkout, ...options });
  started.push(cmd);
  return cmd;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Rows in every table of the schema, by table. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(url, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const sql = tables.map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS n FROM "${name}"`).join(' UNION ALL ');
  return Object.fromEntries((await query<{ name: string; n: number }>(url, sql)).map((r) => [r.name, r.n]));
}

/** The launcher's banner, read as a newcomer reads it (other lines, e.g. a web URL, may come first). */
function readBanner(output: string): { apiBase: string; password: string; logins: { email: string; role: string }[]; postgresPort?: number; redisPort?: number } {
  const apiBase = output.match(/^\s*API\s+(http:\/\/\S+)\/api\s*$/m)?.[1];
  const password = output.match(/Demo logins \(password (\S+)\):/)?.[1];
  const logins = [...output.matchAll(/^\s+(\S+@\S+)\s+(admin|commissioner|finance|partner|viewer)\s*$/gm)].map((m) => ({ email: m[1]!, role: m[2]! }));
  if (!apiBase || !password) throw new Error(`no API URL or password in the banner:\n${output.slice(-3000)}`);
  const postgresPort = output.match(/embedded PostgreSQL in \S+ \(127\.0\.0\.1:(\d+)/)?.[1];
  const redisPort = output.match(/redis:\/\/127\.0\.0\.1:(\d+) \(redis-server started for this run/)?.[1];
  return { apiBase, password, logins, postgresPort: postgresPort ? Number(postgresPort) : undefined, redisPort: redisPort ? Number(redisPort) : undefined };
}

/** After a launcher stopped: nothing of its group, nothing using its data folder, its servers' ports closed. */
async function expectNothingLeft(cmd: Command, dataDir: string, ports: (number | undefined)[]): Promise<void> {
  const leftovers = () => processes().filter((p) => p.pgid === cmd.pid || p.args.includes(dataDir));
  expect(await eventually(() => leftovers().length === 0, 5_000)).toBe(true);
  for (const port of ports) if (port) expect(await listening(port)).toBe(false);
  expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  expect(existsSync(join(dataDir, 'npm-start.pid'))).toBe(false);
}

describe('the Running table (docs/operations.md#running), each command as a child process', () => {
  let database: string;
  let databaseUrl: string;
  const sink = new SmtpSink();
  /** npm start's data folder, reused by npm run dev (the embedded cluster is then made once). */
  let startDataDir: string | undefined;

  const withDatabase = (vars: Record<string, string> = {}) =>
    operatorEnv({ DATABASE_URL: databaseUrl, REDIS_URL, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, QUEUE_PREFIX: prefixes[0]!, ...vars });

  beforeAll(async () => {
    checkout = copyOfCheckout('checkout');
    database = uniqueName('test');
    await adminQuery(`CREATE DATABASE "${database}"`);
    databaseUrl = urlFor(database);
    await sink.start(0);
    queuePrefix();
  });

  afterAll(async () => {
    for (const cmd of started) cmd.kill();
    // An embedded PostgreSQL runs in a process group of its own: stop any a failed test left.
    for (const p of processes()) {
      if (tempDirs.some((dir) => p.args.includes(dir))) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await sink.stop();
    await dropDatabase(database);
    const redis = new Redis(REDIS_URL);
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
    redis.disconnect();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('npm run build compiles the API, the worker, the launcher and the CLIs into dist/', async () => {
    const before = Date.now();
    const { code, output } = await run('npm', ['run', 'build'], { env: operatorEnv({}), cwd: checkout }, 240_000);
    expect({ code, output }).toMatchObject({ code: 0 });
    for (const entry of ['apps/api/src/main.js', 'apps/worker/src/main.js', 'apps/dev/src/main.js', 'apps/api/src/cli/migrate.js', 'apps/api/src/cli/seed-demo.js']) {
      expect(statSync(join(checkout, 'dist', entry)).mtimeMs).toBeGreaterThan(before - 1000);
    }
  }, 250_000);

  it('npm run migrate applies every migration, migrate:revert undoes the last, migrate applies it again', async () => {
    const [node, ...migrate] = afterBuild('migrate');
    const [, ...revert] = afterBuild('migrate:revert');
    const applied = async () => (await query<{ name: string }>(databaseUrl, 'SELECT name FROM schema_migration ORDER BY id')).map((r) => r.name);
    const last = MIGRATION_NAMES[MIGRATION_NAMES.length - 1]!;

    const first = await run(node!, migrate, { env: withDatabase(), cwd: checkout }, 60_000);
    expect(first).toMatchObject({ code: 0, output: expect.stringContaining(`applied ${MIGRATION_NAMES.length} migration(s): ${MIGRATION_NAMES.join(', ')}`) });
    expect(await applied()).toEqual(MIGRATION_NAMES);

    const reverted = await run(node!, revert, { env: withDatabase(), cwd: checkout }, 60_000);
    expect(reverted).toMatchObject({ code: 0, output: expect.stringContaining(`reverted ${last} on postgres://`) });
    expect(await applied()).toEqual(MIGRATION_NAMES.slice(0, -1));

    const again = await run(node!, migrate, { env: withDatabase(), cwd: checkout }, 60_000);
    expect(again).toMatchObject({ code: 0, output: expect.stringContaining(`applied 1 migration(s): ${last}`) });
    expect(await applied()).toEqual(MIGRATION_NAMES);
    expect(await run(node!, migrate, { env: withDatabase(), cwd: checkout }, 60_000)).toMatchObject({ code: 0, output: 'schema is up to date\n' });

    // Forgetting DATABASE_URL: one line naming it, not a stack trace.
    const unset = await run(node!, migrate, { env: operatorEnv({}), cwd: checkout }, 60_000);
    expect(unset).toEqual({ code: 1, output: 'Invalid configuration: DATABASE_URL is required (a postgres:// URL); `npm start` provides an embedded one\n' });
  }, 120_000);

  it('npm run seed:demo loads the demo data into the fresh database, and a second run changes nothing', async () => {
    const [node, ...seed] = afterBuild('seed:demo');
    const first = await run(node!, seed, { env: withDatabase(), cwd: checkout }, 90_000);
    expect(first).toMatchObject({ code: 0, output: expect.stringMatching(/^demo data loaded: \{.*"awards":9.*\}\n$/) });
    const counts = await rowCounts(databaseUrl);
    expect(counts).toMatchObject({ organisation: expect.any(Number), award: expect.any(Number), app_user: 5 });
    expect(counts['award']).toBeGreaterThanOrEqual(9);
    expect(counts['audit_entry']).toBeGreaterThan(0);

    const second = await run(node!, seed, { env: withDatabase(), cwd: checkout }, 90_000);
    expect(second).toEqual({ code: 0, output: 'demo data already present; nothing created\n' });
    expect(await rowCounts(databaseUrl)).toEqual(counts);
  }, 200_000);

  it('npm run start:api serves /health and npm run start:worker beats; SIGTERM stops each with exit code 0 within 10 s', async () => {
    const port = await freePort();
    const env = withDatabase({ PORT: String(port) });
    const api = launch('npm', ['run', 'start:api'], { env });
    const worker = launch('npm', ['run', 'start:worker'], { env });
    await api.waitFor(/Ringfence API listening on/, 60_000);
    await worker.waitFor(/Ringfence worker running/, 60_000);

    const redis = new Redis(REDIS_URL);
    try {
      const key = `${prefixes[0]}:worker:heartbeat`;
      expect(await eventually(async () => (await redis.get(key)) !== null, 30_000)).toBe(true);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up', workerHeartbeat: expect.any(String) } } });
    } finally {
      redis.disconnect();
    }

    // The SIGTERM goes where a process manager sends it, to the process the script runs: npm does
    // not wait for its script on a signal of its own (it dies at once and leaves the app running).
    for (const [cmd, script] of [[api, 'start:api'], [worker, 'start:worker']] as const) {
      const app = processes().find((p) => p.pgid === cmd.pid && p.args === packageScripts()[script]);
      expect(app).toBeDefined();
      const signalled = Date.now();
      process.kill(app!.pid, 'SIGTERM');
      expect(await cmd.ended(10_000)).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(10_000);
    }
  }, 120_000);

  it('the worker says so when started without the heap-growth flag, and not when started as npm run start:worker', async () => {
    // docs/operations.md#the-workers-memory: without the flag its memory grows to ~4x what it holds.
    const env = withDatabase();
    const plain = launch(process.execPath, ['dist/apps/worker/src/main.js'], { env });
    await plain.waitFor(/started without --heap-growing-percent; start it as npm run start:worker does/, 60_000);
    const flagged = launch('npm', ['run', 'start:worker'], { env });
    await flagged.waitFor(/Ringfence worker running/, 60_000);
    // The warning is written right after that line; give it the time a slow machine would.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(flagged.output).not.toContain('heap-growing-percent;');
    process.kill(plain.pid, 'SIGTERM');
    expect(await plain.ended(10_000)).toEqual({ code: 0, signal: null });
    const app = processes().find((p) => p.pgid === flagged.pid && p.args === packageScripts()['start:worker']);
    expect(app).toBeDefined();
    process.kill(app!.pid, 'SIGTERM');
    expect(await flagged.ended(10_000)).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('npm run start:web serves the sign-in page on PORT and SIGTERM stops it with exit code 0 within 10 s', async () => {
    const port = await freePort();
    const web = launch('npm', ['run', 'start:web'], { env: withDatabase({ PORT: String(port) }) });
    await web.waitFor(/Ringfence web listening on/, 60_000);
    const page = await fetch(`http://127.0.0.1:${port}/sign-in`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<h1[^>]*>\s*Sign in to Ringfence\s*<\/h1>/);
    expect(html).toContain('name="_csrf"');
    const app = processes().find((p) => p.pgid === web.pid && p.args === packageScripts()['start:web']);
    expect(app).toBeDefined();
    const signalled = Date.now();
    process.kill(app!.pid, 'SIGTERM');
    expect(await web.ended(10_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
  }, 90_000);

  it('npx nest build api compiles, and npx nest start api --watch serves /health and stops on Ctrl-C (README, Development)', async () => {
    const built = await run('npx', ['nest', 'build', 'api'], { env: operatorEnv({}), cwd: checkout }, 240_000);
    expect(built.code).toBe(0);
    const port = await freePort();
    const watch = launch('npx', ['nest', 'start', 'api', '--watch'], { env: withDatabase({ PORT: String(port) }) });
    await watch.waitFor(/Ringfence API listening on/, 240_000);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    watch.signalGroup('SIGINT');
    expect(await watch.ended(30_000)).not.toBeNull();
    expect(await eventually(async () => !(await listening(port)), 10_000)).toBe(true);
  }, 600_000);

  it('the test scripts of the README pick the files they say (npm run <script> -- --listTests)', async () => {
    const listed = async (script: string) => {
      const { code, output } = await run('npm', ['run', '--silent', script, '--', '--listTests'], { env: operatorEnv({}), cwd: checkout }, 120_000);
      expect({ script, code }).toEqual({ script, code: 0 });
      return output.split('\n').filter((line) => line.startsWith('/')).map((file) => relative(checkout, file));
    };
    const unit = await listed('test:unit');
    expect(unit).toContain('test/unit/doc-citations.spec.ts');
    expect(unit.every((file) => file.endsWith('.spec.ts'))).toBe(true);
    const e2e = await listed('test:e2e');
    expect(e2e).toEqual(expect.arrayContaining(['test/e2e/commands.e2e-spec.ts', 'test/e2e/web-partner-journey.e2e-spec.ts']));
    expect(e2e.every((file) => file.startsWith('test/e2e/'))).toBe(true);
    expect((await listed('test:service')).every((file) => file.startsWith('test/service/'))).toBe(true);
    expect(await listed('test:fuzz')).toEqual(['test/e2e/hostile-input.e2e-spec.ts']);
    const screenshots = await listed('screenshots');
    expect(screenshots.length).toBeGreaterThan(5);
    expect(screenshots.every((file) => file.startsWith('test/e2e/web-'))).toBe(true);
  }, 300_000);

  it('npm run files:sweep -- <hours> removes stored files no document names once older than that, and keeps newer ones', async () => {
    const filesDir = tempDir('files');
    const key = (fill: string) => `${fill.slice(0, 2)}/${fill}`;
    const old = key('ab'.repeat(32));
    const recent = key('cd'.repeat(32));
    for (const k of [old, recent]) {
      mkdirSync(join(filesDir, k.slice(0, 2)), { recursive: true });
      writeFileSync(join(filesDir, k), 'left by a crash between the file and its row');
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(filesDir, old), twoHoursAgo, twoHoursAgo);
    const [node, ...sweep] = afterBuild('files:sweep');
    const swept = await run(node!, [...sweep, '1'], { env: withDatabase({ FILES_DIR: filesDir }), cwd: checkout }, 60_000);
    expect(swept).toEqual({ code: 0, output: 'files sweep: removed 1 stored file(s) that no document names (older than 1 h)\n' });
    expect(existsSync(join(filesDir, old))).toBe(false);
    expect(existsSync(join(filesDir, recent))).toBe(true);
    expect(await run(node!, [...sweep, 'soon'], { env: withDatabase({ FILES_DIR: filesDir }), cwd: checkout }, 60_000)).toEqual({ code: 1, output: 'usage: npm run files:sweep -- <hours, at least 1>\n' });
  }, 120_000);

  it('npm start on an empty data folder prints the URL and logins, a printed login works, and Ctrl-C leaves nothing running', async () => {
    const dataDir = tempDir('start');
    const port = await freePort();
    // REDIS_URL stays unset, as for a newcomer: the launcher finds the local Redis or starts one.
    const env = operatorEnv({ PORT: String(port), QUEUE_PREFIX: queuePrefix(), RINGFENCE_DATA_DIR: dataDir, ...(process.env['TEST_REDIS_URL'] ? { REDIS_URL } : {}) });
    const start = launch('npm', ['start'], { env });
    await start.waitFor(/Ctrl-C stops everything/, 300_000);

    const banner = readBanner(start.output);
    expect(banner.apiBase).toBe(`http://localhost:${port}`);
    expect(start.output).toContain(`embedded PostgreSQL in ${join(dataDir, 'postgres')} `);
    expect(start.output).toContain('Demo data  loaded now');
    expect(banner.logins.map((l) => l.role).sort()).toEqual(['admin', 'commissioner', 'finance', 'partner', 'viewer']);

    const finance = banner.logins.find((l) => l.role === 'finance')!;
    const login = await fetch(`${banner.apiBase}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: finance.email, password: banner.password }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const grants = await fetch(`${banner.apiBase}/api/reports/grants?financialYear=2014/15`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(grants.status).toBe(200);
    expect(await grants.json()).toMatchObject({ totalPence: 80_145_600 });

    start.signalGroup('SIGINT'); // what a terminal's Ctrl-C does: npm, its shell and the launcher at once
    expect(await start.ended(60_000)).not.toBeNull();
    expect(start.output).toMatch(/stopped PostgreSQL\n\[npm start\] stopped\n$/);
    await expectNothingLeft(start, dataDir, [port, banner.postgresPort, banner.redisPort]);
    startDataDir = dataDir;
  }, 420_000);

  it('npm run dev serves the npm start defaults, restarts on a source change serving the change, and Ctrl-C leaves nothing running', async () => {
    // A copy of its own, to change without touching the other tests' sources.
    const copy = copyOfCheckout('dev');
    const dataDir = startDataDir ?? tempDir('dev-data');
    const port = await freePort();
    const env = operatorEnv({ PORT: String(port), QUEUE_PREFIX: queuePrefix(), RINGFENCE_DATA_DIR: dataDir, ...(process.env['TEST_REDIS_URL'] ? { REDIS_URL } : {}) });
    const dev = launch('npm', ['run', 'dev'], { env, cwd: copy });
    await dev.waitFor(/Ctrl-C stops everything/, 300_000);
    const banner = readBanner(dev.output);
    const title = async () => ((await (await fetch(`${banner.apiBase}/api/docs-json`)).json()) as { info: { title: string } }).info.title;
    expect(await title()).toBe('Ringfence');

    const bootstrap = join(copy, 'apps/api/src/common/api-document.ts');
    const source = readFileSync(bootstrap, 'utf8');
    expect(source).toContain(".setTitle('Ringfence')");
    writeFileSync(bootstrap, source.replace(".setTitle('Ringfence')", ".setTitle('Ringfence, changed under npm run dev')"));
    await dev.waitFor(/compiled: restarting npm start[^]*Ctrl-C stops everything/, 120_000);
    expect(await title()).toBe('Ringfence, changed under npm run dev');
    // The first launcher stopped its PostgreSQL before the second started one: a single postmaster.
    expect(dev.output).toMatch(/compiled: restarting npm start\n[^]*stopped PostgreSQL\n\[npm start\] stopped\n[^]*embedded PostgreSQL ready/);
    expect(processes().filter((p) => p.args.includes(`-D ${join(dataDir, 'postgres')}`))).toHaveLength(1);

    const postgresPort = readBanner(dev.output.slice(dev.output.lastIndexOf('compiled: restarting'))).postgresPort;
    dev.signalGroup('SIGINT');
    expect(await dev.ended(60_000)).not.toBeNull();
    await expectNothingLeft(dev, dataDir, [port, postgresPort]);
  }, 480_000);
});
