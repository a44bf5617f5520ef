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

/**
 * `GET|HEAD /media/<key>?exp=&sig=[&dl=]`: the disk driver's stand-in for an S3 presigned URL. The
 * signature is the whole permission check (the API decided who may see the object when it signed), so
 * this route reads no session. With S3 the bucket serves signed URLs itself and this route is absent.
 */
export async function mediaRoutes(fastify: FastifyInstance, { storage }: { storage: ObjectStorage }) {
  if (!isDiskStorage(storage)) throw new Error('The /media route serves the disk storage driver only.');

  fastify.route({
    method: ['GET', 'HEAD'],
    url: '/media/*',
    // Not part of the API: clients only follow the URLs the API hands out.
    schema: { hide: true },
    handler: (request, reply) => serveMedia(storage, request, reply),
  });
}

async function serveMedia(storage: DiskStorage, request: FastifyRequest, reply: FastifyReply) {
  const key = (request.params as { '*': string })['*'];
  const query = request.query as Record<string, unknown>;
  const check = storage.checkSignedUrl({ key, exp: query.exp, sig: query.sig, dl: query.dl });
  if (!check.valid) throw forbidden(check.code, REFUSALS[check.code]);
  // The driver never signs such a key; refusing it again keeps a signing bug from reading outside the root.
  if (!isSafeKey(key)) throw notFound('No media at this address.');

  const { handle, stats } = await openOrNotFound(storage, key);
  const etag = etagOf(stats);
  reply.headers({
    etag,
    'cache-control': `private, max-age=${Math.min(check.secondsLeft, MAX_CACHE_S)}`,
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

async function openOrNotFound(storage: DiskStorage, key: string): Promise<OpenedObject> {
  try {
    return await storage.open(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw notFound('No media at this address.');
    throw error;
  }
}
