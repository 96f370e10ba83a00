import { readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LauncherError } from './launcher-error.js';
import { alive, commandOf } from './managed-process.js';

/**
 * One `npm start` per working copy: a second one (say with another PORT) would otherwise take
 * the first one's embedded PostgreSQL for a leftover and stop it. The lock is `<root>/npm-start.pid`,
 * removed when the process exits; a stale one (process gone) is simply replaced.
 */
export async function acquireInstanceLock(root: string, marker = 'apps/dev/src/main.js'): Promise<void> {
  const file = join(root, 'npm-start.pid');
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(pid) && pid > 1 && pid !== process.pid && alive(pid) && (await commandOf(pid)).includes(marker)) {
    throw new LauncherError(`already running in this directory (pid ${pid}); stop that one first (Ctrl-C in its terminal, or kill ${pid})`);
  }
  await mkdir(root, { recursive: true });
  await writeFile(file, `${process.pid}\n`);
  process.once('exit', () => {
    try {
      if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  });
}
