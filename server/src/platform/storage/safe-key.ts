/**
 * The one shape of key both drivers accept, so a key that works on disk works on S3 and the reverse.
 * Keys are `/`-separated segments of ordinary characters. A segment may not start with a dot: that
 * rules out `.` and `..` wherever they appear, and keeps the disk driver's `.incoming` spool out of
 * reach of any key.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_\-.]*$/;
const MAX_KEY_LENGTH = 512;

export class UnsafeKeyError extends Error {
  override name = 'UnsafeKeyError';
  constructor(readonly key: string) {
    super(`Refused storage key ${JSON.stringify(key.slice(0, 100))}`);
  }
}

export function isSafeKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment));
}

export function assertSafeKey(key: string): string {
  if (!isSafeKey(key)) throw new UnsafeKeyError(key);
  return key;
}

/**
 * A prefix is a key, or a key followed by `/` (a whole "folder"). The empty prefix would mean
 * "everything", which no caller should ever ask for by accident, so it is refused too.
 */
export function assertSafePrefix(prefix: string): string {
  const asKey = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!isSafeKey(asKey)) throw new UnsafeKeyError(prefix);
  return prefix;
}
