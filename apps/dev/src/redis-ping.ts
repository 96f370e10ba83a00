import { createRedis, redactUrl } from '#platform/index.js';

export type PingResult = { ok: true } | { ok: false; reason: string };

/**
 * One PING with a short timeout and no retries or reconnection, so an absent Redis answers
 * "no" in about a second instead of being retried forever like the apps' connections.
 */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<PingResult> {
  const client = createRedis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    enableReadyCheck: false,
  });
  let lastError = '';
  client.on('error', (error: Error) => (lastError = error.message));
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
    const reply = await Promise.race([client.connect().then(() => client.ping()), timeout]);
    return reply === 'PONG' ? { ok: true } : { ok: false, reason: `unexpected reply ${String(reply)}` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The connection error (ECONNREFUSED, NOAUTH, ...) says more than ioredis's "Connection is closed."
    return { ok: false, reason: lastError || message };
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

export function describePingFailure(url: string, result: PingResult): string {
  return result.ok ? '' : `${redactUrl(url)} does not answer PING: ${result.reason}`;
}
