import path from 'node:path';
import { type Config, publicBaseUrl } from '../../config.js';
import { createDiskStorage } from './disk.js';
import type { ObjectStorage } from './storage.js';

/**
 * The media store the config asks for: an S3 bucket when `S3_BUCKET` is set, else `DATA_DIR/media`
 * served by this server's `/media/*` route. `secret` signs the disk driver's URLs; `clock` dates them.
 */
export async function createStorage(
  config: Config,
  secret: string,
  clock: { now(): Date } = { now: () => new Date() },
): Promise<ObjectStorage> {
  if (config.S3_BUCKET) {
    // Imported only when used: the AWS SDK is ~7 MB resident.
    const { createS3Storage } = await import('./s3.js');
    return createS3Storage({
      endpoint: config.S3_ENDPOINT,
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      // Uploads wait here on their way to the bucket; DATA_DIR is disk, where /tmp may be RAM.
      spoolDir: path.join(config.DATA_DIR, 'tmp'),
      linkedUrls: { publicBaseUrl: publicBaseUrl(config), secret, clock },
    });
  }
  return createDiskStorage({
    root: path.join(config.DATA_DIR, 'media'),
    publicBaseUrl: publicBaseUrl(config),
    secret,
    clock,
  });
}
