import type { createClient } from 'redis';

type RedisClient = ReturnType<typeof createClient>;

/**
 * Where web sessions live: one Redis key per session, `<prefix><id>`, holding the session's JSON,
 * with a TTL set by every write (docs/web-contract.md#security).
 *
 * The connection keeps what it reads in memory while Redis tracks the key (RESP3 client-side
 * caching: common/session.ts), so this process's own writes drop its copy before they are sent
 * (a read made while the write is on its way asks Redis, on the same connection, after the write)
 * and again once they complete (Redis's message about the change comes only after the reply).
 */
export class SessionStore {
  constructor(
    private readonly client: RedisClient,
    readonly prefix: string,
    /** Seconds a saved session outlives its last write. */
    private readonly ttlSeconds: number,
  ) {}

  /** The session's JSON, or null when there is no such session (ended, expired, or never saved). */
  async read(id: string): Promise<string | null> {
    const value = await this.client.get(this.prefix + id);
    return typeof value === 'string' ? value : null;
  }

  async write(id: string, json: string): Promise<void> {
    await this.dropping(id, this.client.set(this.prefix + id, json, { expiration: { type: 'EX', value: this.ttlSeconds } }));
  }

  async remove(id: string): Promise<void> {
    await this.dropping(id, this.client.del(this.prefix + id));
  }

  private async dropping(id: string, command: Promise<unknown>): Promise<void> {
    const forget = () => (this.client as { clientSideCache?: { invalidate(key: string): void } }).clientSideCache?.invalidate(this.prefix + id);
    forget();
    try {
      await command;
    } finally {
      forget();
    }
  }
}
