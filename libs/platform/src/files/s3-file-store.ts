import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { assertStorageKey, FileNotFoundError, isStorageKey, type FileStore, type StoredFileEntry, type StoredFileMeta } from './file-store.js';

export interface S3FileStoreOptions {
  bucket: string;
  /** An S3-compatible server's URL (MinIO, Ceph, R2...); AWS itself when absent. */
  endpoint?: string;
  region: string;
  /** `bucket` in the path rather than the host name: most S3-compatible servers want this. */
  forcePathStyle: boolean;
  /** Prepended to every key, so one bucket can serve several deployments. */
  prefix: string;
  /** Explicit keys; otherwise the AWS SDK's usual chain (AWS_ACCESS_KEY_ID, profiles, instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * Files in an S3-compatible bucket (`FILES_S3_BUCKET`). The SDK is loaded only when this store is
 * configured, so a deployment on the local filesystem never loads it.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;

  private constructor(
    private readonly client: S3Client,
    private readonly sdk: typeof import('@aws-sdk/client-s3'),
    private readonly options: S3FileStoreOptions,
  ) {}

  static async create(options: S3FileStoreOptions): Promise<S3FileStore> {
    const sdk = await import('@aws-sdk/client-s3');
    const client = new sdk.S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Checksums only where S3 requires them: many S3-compatible servers refuse the SDK's
      // default CRC32 trailers. Integrity is kept by our own SHA-256 (row and object metadata).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    return new S3FileStore(client, sdk, options);
  }

  async put(key: string, content: Buffer, meta: StoredFileMeta): Promise<void> {
    assertStorageKey(key);
    await this.client.send(
      new this.sdk.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: content,
        ContentLength: content.length,
        ContentType: meta.mediaType,
        Metadata: { sha256: meta.sha256 },
      }),
    );
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      const answer = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      if (!answer.Body) throw new FileNotFoundError(key);
      // In Node the SDK's body is an IncomingMessage, a Readable.
      return answer.Body as Readable;
    } catch (error) {
      if (error instanceof this.sdk.NoSuchKey || (error as { name?: string }).name === 'NotFound') throw new FileNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<StoredFileEntry> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.options.prefix || undefined, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.options.prefix.length);
        if (isStorageKey(key) && object.LastModified) yield { key, lastModified: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the SDK's connection pool (shutdown). */
  destroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.options.prefix}${key}`;
  }
}
