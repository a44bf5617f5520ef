import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, forbidden, notFound } from '../../errors.js';
import { type DiskStorage, isDiskStorage, type OpenedObject } from '../../platform/storage/disk.js';
import {
  attachmentDisposition,
  contentTypeOf,
  etagMatches,
  etagOf,
  parseByteRange,
} from '../../platform/storage/media-headers.js';
import { isSafeKey } from '../../platform/storage/safe-key.js';
import { ObjectNotFoundError, type ObjectStorage } from '../../platform/storage/storage.js';

/** Browsers may keep a signed response no longer than its URL lives, and never longer than a day. */
const MAX_CACHE_S = 24 * 60 * 60;

const REFUSALS = {
  signature_invalid: 'This media link is not valid.',
  url_expired: 'This media link has expired.',
} as const;

export interface MediaRouteOptions {
  storage: ObjectStorage;
  /**
   * Whether the share link a URL is bound to still stands (not revoked, expired or dead by its
   * creator's rights). Handed in by the composition root, as this feature knows nothing of sharing;
   * without it, every bound URL is refused.
   */
  linkIsLive?: (linkId: string) => Promise<boolean>;
}

/**
 * `GET|HEAD /media/<key>?exp=&sig=[&dl=][&link=]`: the disk driver's stand-in for an S3 presigned
 * URL. The signature is the permission check (the API decided who may see the object when it
 * signed), so this route reads no session; a URL a share link handed out also names that link, and
 * is refused (410) the moment the link stops. With S3 the bucket serves ordinary signed URLs itself;
 * this route then serves only link-bound ones, streaming the object from the bucket after the check.
 */
export async function mediaRoutes(fastify: FastifyInstance, options: MediaRouteOptions) {
  fastify.route({
    method: ['GET', 'HEAD'],
    url: '/media/*',
    // Not part of the API: clients only follow the URLs the API hands out.
    schema: { hide: true },
    handler: (request, reply) => serveMedia(options, request, reply),
  });
}

const linkGone = () =>
  new AppError(410, 'share_link_gone', 'The share link this image was opened from no longer works.');

async function serveMedia(options: MediaRouteOptions, request: FastifyRequest, reply: FastifyReply) {
  const { storage, linkIsLive } = options;
  const key = (request.params as { '*': string })['*'];
  const query = request.query as Record<string, unknown>;
  // On S3 only link-bound URLs come here; anything else was never this server's to serve.
  if (!isDiskStorage(storage) && query.link === undefined) throw notFound('No media at this address.');
  const check = storage.checkSignedUrl({
    key,
    exp: query.exp,
    sig: query.sig,
    dl: query.dl,
    link: query.link,
  });
  if (!check.valid) throw forbidden(check.code, REFUSALS[check.code]);
  // The driver never signs such a key; refusing it again keeps a signing bug from reading outside the root.
  if (!isSafeKey(key)) throw notFound('No media at this address.');
  // Checked on every request, revalidations included: an in-process cache answers, not the database.
  if (check.link !== undefined && !(linkIsLive && (await linkIsLive(check.link)))) throw linkGone();
  // A browser may keep a link's image, but must ask again before reusing it, so the check runs then too.
  const cacheControl =
    check.link === undefined
      ? `private, max-age=${Math.min(check.secondsLeft, MAX_CACHE_S)}`
      : 'private, no-cache';
  if (!isDiskStorage(storage)) return streamFromBucket(storage, key, query, request, reply, cacheControl);
  return serveFromDisk(storage, key, query, request, reply, cacheControl);
}

/** A file of the disk driver, with ETags, ranges and conditional requests as a bucket would answer. */
async function serveFromDisk(
  storage: DiskStorage,
  key: string,
  query: Record<string, unknown>,
  request: FastifyRequest,
  reply: FastifyReply,
  cacheControl: string,
) {
  const { handle, stats } = await openOrNotFound(storage, key);
  const etag = etagOf(stats);
  reply.headers({
    etag,
    'cache-control': cacheControl,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    // Signed URLs are capabilities, like S3's: a web client on another origin may embed them.
    'cross-origin-resource-policy': 'cross-origin',
  });

  if (etagMatches(request.headers['if-none-match'], etag)) {
    await handle.close();
    return reply.code(304).send();
  }

  // If-Range: a range of an older version would splice two files together; send the new one whole.
  const ifRange = request.headers['if-range'];
  const range = ifRange && ifRange !== etag ? null : parseByteRange(request.headers.range, stats.size);
  if (range === 'unsatisfiable') {
    await handle.close();
    throw new AppError(416, 'range_not_satisfiable', 'The requested range is outside the file.', {
      'content-range': `bytes */${stats.size}`,
    });
  }

  reply.header('content-type', contentTypeOf(key));
  if (typeof query.dl === 'string') reply.header('content-disposition', attachmentDisposition(query.dl));
  const start = range?.start ?? 0;
  const end = range?.end ?? stats.size - 1;
  if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${stats.size}`);
  reply.header('content-length', String(end - start + 1));

  if (request.method === 'HEAD' || stats.size === 0) {
    await handle.close();
    return reply.send();
  }
  return reply.send(handle.createReadStream({ start, end }));
}

/**
 * A link's image kept in S3: streamed through this server once the link is checked, so no presigned
 * URL (which cannot be taken back) ever leaves it. Whole objects only: a shared image is fetched once.
 */
async function streamFromBucket(
  storage: ObjectStorage,
  key: string,
  query: Record<string, unknown>,
  request: FastifyRequest,
  reply: FastifyReply,
  cacheControl: string,
) {
  let body: Readable;
  try {
    body = await storage.get(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw notFound('No media at this address.');
    throw error;
  }
  reply.headers({
    'content-type': contentTypeOf(key),
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
  });
  if (typeof query.dl === 'string') reply.header('content-disposition', attachmentDisposition(query.dl));
  if (request.method === 'HEAD') {
    body.destroy();
    return reply.send();
  }
  return reply.send(body);
}

async function openOrNotFound(storage: DiskStorage, key: string): Promise<OpenedObject> {
  try {
    return await storage.open(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw notFound('No media at this address.');
    throw error;
  }
}
