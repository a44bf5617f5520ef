import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { RecentMap } from '../recent-map.js';
import { attachmentDisposition } from './media-headers.js';
import { assertSafeKey, assertSafePrefix } from './safe-key.js';
import { createMediaUrlSigner, type MediaUrlSignerOptions, stableExpiry } from './signed-url.js';
import { ObjectNotFoundError, type ObjectStorage } from './storage.js';

export interface S3StorageOptions {
  /** For S3-compatible services (MinIO, R2, ...); AWS itself needs none. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Without them the SDK's default chain applies (environment, instance role, ...). */
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Where uploads of unknown length wait before they are sent; see `put`. */
  spoolDir?: string;
  /**
   * How this server signs URLs bound to a share link: those are not presigned for the bucket but
   * point at this server's `/media` route, which checks the link before it streams the object.
   */
  linkedUrls: MediaUrlSignerOptions;
}

/** S3 presigned URLs cannot outlive a week (SigV4's limit). */
const MAX_PRESIGN_TTL_S = 7 * 24 * 60 * 60;

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);

export function createS3Storage(options: S3StorageOptions): ObjectStorage {
  const { bucket } = options;
  const spoolDir = options.spoolDir ?? os.tmpdir();
  const linkedUrls = createMediaUrlSigner(options.linkedUrls);
  const presigned = new RecentMap<string>();
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // The SDK's default adds CRC trailers in aws-chunked bodies, which many S3-compatible servers (and
    // s3rver) refuse; checksums are then sent only where the API requires one (DeleteObjects).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  /**
   * A PutObject needs a known length. `@aws-sdk/lib-storage` (multipart) is not installed, and holding a
   * 50 MB upload in memory per request does not scale, so a stream of unknown length is first written to
   * a temp file (memory stays flat, the length becomes known) and sent from there.
   */
  async function putStream(key: string, body: Readable, contentType: string): Promise<{ size: number }> {
    await mkdir(spoolDir, { recursive: true });
    const spool = path.join(spoolDir, `pixeli-s3-${randomBytes(8).toString('hex')}.part`);
    try {
      await pipeline(body, createWriteStream(spool));
    } catch (error) {
      await rm(spool, { force: true });
      throw error;
    }
    return sendFile(key, spool, contentType);
  }

  /** Sends a file as one PutObject (its length is known), then removes it whatever happened. */
  async function sendFile(key: string, filePath: string, contentType: string): Promise<{ size: number }> {
    try {
      assertSafeKey(key);
      const { size } = await stat(filePath);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(filePath),
          ContentLength: size,
          ContentType: contentType,
        }),
      );
      return { size };
    } finally {
      await rm(filePath, { force: true });
    }
  }

  return {
    kind: 's3',

    async put(key, body, contentType) {
      assertSafeKey(key);
      if (!Buffer.isBuffer(body)) return putStream(key, body, contentType);
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
      return { size: body.length };
    },

    putFile: sendFile,

    localPath: () => null,

    async get(key) {
      assertSafeKey(key);
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the SDK's body is the HTTP response itself, a Readable.
        return Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw new ObjectNotFoundError(key);
        throw error;
      }
    },

    async exists(key) {
      assertSafeKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    async deletePrefix(prefix) {
      assertSafePrefix(prefix);
      let continuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }),
        );
        const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (objects.length > 0) {
          // A page holds at most 1000 keys, which is also DeleteObjects' limit.
          const result = await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
          );
          const failed = result.Errors ?? [];
          if (failed.length > 0) {
            throw new Error(
              `Could not delete ${failed.length} object(s) under ${prefix}: ${failed[0]?.Message}`,
            );
          }
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    },

    async signedUrl(key, { ttlS, downloadName, link }) {
      assertSafeKey(key);
      // A presigned URL cannot be taken back; one bound to a share link must stop when the link does.
      if (link !== undefined) return linkedUrls.sign(key, { ttlS, downloadName, link });
      if (!Number.isInteger(ttlS) || ttlS <= 0 || ttlS > MAX_PRESIGN_TTL_S) {
        throw new RangeError(`ttlS must be an integer between 1 and ${MAX_PRESIGN_TTL_S}: ${ttlS}`);
      }
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition:
          downloadName === undefined ? undefined : attachmentDisposition(downloadName),
      });
      // S3 judges expiry by its own clock, so this uses real time, not the app's (testable) clock.
      // Signing at the start of the window (see stableExpiry) keeps the URL cacheable.
      const nowS = Math.floor(Date.now() / 1000);
      const exp = stableExpiry(nowS, ttlS);
      const presign = () =>
        getSignedUrl(client, command, { expiresIn: ttlS, signingDate: new Date((exp - ttlS) * 1000) });
      if (downloadName !== undefined) return presign();
      // The same window gives the same URL (see stableExpiry): presign each object once per window.
      const id = `${exp}\n${ttlS}\n${key}`;
      const known = presigned.get(id);
      if (known !== undefined) return known;
      const url = await presign();
      presigned.set(id, url);
      return url;
    },

    checkSignedUrl: linkedUrls.check,

    async close() {
      client.destroy();
    },
  };
}
