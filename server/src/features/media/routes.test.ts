import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaUrlSigningKey, signMediaUrl } from '../../platform/storage/signed-url.js';
import { type Harness, useHarness } from '../../test/harness.js';
import { useS3Harness } from '../../test/s3rver.js';

/** The path and query of a signed URL: what a browser following it asks this server for. */
const pathOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};

async function storedPhoto(h: Harness, bytes = randomBytes(4096), variant = 'preview.webp') {
  const key = `photos/${randomUUID()}/${variant}`;
  await h.ctx.storage.put(key, bytes, 'image/webp');
  return { key, bytes };
}

async function signedPath(h: Harness, key: string, downloadName?: string) {
  return pathOf(await h.ctx.storage.signedUrl(key, { ttlS: h.ctx.config.MEDIA_URL_TTL_S, downloadName }));
}

const get = (h: Harness, url: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'GET', url, headers });

/**
 * A GET over a real socket with the path sent exactly as written. `inject` resolves `..` and `%2e%2e`
 * the way a browser would before the app sees them; an attacker's client does not.
 */
async function rawGet(h: Harness, rawPath: string): Promise<{ statusCode: number; body: string }> {
  if (!h.app.server.listening) await h.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = h.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: rawPath }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      })
      .on('error', reject);
  });
}

describe('GET /media/* (disk storage)', () => {
  const h = useHarness('pglite');

  it('serves the bytes with their type, a private cache lifetime and a strong ETag', async () => {
    const { key, bytes } = await storedPhoto(h);
    const res = await get(h, await signedPath(h, key));
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(String(res.headers['cache-control']))?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(h.ctx.config.MEDIA_URL_TTL_S);
    expect(res.headers.etag).toMatch(/^"[^"]+"$/);
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('derives the type from the extension, and never guesses one for anything else', async () => {
    const jpeg = await storedPhoto(h, randomBytes(10), 'original.JPG');
    expect((await get(h, await signedPath(h, jpeg.key))).headers['content-type']).toBe('image/jpeg');
    const bare = await storedPhoto(h, Buffer.from('<html><script>alert(1)</script>'), 'original');
    const res = await get(h, await signedPath(h, bare.key));
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });

  it('answers 304 to a matching If-None-Match, weak or strong, and 200 once the object changes', async () => {
    const { key } = await storedPhoto(h);
    const url = await signedPath(h, key);
    const etag = String((await get(h, url)).headers.etag);
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await get(h, url, { 'if-none-match': tag });
      expect(res.statusCode).toBe(304);
      expect(res.rawPayload.length).toBe(0);
      expect(res.headers.etag).toBe(etag);
    }
    await h.ctx.storage.put(key, randomBytes(4096), 'image/webp');
    const changed = await get(h, url, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('serves a single byte range with 206', async () => {
    const { key, bytes } = await storedPhoto(h);
    const url = await signedPath(h, key);
    const cases: [string, number, number][] = [
      ['bytes=10-19', 10, 19],
      ['bytes=4000-', 4000, 4095],
      ['bytes=-6', 4090, 4095],
      ['bytes=4090-999999', 4090, 4095],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(h, url, { range });
      expect(res.statusCode).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/4096`);
      expect(res.headers['content-length']).toBe(String(end - start + 1));
      expect(res.rawPayload.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answers 416 to a range past the end, and ignores ranges it does not serve', async () => {
    const { key, bytes } = await storedPhoto(h);
    const url = await signedPath(h, key);
    for (const range of ['bytes=4096-', 'bytes=5000-6000', 'bytes=-0']) {
      const res = await get(h, url, { range });
      expect(res.statusCode).toBe(416);
      expect(res.headers['content-range']).toBe('bytes */4096');
      expect(res.json().code).toBe('range_not_satisfiable');
    }
    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=9-2']) {
      const res = await get(h, url, { range });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
    }
    const stale = await get(h, url, { range: 'bytes=0-1', 'if-range': '"an-older-version"' });
    expect(stale.statusCode).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { key, bytes } = await storedPhoto(h);
    const url = await signedPath(h, key);
    const res = await h.app.inject({ method: 'HEAD', url });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(0);
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers.etag).toBe((await get(h, url)).headers.etag);
  });

  it('serves an empty object', async () => {
    const { key } = await storedPhoto(h, Buffer.alloc(0));
    const res = await get(h, await signedPath(h, key));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe('0');
  });

  it('asks the browser to save the file under a cleaned-up name when the URL says so', async () => {
    const { key, bytes } = await storedPhoto(h);
    const nice = await get(h, await signedPath(h, key, 'Fête 2024.webp'));
    expect(nice.statusCode).toBe(200);
    expect(nice.rawPayload.equals(bytes)).toBe(true);
    expect(nice.headers['content-disposition']).toBe(
      `attachment; filename="F_te 2024.webp"; filename*=UTF-8''F%C3%AAte%202024.webp`,
    );
    const nasty = await get(h, await signedPath(h, key, '../..\\evil"\r\nSet-Cookie: x=1\u202Egpj.exe'));
    expect(nasty.statusCode).toBe(200);
    const disposition = String(nasty.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[^"\\/\r\n]+"; filename\*=UTF-8''[\w%.-]+$/);
    expect(disposition).not.toContain('\u202E');
    expect(nasty.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a tampered signature, expiry or download name with 403 signature_invalid', async () => {
    const { key } = await storedPhoto(h);
    const url = new URL(await signedPath(h, key, 'a.webp'), 'http://x');
    const variants = {
      sig: (q: URLSearchParams) => q.set('sig', `${q.get('sig')?.slice(0, -2)}AA`),
      exp: (q: URLSearchParams) => q.set('exp', String(Number(q.get('exp')) + 3600)),
      dl: (q: URLSearchParams) => q.set('dl', 'b.webp'),
      'no sig': (q: URLSearchParams) => q.delete('sig'),
      'no exp': (q: URLSearchParams) => q.delete('exp'),
      'repeated sig': (q: URLSearchParams) => q.append('sig', q.get('sig') ?? ''),
    };
    for (const [label, tamper] of Object.entries(variants)) {
      const query = new URLSearchParams(url.search);
      tamper(query);
      const res = await get(h, `${url.pathname}?${query}`);
      expect(res.statusCode, label).toBe(403);
      expect(res.json(), label).toEqual({ detail: expect.any(String), code: 'signature_invalid' });
    }
    expect((await get(h, url.pathname)).json().code).toBe('signature_invalid');
  });

  it("refuses another object's signature", async () => {
    const mine = await storedPhoto(h);
    const theirs = await storedPhoto(h);
    const { search } = new URL(await signedPath(h, mine.key), 'http://x');
    const res = await get(h, `/media/${theirs.key}${search}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('signature_invalid');
  });

  it('refuses an expired URL with 403 url_expired', async () => {
    const { key } = await storedPhoto(h);
    const url = await signedPath(h, key);
    h.clock.advance(h.ctx.config.MEDIA_URL_TTL_S + 1);
    const res = await get(h, url);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ detail: expect.any(String), code: 'url_expired' });
  });

  it('answers 404 for a validly signed key with nothing stored', async () => {
    const url = await signedPath(h, `photos/${randomUUID()}/thumb.webp`);
    const res = await get(h, url);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    // A folder is not an object either.
    const { key } = await storedPhoto(h);
    expect((await get(h, await signedPath(h, path.posix.dirname(key)))).statusCode).toBe(404);
  });

  it('never serves a file outside the media root, even under a valid signature', async () => {
    const secret = `top secret ${randomBytes(8).toString('hex')}`;
    await writeFile(path.join(h.dataDir, 'secret.key'), secret);
    const { key } = await storedPhoto(h);
    const { search } = new URL(await signedPath(h, key), 'http://x');
    // As if the signer had a bug: a correct signature over a key that climbs out of the root.
    const exp = Math.floor(h.clock.now().getTime() / 1000) + 60;
    const forged = (k: string) => `?exp=${exp}&sig=${signMediaUrl(mediaUrlSigningKey(h.ctx.secret), k, exp)}`;
    const attempts = [
      `/media/../secret.key${search}`,
      `/media/%2e%2e/secret.key${search}`,
      `/media/%2E%2E%2Fsecret.key${search}`,
      `/media/photos/..%2F..%2Fsecret.key${search}`,
      `/media/..%5Csecret.key${search}`,
      `/media/../secret.key${forged('../secret.key')}`,
      `/media/%2e%2e/secret.key${forged('../secret.key')}`,
      `/media/%2e%2e%2fsecret.key${forged('../secret.key')}`,
      `/media//${h.dataDir}/secret.key${forged(`/${h.dataDir}/secret.key`)}`,
    ];
    for (const url of attempts) {
      for (const res of [await get(h, url), await rawGet(h, url)]) {
        expect([403, 404], url).toContain(res.statusCode);
        expect(res.body, url).not.toContain(secret);
      }
    }
  });
});

describe('GET /media/* (S3 storage)', () => {
  const h = useS3Harness('pixeli-media-route');

  it('is not served by the app: signed URLs point at the bucket', async () => {
    expect(h.ctx.storage.kind).toBe('s3');
    const { key, bytes } = await storedPhoto(h);
    const url = await h.ctx.storage.signedUrl(key, { ttlS: 60 });
    expect(url.startsWith(`${h.ctx.config.S3_ENDPOINT}/${h.ctx.config.S3_BUCKET}/${key}?`)).toBe(true);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
    expect((await get(h, `/media/${key}`)).statusCode).toBe(404);
  });
});
