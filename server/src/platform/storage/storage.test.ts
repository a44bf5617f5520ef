import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDiskMedia } from '../../test/disk-media.js';
import { type S3rverInstance, startS3rver } from '../../test/s3rver.js';
import { createS3Storage } from './s3.js';
import { UnsafeKeyError } from './safe-key.js';
import { ObjectNotFoundError, type ObjectStorage } from './storage.js';

/** `size` bytes of a repeatable pattern, delivered in uneven chunks like a network upload. */
function generatedStream(size: number, seed: string): { stream: Readable; sha256: string } {
  const block = createHash('sha512').update(seed).digest();
  const all = Buffer.alloc(size);
  for (let i = 0; i < size; i += block.length) block.copy(all, i);
  async function* chunks() {
    for (let offset = 0, n = 1; offset < size; n++) {
      const length = 1000 + ((n * 7919) % 60_000);
      yield all.subarray(offset, offset + length);
      offset += length;
    }
  }
  return { stream: Readable.from(chunks()), sha256: createHash('sha256').update(all).digest('hex') };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const read = async (storage: ObjectStorage, key: string) => buffer(await storage.get(key));

/** The same behaviour from both drivers: each test works under its own prefix. */
function storageContract(make: () => ObjectStorage) {
  const unique = () => `t${randomBytes(4).toString('hex')}`;

  it('stores a buffer and gives back the same bytes', async () => {
    const storage = make();
    const key = `photos/${unique()}/thumb.webp`;
    const bytes = randomBytes(10_000);
    expect(await storage.put(key, bytes, 'image/webp')).toEqual({ size: bytes.length });
    expect((await read(storage, key)).equals(bytes)).toBe(true);
  });

  it('streams a few megabytes from a Readable of unknown length', async () => {
    const storage = make();
    const key = `photos/${unique()}/original`;
    const size = 5 * 1024 * 1024 + 123;
    const { stream, sha256: expected } = generatedStream(size, key);
    expect(await storage.put(key, stream, 'image/jpeg')).toEqual({ size });
    const back = await read(storage, key);
    expect(back.length).toBe(size);
    expect(sha256(back)).toBe(expected);
  });

  it('stores a file by taking it: its bytes are the object and nothing is left at its path', async () => {
    const storage = make();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-put-file-'));
    try {
      const file = path.join(dir, 'upload');
      const bytes = randomBytes(300_000);
      await writeFile(file, bytes);
      const key = `photos/${unique()}/original`;
      expect(await storage.putFile(key, file, 'image/jpeg')).toEqual({ size: bytes.length });
      expect((await read(storage, key)).equals(bytes)).toBe(true);
      expect(existsSync(file)).toBe(false);
      // Refused, the file is taken all the same: the caller never has to clean up after it.
      await writeFile(file, bytes);
      await expect(storage.putFile('../escape', file, 'image/jpeg')).rejects.toBeInstanceOf(UnsafeKeyError);
      expect(existsSync(file)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports whether an object exists', async () => {
    const storage = make();
    const key = `photos/${unique()}/preview.webp`;
    expect(await storage.exists(key)).toBe(false);
    await storage.put(key, Buffer.from('x'), 'image/webp');
    expect(await storage.exists(key)).toBe(true);
    // A "folder" is not an object.
    expect(await storage.exists(key.slice(0, key.lastIndexOf('/')))).toBe(false);
  });

  it('replaces an object on a second put', async () => {
    const storage = make();
    const key = `photos/${unique()}/thumb.webp`;
    await storage.put(key, Buffer.from('first version, longer'), 'image/webp');
    await storage.put(key, Readable.from([Buffer.from('second')]), 'image/webp');
    expect((await read(storage, key)).toString()).toBe('second');
  });

  it('throws ObjectNotFoundError for a missing key', async () => {
    const storage = make();
    const key = `photos/${unique()}/nothing.webp`;
    await expect(storage.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage.get(key)).rejects.toMatchObject({ key });
  });

  it('deletes every object under a prefix and nothing else', async () => {
    const storage = make();
    const base = unique();
    const doomed = [`photos/${base}a/original`, `photos/${base}a/thumb.webp`, `photos/${base}a/x/deep.webp`];
    const kept = [`photos/${base}ab/original`, `photos/${base}b/thumb.webp`, `other/${base}a/thumb.webp`];
    for (const key of [...doomed, ...kept]) await storage.put(key, Buffer.from(key), 'image/webp');
    await storage.deletePrefix(`photos/${base}a/`);
    for (const key of doomed) expect(await storage.exists(key)).toBe(false);
    for (const key of kept) expect(await storage.exists(key)).toBe(true);
    // A prefix that ends mid-name matches names that start with it, as S3 does.
    await storage.deletePrefix(`photos/${base}a`);
    expect(await storage.exists(`photos/${base}ab/original`)).toBe(false);
    expect(await storage.exists(`photos/${base}b/thumb.webp`)).toBe(true);
    // Deleting what is not there is not an error.
    await storage.deletePrefix(`photos/${unique()}/`);
  });

  it('refuses keys that could escape, and the empty prefix', async () => {
    const storage = make();
    for (const key of ['', '../x', 'a/../../x', '/etc/passwd', 'a\\b', 'a//b', 'a/', './a', 'a/.hidden']) {
      await expect(storage.put(key, Buffer.from('x'), 'image/webp')).rejects.toBeInstanceOf(UnsafeKeyError);
      await expect(storage.get(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    }
    await expect(storage.deletePrefix('')).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(storage.deletePrefix('../')).rejects.toBeInstanceOf(UnsafeKeyError);
  });

  it('signs a URL that serves the bytes, with a download name when asked', async () => {
    const storage = make();
    const key = `photos/${unique()}/preview.webp`;
    const bytes = randomBytes(2048);
    await storage.put(key, bytes, 'image/webp');
    const plain = await fetch(await storage.signedUrl(key, { ttlS: 60 }));
    expect(plain.status).toBe(200);
    expect(Buffer.from(await plain.arrayBuffer()).equals(bytes)).toBe(true);
    const download = await fetch(await storage.signedUrl(key, { ttlS: 60, downloadName: 'Café night.webp' }));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="Caf_ night.webp"/);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });
}

describe('disk storage', () => {
  let root: string;
  let server: Awaited<ReturnType<typeof serveDiskMedia>>;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pixeli-disk-'));
    server = await serveDiskMedia(root);
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  storageContract(() => server.storage);

  it('leaves no temp file behind, and keeps the old object when a write fails halfway', async () => {
    const storage = server.storage;
    const key = `photos/${randomBytes(4).toString('hex')}/original`;
    await storage.put(key, Buffer.from('intact'), 'image/jpeg');
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(100_000, 1);
        throw new Error('client went away');
      })(),
    );
    await expect(storage.put(key, failing, 'image/jpeg')).rejects.toThrow('client went away');
    expect((await read(storage, key)).toString()).toBe('intact');
    expect(await readdir(path.join(root, path.dirname(key)))).toEqual(['original']);
  });

  it('names the file of a key, for readers that want a path', async () => {
    const key = `photos/${randomBytes(4).toString('hex')}/original`;
    await server.storage.put(key, Buffer.from('on disk'), 'image/jpeg');
    expect(await readFile(server.storage.localPath(key)!, 'utf8')).toBe('on disk');
    expect(() => server.storage.localPath('../escape')).toThrow(UnsafeKeyError);
  });

  // /dev/shm is a RAM file system: a file there cannot be renamed into a root on disk.
  const otherFileSystem = existsSync('/dev/shm') ? '/dev/shm' : undefined;
  it.skipIf(!otherFileSystem)('takes a file from another file system by copying it', async () => {
    if ((await stat(otherFileSystem!)).dev === (await stat(root)).dev) return;
    const dir = await mkdtemp(path.join(otherFileSystem!, 'pixeli-put-file-'));
    try {
      const file = path.join(dir, 'upload');
      const bytes = randomBytes(100_000);
      await writeFile(file, bytes);
      const key = `photos/${randomBytes(4).toString('hex')}/original`;
      expect(await server.storage.putFile(key, file, 'image/jpeg')).toEqual({ size: bytes.length });
      expect((await read(server.storage, key)).equals(bytes)).toBe(true);
      expect(existsSync(file)).toBe(false);
      expect(await readdir(path.join(root, path.dirname(key)))).toEqual(['original']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never follows a key outside its root', async () => {
    await writeFile(path.join(root, '..', `outside-${path.basename(root)}`), 'secret');
    await expect(server.storage.get(`../outside-${path.basename(root)}`)).rejects.toBeInstanceOf(
      UnsafeKeyError,
    );
    await expect(server.storage.exists('..')).rejects.toBeInstanceOf(UnsafeKeyError);
    await rm(path.join(root, '..', `outside-${path.basename(root)}`));
  });
});

/**
 * The S3 driver against s3rver, a local S3 stand-in. s3rver does not check signatures or expiry, so
 * neither is tested here: that the presigned URL is well formed and fetches the bytes is what it proves.
 */
describe('S3 storage', () => {
  let s3rver: S3rverInstance;
  let spoolDir: string;
  let storage: ObjectStorage;
  beforeAll(async () => {
    s3rver = await startS3rver('pixeli-test');
    spoolDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-spool-'));
    storage = createS3Storage({
      endpoint: s3rver.endpoint,
      bucket: s3rver.bucket,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      spoolDir,
      linkedUrls: { publicBaseUrl: 'http://pixeli.test', secret: randomBytes(32).toString('hex') },
    });
  });
  afterAll(async () => {
    await storage?.close();
    await s3rver?.close();
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
  });

  storageContract(() => storage);

  it('has no local files', () => {
    expect(storage.localPath('photos/x/original')).toBeNull();
  });

  // ListObjectsV2 pages hold 1000 keys; deleting a bigger prefix must follow the continuation token.
  it('deletes more objects than fit in one listing page', async () => {
    const base = `bulk/${randomBytes(4).toString('hex')}/`;
    const keys = Array.from({ length: 1005 }, (_, i) => `${base}${i}.webp`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => storage.put(key, Buffer.from('x'), 'image/webp')));
    }
    await storage.deletePrefix(base);
    expect(await storage.exists(keys[0]!)).toBe(false);
    expect(await storage.exists(keys[1004]!)).toBe(false);
  });

  it('removes its spool file once an upload is sent', async () => {
    const { stream } = generatedStream(300_000, 'spool');
    await storage.put(`photos/${randomBytes(4).toString('hex')}/original`, stream, 'image/jpeg');
    expect(await readdir(spoolDir)).toEqual([]);
  });
});
