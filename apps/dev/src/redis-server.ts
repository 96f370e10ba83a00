import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { findFreePort } from './free-port.js';
import { LauncherError } from './launcher-error.js';
import { say } from './say.js';
import { ManagedProcess, readPidFile, stopLeftover, waitUntil } from './managed-process.js';
import { pingRedis } from './redis-ping.js';

/** The full path of `command` on PATH, or undefined. */
export async function findOnPath(command: string, path = process.env['PATH'] ?? ''): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

export interface SpawnedRedis {
  url: string;
  server: ManagedProcess;
}

/**
 * A private, throw-away redis-server for this run: on a free port, bound to 127.0.0.1, no
 * persistence (`--save "" --appendonly no`), working directory and log under `dir`.
 */
export async function startRedisServer(executable: string, dir: string): Promise<SpawnedRedis> {
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'redis-server.pid');
  // One left running by a launcher that was killed hard: only ours (its recorded port) is stopped.
  const [leftoverPid, leftoverPort] = await readPidFile(pidFile);
  if (leftoverPort && (await stopLeftover(leftoverPid, `127.0.0.1:${leftoverPort}`, 'SIGTERM'))) {
    say('stopped a redis-server left running by an earlier run');
  }

  const port = await findFreePort();
  const server = ManagedProcess.spawn(
    'redis-server',
    executable,
    ['--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--daemonize', 'no'],
    { logFile: join(dir, 'redis-server.log'), stopSignal: 'SIGTERM' },
  );
  await writeFile(pidFile, `${server.pid ?? ''}\n${port}\n`);
  const url = `redis://127.0.0.1:${port}`;
  const outcome = await waitUntil(async () => (await pingRedis(url, 500)).ok, server, 10_000);
  if (outcome !== 'ready') {
    await server.stop();
    throw new LauncherError(`redis-server (${executable}) ${outcome === 'exited' ? 'stopped during start-up' : 'did not answer within 10 s'}; the end of its log:\n${await server.logTail()}`);
  }
  return { url, server };
}
