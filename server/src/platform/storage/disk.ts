import { randomBytes } from 'node:crypto';
import { createWriteStream, type Stats } from 'node:fs';
import { copyFile, type FileHandle, lstat, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, assertSafePrefix } from './safe-key.js';
import { createMediaUrlSigner } from './signed-url.js';
import { ObjectNotFoundError, type ObjectStorage } from './storage.js';

export interface DiskStorageOptions {
  /** Folder that holds every object; created on first write. */
  root: string;
  /** Origin (and optional path) the signed URLs start with, e.g. `https://photos.example.org`. */
  publicBaseUrl: string;
  /** The app secret; media URLs are signed with a key derived from it. */
  secret: string;
  /** Signing and checking share this clock, so tests can step past an expiry. */
  clock?: { now(): Date };
}

/** An object opened for reading: the handle and the stat of that very file, so both always agree. */
export interface OpenedObject {
  handle: FileHandle;
  stats: Stats;
}

/** The disk driver, plus what the `/media/*` route needs to serve it. */
export interface DiskStorage extends ObjectStorage {
  readonly kind: 'disk';
  readonly root: string;
  /** Opens the object at `key`; throws `ObjectNotFoundError` if there is none. The caller closes it. */
  open(key: string): Promise<OpenedObject>;
}

export function isDiskStorage(storage: ObjectStorage): storage is DiskStorage {
  return storage.kind === 'disk' && 'open' in storage;
}

const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  // ENOTDIR: a parent segment of the key is a file, so this key cannot exist either.
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/**
 * The file of `key` under the (resolved) `root`. Safe keys cannot leave the root; the prefix check
 * is a second lock on that door. Exported for seed-demo, which links files in place of many puts.
 */
export function diskPathOf(root: string, key: string): string {
  const file = path.join(root, ...assertSafeKey(key).split('/'));
  if (!file.startsWith(root + path.sep)) throw new Error(`Storage key escapes the media root: ${key}`);
  return file;
}

export function createDiskStorage(options: DiskStorageOptions): DiskStorage {
  const root = path.resolve(options.root);
  const signer = createMediaUrlSigner(options);

  const pathOf = (key: string) => diskPathOf(root, key);

  async function openObject(key: string): Promise<OpenedObject> {
    let handle: FileHandle;
    try {
      handle = await open(pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new ObjectNotFoundError(key);
      throw error;
    }
    try {
      const stats = await handle.stat();
      // Opening a folder succeeds on Linux; a key names files only.
      if (!stats.isFile()) throw new ObjectNotFoundError(key);
      return { handle, stats };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Where `key`'s bytes are written before a rename publishes them: beside the target (same file
   * system, so the rename is atomic) under a dot name no key can address; deleting the folder of a
   * photo also sweeps temps a crash left behind.
   */
  async function tempBeside(key: string): Promise<{ target: string; temp: string }> {
    const target = pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(
      path.dirname(target),
      `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`,
    );
    return { target, temp };
  }

  return {
    kind: 'disk',
    root,
    open: openObject,

    async put(key, body, _contentType) {
      // The type is not stored: the route derives it from the key's extension, the only types it serves.
      const { target, temp } = await tempBeside(key);
      try {
        const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
        // flush: the bytes reach the disk before the rename publishes them, so a crash cannot leave a
        // complete-looking name over a truncated file.
        await pipeline(source, createWriteStream(temp, { flush: true }));
        const { size } = await stat(temp);
        await rename(temp, target);
        return { size };
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async putFile(key, filePath, _contentType) {
      try {
        const target = pathOf(key);
        await mkdir(path.dirname(target), { recursive: true });
        // As put: the bytes reach the disk before the rename publishes them.
        const handle = await open(filePath, 'r');
        let size: number;
        try {
          await handle.sync();
          ({ size } = await handle.stat());
        } finally {
          await handle.close();
        }
        try {
          await rename(filePath, target);
        } catch (error) {
          // The upload's folder is on another file system than the media (a mounted media folder):
          // copy beside the target, then publish that copy by a rename as put does.
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          const { temp } = await tempBeside(key);
          try {
            await copyFile(filePath, temp);
            const copy = await open(temp, 'r');
            await copy.sync().finally(() => copy.close());
            await rename(temp, target);
          } catch (copyError) {
            await rm(temp, { force: true });
            throw copyError;
          }
        }
        return { size };
      } finally {
        await rm(filePath, { force: true });
      }
    },

    localPath: pathOf,

    async get(key) {
      const { handle } = await openObject(key);
      return handle.createReadStream();
    },

    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    async deletePrefix(prefix) {
      const safe = assertSafePrefix(prefix);
      const slash = safe.lastIndexOf('/');
      const folder = slash === -1 ? root : pathOf(safe.slice(0, slash));
      const start = safe.slice(slash + 1);
      if (start === '') {
        // `photos/<id>/`: the whole folder, but only if it is one (a file `photos/<id>` does not match).
        const info = await lstat(folder).catch((error) => (isMissing(error) ? null : Promise.reject(error)));
        if (info?.isDirectory()) await rm(folder, { recursive: true, force: true });
        return;
      }
      const names = await readdir(folder).catch((error) => (isMissing(error) ? [] : Promise.reject(error)));
      const matching = names.filter((name) => name.startsWith(start));
      await Promise.all(
        matching.map((name) => rm(path.join(folder, name), { recursive: true, force: true })),
      );
    },

    async signedUrl(key, options) {
      return signer.sign(assertSafeKey(key), options);
    },

    checkSignedUrl: signer.check,

    async close() {},
  };
}
