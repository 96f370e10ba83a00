import type { FileStoreConfig } from '../config/config.schema.js';
import type { FileStore } from './file-store.js';
import { LocalFileStore } from './local-file-store.js';
import { S3FileStore } from './s3-file-store.js';

/** The FileStore the configuration names (FILES_DIR, or FILES_S3_BUCKET and its companions). */
export async function createFileStore(config: FileStoreConfig): Promise<FileStore> {
  if (config.kind === 'local') return new LocalFileStore(config.directory);
  return S3FileStore.create({ ...config, ...(config.credentials ? { credentials: { ...config.credentials } } : {}) });
}
