import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Files of a built front end, sent from a folder: the path resolved safely under it, the right
 * Content-Type, ETag and Last-Modified with 304s, and text compressed once and kept in memory
 * (a build is a few hundred kilobytes of text and never changes while it is served).
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export const contentTypeOf = (file: string) =>
  TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Text types shrink by 60-80 % compressed; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|xml)|image\/svg\+xml)/;
/** Anything bigger is streamed as it is rather than held in memory compressed. */
const MAX_COMPRESSED_SOURCE_BYTES = 4 * 1024 * 1024;

/**
 * The file a URL path names under `root`, or null when it names none: every segment is decoded
 * and checked on its own, so `..`, `%2e%2e`, an encoded `/` or `\`, a NUL and dotfiles never
 * reach the file system, and the joined path must still lie inside `root`. A folder is not a
 * file (there is no listing).
 */
export async function fileUnder(
  root: string,
  urlPath: string,
): Promise<{ file: string; stats: Stats } | null> {
  const segments: string[] = [];
  for (const raw of urlPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0) return null;
  const file = path.join(root, ...segments);
  if (!file.startsWith(root + path.sep)) return null;
  const stats = await stat(file).catch(() => null);
  return stats?.isFile() ? { file, stats } : null;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
type Encoding = 'br' | 'gzip';

/** Compressed copies by file, each valid for one size and mtime (a rebuild replaces them). */
const compressed = new Map<string, { version: string; bodies: Partial<Record<Encoding, Promise<Buffer>>> }>();

function compressedBody(file: string, version: string, encoding: Encoding): Promise<Buffer> {
  let entry = compressed.get(file);
  if (entry?.version !== version) {
    entry = { version, bodies: {} };
    compressed.set(file, entry);
  }
  const bodies = entry.bodies;
  bodies[encoding] ??= readFile(file)
    .then((raw) =>
      encoding === 'br'
        ? // Measured on 300-670 kB Vite bundles: quality 5 takes 20-60 ms, 11 takes 0.6-1.2 s for
          // 10 % fewer bytes, which the first visitor after a start would wait for.
          brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
        : gzip(raw, { level: 9 }),
    )
    .catch((error: unknown) => {
      delete bodies[encoding];
      throw error;
    });
  return bodies[encoding];
}

/** The encoding to answer with: brotli if the client takes it, else gzip, else none. */
function negotiate(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0*)?$/.test(part))
      .map((part) => part.split(';')[0]?.trim()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

const etagOf = (stats: Stats) => `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;

/** Whether the client's copy is current: If-None-Match decides when present, else If-Modified-Since. */
function notModified(request: FastifyRequest, etag: string, stats: Stats): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const bare = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
  }
  const since = Date.parse(request.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && Math.floor(stats.mtimeMs / 1000) * 1000 <= since;
}

/** Sends `file` with its validators and `cacheControl`; the caller has set any other header. */
export async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  found: { file: string; stats: Stats },
  cacheControl: string,
): Promise<FastifyReply> {
  const { file, stats } = found;
  const type = contentTypeOf(file);
  const etag = etagOf(stats);
  const compressible = COMPRESSIBLE.test(type) && stats.size <= MAX_COMPRESSED_SOURCE_BYTES;
  reply
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('last-modified', stats.mtime.toUTCString());
  if (compressible) reply.header('vary', 'accept-encoding');
  if (notModified(request, etag, stats)) return reply.code(304).send();

  reply.type(type);
  const encoding = compressible ? negotiate(request.headers['accept-encoding']) : null;
  if (encoding) {
    const body = await compressedBody(file, etag, encoding);
    return reply.header('content-encoding', encoding).header('content-length', body.length).send(body);
  }
  // Fastify answers HEAD from this too: it keeps the length and drains the stream unsent.
  return reply.header('content-length', stats.size).send(createReadStream(file));
}
