import type { Readable } from 'node:stream';
import type { MediaUrlCheck, MediaUrlParams, SignOptions } from './signed-url.js';

/**
 * Where media bytes live. Keys are chosen by the server (`photos/<photo-id>/<variant>`), never
 * from names a user typed. Nothing stored is public: readers get short-lived signed URLs.
 */
export interface ObjectStorage {
  readonly kind: 'disk' | 's3';
  /** Streams `body` to `key` (replacing any object there) and reports the bytes written. */
  put(key: string, body: Readable | Buffer, contentType: string): Promise<{ size: number }>;
  /**
   * Stores the file at `filePath` under `key` and takes it: afterwards nothing is left at
   * `filePath`, whether the put succeeded or not. An upload already waits in a file, so the disk
   * driver moves it into place (a rename, no copy) and S3 sends it with its length known.
   */
  putFile(key: string, filePath: string, contentType: string): Promise<{ size: number }>;
  /**
   * The object's file on this machine, for a reader that wants a path (libvips reads only the
   * bytes it needs from one); null where objects are not local files (S3). The file may be missing.
   */
  localPath(key: string): string | null;
  /** The object's bytes as a stream; throws `ObjectNotFoundError` if there is none. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Removes every object whose key starts with `prefix` (e.g. all variants of one photo). */
  deletePrefix(prefix: string): Promise<void>;
  /**
   * A URL that serves the object until `ttlS` seconds from now, and is refused after. `downloadName`
   * asks the browser to save rather than show it. `link` binds the URL to a share link: it then
   * goes through this server's `/media` route (on S3 too), which refuses it once the link is dead.
   */
  signedUrl(key: string, options: SignOptions): Promise<string>;
  /** Checks a URL this server signed (`/media/<key>?...`): every disk URL, an S3 one bound to a link. */
  checkSignedUrl(params: MediaUrlParams): MediaUrlCheck;
  close(): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  override name = 'ObjectNotFoundError';
  constructor(readonly key: string) {
    super(`No stored object at ${key}`);
  }
}
