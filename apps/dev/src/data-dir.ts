import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Where `npm start` (and `npm run dev`) keep their state: the embedded PostgreSQL, the mail sink's
 * .eml files, a spawned redis-server's files and the instance lock. `RINGFENCE_DATA_DIR` moves it
 * (a second checkout-independent playground, or the tests' empty folder); otherwise `./.data`.
 */
export function dataRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['RINGFENCE_DATA_DIR'] || '.data');
}

/** A path for messages: `./relative` inside the working directory, absolute outside it. */
export function shownPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? `./${inside}` : path;
}
