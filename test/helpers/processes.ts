import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { testRunId, withTestLock } from './database.js';
import { workerNodeFlags } from './worker-start.js';

const ROOT = process.cwd();
/**
 * Compiles to dist/ once per `npm test` run: the failure tests run the worker as a real process.
 * Under a lock shared by Jest's workers, with a mark of the run in dist/: the second file to ask
 * waits for the first build and reuses it, and no file's worker starts while tsc rewrites dist/.
 */
export async function ensureBuilt(): Promise<void> {
  const mark = join(ROOT, 'dist', `.built-by-test-run-${testRunId()}`);
  await withTestLock('dist', async () => {
    if (existsSync(mark)) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
    for (const old of readdirSync(join(ROOT, 'dist')).filter((name) => name.startsWith('.built-by-test-run-'))) rmSync(join(ROOT, 'dist', old));
    writeFileSync(mark, '');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The worker (`node <start:worker's flags> dist/apps/worker/src/main.js`) as a child process with the test's environment. */
export function spawnWorker(env: NodeJS.ProcessEnv, logName: string): ChildProcess {
  const log = createWriteStream(join(mkdtempSync(join(tmpdir(), 'ringfence-worker-')), `${logName}.log`));
  const child = spawn(process.execPath, [...workerNodeFlags(ROOT), join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: { ...process.env, ...env, NODE_OPTIONS: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A redis-server of the test's own, on a spare port, so the test can stop and restart it. */
export class TestRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  static available(): boolean {
    return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some(existsSync);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error(`redis-server did not start on ${this.port}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async stop(): Promise<void> {
    if (this.child) await stopProcess(this.child, 'SIGTERM');
    this.child = undefined;
  }
}
