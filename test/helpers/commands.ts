import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const ROOT = process.cwd();

/**
 * A command of the Running table as an operator starts it: its own process group (as a terminal
 * gives each command line), stdout and stderr collected together.
 */
export class Command {
  readonly child: ChildProcess;
  private text = '';
  private readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }) {
    this.child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    // 'close' waits for every holder of the pipes: a launcher that outlives npm keeps them open.
    this.closed = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.text;
  }

  /** Resolves with the first match of `pattern` in the output; rejects if the command ends or time runs out. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let ended = false;
    void this.closed.then(() => (ended = true));
    for (;;) {
      const match = this.text.match(pattern);
      if (match) return match;
      if (ended || Date.now() > deadline) {
        throw new Error(`${ended ? 'ended' : `no ${pattern} within ${timeoutMs / 1000} s`}; output:\n${this.text.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resolves when the command and everything holding its output have finished, or null after `timeoutMs`. */
  async ended(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const result = await Promise.race([this.closed, timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** A signal to the whole process group, as a terminal's Ctrl-C or a control-group stop sends it. */
  signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  /** For clean-up after a failed test: whatever is left of the group. */
  kill(): void {
    this.signalGroup('SIGKILL');
  }
}

/** Runs a command to its end; rejects after `timeoutMs`. */
export async function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const started = new Command(command, args, options);
  const result = await started.ended(timeoutMs);
  if (!result) {
    started.kill();
    throw new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s; output:\n${started.output.slice(-4000)}`);
  }
  return { code: result.code, output: started.output };
}

export function packageScripts(): Record<string, string> {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
}

const BUILD_FIRST = 'npm run build --silent && ';

/**
 * What a script runs once `npm run build` has: its text after the build step. Running that (after
 * building once) instead of the script keeps a file of such tests from compiling once per command,
 * and still runs exactly what package.json says.
 */
export function afterBuild(script: string): string[] {
  const text = packageScripts()[script];
  if (!text?.startsWith(BUILD_FIRST)) throw new Error(`package.json script ${script} no longer starts with "${BUILD_FIRST}": ${text}`);
  const command = text.slice(BUILD_FIRST.length);
  if (/[;&|<>$`"']/.test(command)) throw new Error(`script ${script} is more than one plain command: ${command}`);
  return command.split(' ');
}

export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

export function processes(): ProcessRow[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4]! }));
}

/** Polls until `check` holds or time runs out; returns whether it held. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
