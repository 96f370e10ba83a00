import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { assertStorageKey, FileNotFoundError, isStorageKey, type FileStore, type StoredFileEntry, type StoredFileMeta } from './file-store.js';

const isMissing = (error: unknown) => (error as { code?: string } | undefined)?.code === 'ENOENT';

/**
 * Files under a directory (`FILES_DIR`, `./.data/files` by default): `<dir>/ab/<key>`. Readable
 * by the service's own user only. A file is written to a temporary name and renamed into place,
 * so a crash never leaves a half-written file under a real key.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(key: string, content: Buffer, _meta: StoredFileMeta): Promise<void> {
    assertStorageKey(key);
    const target = this.path(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true, mode: 0o700 });
    const temporary = `${target}.partial`;
    // 'wx': never overwrite; keys are random, so a clash means something is badly wrong.
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await stat(target).then(
        () => Promise.reject(new Error(`storage key ${key} is already taken`)),
        (error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)),
      );
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    const path = this.path(key);
    // Open first so a missing file is a FileNotFoundError here, not a stream error mid-answer.
    const handle = await open(path, 'r').catch((error: unknown) => Promise.reject(isMissing(error) ? new FileNotFoundError(key) : error));
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await unlink(this.path(key)).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
  }

  async *list(): AsyncIterable<StoredFileEntry> {
    const fanOut = await readdir(this.root).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)));
    for (const dir of fanOut.sort()) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of (await readdir(join(this.root, dir))).sort()) {
        const key = `${dir}/${name}`;
        if (!isStorageKey(key)) continue;
        const info = await stat(join(this.root, key)).catch(() => undefined);
        if (info) yield { key, lastModified: info.mtime };
      }
    }
  }

  private path(key: string): string {
    return join(this.root, key);
  }
}
