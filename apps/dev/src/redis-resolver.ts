import { join } from 'node:path';
import { redactUrl } from '#platform/index.js';
import { shownPath } from './data-dir.js';
import { LauncherError } from './launcher-error.js';
import type { ManagedProcess } from './managed-process.js';
import { describePingFailure, pingRedis } from './redis-ping.js';
import { findOnPath, startRedisServer } from './redis-server.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ResolvedRedis {
  url: string;
  /** For the banner. */
  description: string;
  /** Set when this run started its own redis-server (stop it on shutdown). */
  server?: ManagedProcess;
}

export interface RedisChoice {
  /** REDIS_URL as the user set it (undefined when unset). */
  configuredUrl?: string;
  /** Tried when REDIS_URL is unset; a parameter so the spawn path can be exercised by hand. */
  defaultUrl?: string;
  /** Working directory for a spawned redis-server. */
  dataDir: string;
  /** Overridable for tests: where to look for redis-server. */
  path?: string;
}

/**
 * REDIS_URL if set (it must answer), else the usual local Redis, else a redis-server from PATH
 * started for this run, else a LauncherError that says how to get one.
 */
export async function resolveRedis(choice: RedisChoice): Promise<ResolvedRedis> {
  if (choice.configuredUrl) {
    const result = await pingRedis(choice.configuredUrl);
    if (!result.ok) {
      throw new LauncherError(`REDIS_URL=${describePingFailure(choice.configuredUrl, result)}. Start that Redis or fix REDIS_URL; unset it to let npm start find or start one.`);
    }
    return { url: choice.configuredUrl, description: `${redactUrl(choice.configuredUrl)} (REDIS_URL)` };
  }

  const defaultUrl = choice.defaultUrl ?? DEFAULT_REDIS_URL;
  if ((await pingRedis(defaultUrl)).ok) return { url: defaultUrl, description: `${redactUrl(defaultUrl)} (already running)` };

  const executable = await findOnPath('redis-server', choice.path);
  if (!executable) throw new LauncherError(noRedisHelp(defaultUrl));
  const { url, server } = await startRedisServer(executable, choice.dataDir);
  return { url, description: `${url} (redis-server started for this run, no persistence; log in ${shownPath(join(choice.dataDir, 'redis-server.log'))})`, server };
}

export function noRedisHelp(defaultUrl: string): string {
  return [
    `no Redis: nothing answers at ${redactUrl(defaultUrl)} and redis-server is not on PATH. Get one of these, then run npm start again:`,
    '  - install Redis: sudo apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS); npm start runs it for you',
    '  - with Docker: docker compose up -d redis',
    '  - or use one you have: REDIS_URL=redis://host:6379 npm start',
  ].join('\n');
}
