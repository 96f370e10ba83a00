import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * A server process that `npm start` owns (PostgreSQL, redis-server). It runs in its own process
 * group (detached) so that the Ctrl-C the terminal sends to the whole foreground group reaches only
 * the launcher, which then stops the apps first and the servers last. Output goes to a log file.
 */
export class ManagedProcess {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
    private readonly stopSignal: NodeJS.Signals,
  ) {
    // Safety net: a launcher that dies without running its shutdown still stops its servers.
    process.once('exit', this.killNow);
  }

  /** `stopSignal`: the signal that shuts the server down cleanly (PostgreSQL: SIGINT, fast shutdown). */
  static spawn(name: string, command: string, args: string[], options: { logFile: string; stopSignal: NodeJS.Signals; uid?: number; gid?: number }): ManagedProcess {
    const fd = openSync(options.logFile, 'a');
    try {
      const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], uid: options.uid, gid: options.gid });
      child.on('error', () => undefined); // reported through exited()/the caller's readiness check
      return new ManagedProcess(name, child, options.logFile, options.stopSignal);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** Sends the stop signal, waits up to `timeoutMs`, then SIGKILL. */
  async stop(timeoutMs = 15_000): Promise<void> {
    process.removeListener('exit', this.killNow);
    if (!this.running) return;
    const exited = this.exited();
    this.child.kill(this.stopSignal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
    if (await Promise.race([exited.then(() => false), timedOut])) {
      this.child.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }

  /** Synchronous last resort (second Ctrl-C, process exit): signal it and do not wait. */
  readonly killNow = (): void => {
    if (this.running) this.child.kill(this.stopSignal);
  };

  /** The last lines of its log, for error messages. */
  async logTail(lines = 15): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }
}

export function commandOf(pid: number): Promise<string> {
  return new Promise((resolve) => execFile('ps', ['-o', 'command=', '-p', String(pid)], (error, stdout) => resolve(error ? '' : stdout.trim())));
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The first lines of a pid file (`[]` when it does not exist). */
export async function readPidFile(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).split('\n').map((line) => line.trim());
}

/**
 * A server left running by an earlier launcher that was killed hard (kill -9): `pid` is alive and
 * its command line contains `mustContain` (our data directory, our port), so it is ours and not,
 * say, the system's Redis. Stops it with `signal` and waits, so this run can start its own.
 * Returns whether it stopped one.
 */
export async function stopLeftover(pidText: string | undefined, mustContain: string, signal: NodeJS.Signals): Promise<boolean> {
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !alive(pid)) return false;
  if (!(await commandOf(pid)).includes(mustContain)) return false;
  process.kill(pid, signal);
  for (let waited = 0; alive(pid) && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

/** Polls `check` every `intervalMs` until it resolves true, the process exits, or time runs out. */
export async function waitUntil(check: () => Promise<boolean>, process_: ManagedProcess, timeoutMs: number, intervalMs = 150): Promise<'ready' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!process_.running) return 'exited';
    if (await check().catch(() => false)) return 'ready';
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return 'timeout';
}
