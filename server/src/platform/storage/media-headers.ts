import type { Stats } from 'node:fs';
import path from 'node:path';

/** The media types the server stores; anything else is served as opaque bytes, never sniffed. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
};

export function contentTypeOf(key: string): string {
  return TYPES_BY_EXTENSION[path.posix.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * A strong validator without reading the file. Objects are only ever replaced by renaming a new file
 * over the old one, never written in place, so different bytes always mean a different inode, size or
 * mtime.
 */
export function etagOf(stats: Stats): string {
  const mtimeUs = Math.round(stats.mtimeMs * 1000);
  return `"${stats.ino.toString(36)}-${stats.size.toString(36)}-${mtimeUs.toString(36)}"`;
}

/** `If-None-Match` uses the weak comparison (RFC 9110 13.1.2): `W/` prefixes are ignored. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * One `bytes=` range of an object of `size` bytes. `null` means "serve it all": no header, a header we
 * do not understand, or several ranges (RFC 9110 lets a server ignore Range, and media players ask for
 * one range at a time).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/**
 * `attachment` with the name a person will see in their downloads. The plain `filename` is an ASCII
 * fallback; `filename*` carries the real name. Path separators, quotes, control and bidi-formatting
 * characters (which can disguise an extension) are replaced, and leading dots are dropped.
 */
export function attachmentDisposition(downloadName: string): string {
  const cleaned = Array.from(
    downloadName
      .normalize('NFC')
      .replace(/[\p{Cc}\p{Cf}"\\/:*?<>|]/gu, '_')
      .replace(/^[.\s]+/, '')
      .trim(),
  )
    .slice(0, 150)
    .join('');
  const name = cleaned || 'download';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
