import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * Where uploaded files' bytes live. One port, two adapters: the local filesystem (the default,
 * `FILES_DIR`) and an S3-compatible bucket (`FILES_S3_BUCKET`). Rows in the database point at a
 * file by its storage key only; the bytes never pass through PostgreSQL.
 */
export interface FileStore {
  /** Which adapter, for logs and the health of a deployment. */
  readonly kind: 'local' | 's3';
  /** Stores `content` under `key`. A key is written once: an existing key is refused. */
  put(key: string, content: Buffer, meta: StoredFileMeta): Promise<void>;
  /** The bytes under `key`; FileNotFoundError when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; nothing happens when it does not exist. */
  delete(key: string): Promise<void>;
  /** Every stored key with when it was written (for the orphan sweep). */
  list(): AsyncIterable<StoredFileEntry>;
}

export interface StoredFileMeta {
  mediaType: string;
  sha256: string;
}

export interface StoredFileEntry {
  key: string;
  lastModified: Date;
}

/** Nest injection token of the configured FileStore. */
export const FILE_STORE = Symbol('FILE_STORE');

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored file under ${key}`);
    this.name = 'FileNotFoundError';
  }
}

/**
 * `ab/<64 hex>`: 32 random bytes, fanned out by their first byte so no directory grows huge.
 * Random and never derived from what the user sent (a file name cannot choose where it lands).
 */
const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}$/;

export function newStorageKey(): string {
  const hex = randomBytes(32).toString('hex');
  return `${hex.slice(0, 2)}/${hex}`;
}

export function isStorageKey(key: unknown): key is string {
  return typeof key === 'string' && STORAGE_KEY.test(key) && key.slice(0, 2) === key.slice(3, 5);
}

/** Adapters refuse any other key before touching storage: the last guard against path tricks. */
export function assertStorageKey(key: string): void {
  if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key).slice(0, 80)}`);
}
