import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent } from '../test/fixtures.js';
import { call, type Harness, signUpVerified, useHarness } from '../test/harness.js';
import { BROWSER } from '../test/sharing.js';
import { fileUnder } from './static-file.js';
import { cacheControlFor, openWebApp } from './web-app.js';

/**
 * A build as Vite and vite-plugin-pwa lay it out, in a temporary folder, with a file beside it
 * (outside WEB_DIR) that no URL may reach.
 */
const parent = mkdtempSync(path.join(os.tmpdir(), 'pixeli-web-'));
const dist = path.join(parent, 'dist');
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>';
// Big and repetitive, as a bundle is: compression has something to do.
const APP_JS = `export const words = ${JSON.stringify(Array.from({ length: 3000 }, (_, i) => `word${i % 50}`))};\n`;
const FILES: Record<string, string | Buffer> = {
  'index.html': INDEX,
  'assets/app-abc123.js': APP_JS,
  'assets/app-abc123.css': 'body{margin:0}',
  'assets/poppins-latin-600.woff2': Buffer.from('wOF2fake'),
  'sw.js': 'self.addEventListener("fetch", () => {});',
  'registerSW.js': 'navigator.serviceWorker.register("/sw.js")',
  'manifest.webmanifest': '{"name":"Pixel-i","start_url":"/"}',
  'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'icon-192.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  'favicon.ico': Buffer.from([0, 0, 1, 0]),
  '.env': 'SECRET=in-the-build-folder',
};
for (const [name, body] of Object.entries(FILES)) {
  mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
  writeFileSync(path.join(dist, name), body);
}
writeFileSync(path.join(parent, 'secret.txt'), 'SECRET=outside-the-build-folder');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const get = (h: Harness, url: string, headers: Record<string, string> = {}) =>
  call(h, 'GET', url, { headers });

function expectIndex(res: Awaited<ReturnType<typeof get>>) {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-cache');
  expect(res.body).toBe(INDEX);
}

/** A request sent as written, without the URL normalisation `inject` and fetch apply. */
async function rawGet(h: Harness, rawPath: string, accept = '*/*') {
  const { port } = h.app.server.address() as AddressInfo;
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: rawPath, headers: { accept } }, (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('the web app, served at /', () => {
  const h = useHarness('pglite', { WEB_DIR: dist, PUBLIC_URL: 'https://photos.example.org' });

  it('serves each file of the build with its type, and the hashed ones for a year', async () => {
    const types: Record<string, string> = {
      '/assets/app-abc123.js': 'text/javascript; charset=utf-8',
      '/assets/app-abc123.css': 'text/css; charset=utf-8',
      '/assets/poppins-latin-600.woff2': 'font/woff2',
      '/manifest.webmanifest': 'application/manifest+json; charset=utf-8',
      '/icon.svg': 'image/svg+xml',
      '/icon-192.png': 'image/png',
      '/favicon.ico': 'image/x-icon',
      '/sw.js': 'text/javascript; charset=utf-8',
    };
    for (const [url, type] of Object.entries(types)) {
      const res = await get(h, url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe(type);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.rawPayload.equals(Buffer.from(FILES[url.slice(1)] as string | Buffer)), url).toBe(true);
    }
    expect((await get(h, '/assets/app-abc123.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    for (const url of ['/', '/index.html', '/sw.js', '/registerSW.js', '/manifest.webmanifest']) {
      expect((await get(h, url)).headers['cache-control'], url).toBe('no-cache');
    }
    expect((await get(h, '/icon-192.png')).headers['cache-control']).toBe('public, max-age=3600');
    expectIndex(await get(h, '/'));
  });

  it('answers 304 to a copy that is still current, and HEAD with the headers alone', async () => {
    const first = await get(h, '/assets/app-abc123.js');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['last-modified']).toBeTruthy();

    const again = await get(h, '/assets/app-abc123.js', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(h, '/', { 'if-none-match': 'W/"other"' })).statusCode).toBe(200);
    const since = await get(h, '/sw.js', { 'if-modified-since': String(first.headers['last-modified']) });
    expect(since.statusCode).toBe(304);

    const head = await call(h, 'HEAD', '/assets/app-abc123.js');
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)));
    expect(head.body).toBe('');
  });

  it('compresses text with brotli or gzip when the browser takes it, and never images', async () => {
    const br = await get(h, '/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(APP_JS) / 5);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(APP_JS);

    const gz = await get(h, '/assets/app-abc123.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(APP_JS);

    const plain = await get(h, '/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(APP_JS);

    const png = await get(h, '/icon-192.png', { 'accept-encoding': 'br' });
    expect(png.headers['content-encoding']).toBeUndefined();
  });

  it("answers a browser's client-side route with index.html, under the app's policy", async () => {
    for (const url of ['/events/12', '/photos/5', '/events/12/photos?sort=new', '/profile/']) {
      const res = await get(h, url, BROWSER);
      expectIndex(res);
      const policy = String(res.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self' https://photos.example.org",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ]) {
        expect(policy.split('; '), url).toContain(directive);
      }
      // Images signed by the disk driver name PUBLIC_URL, which may not be the origin the app was opened at.
      expect(policy).toContain("img-src 'self' data: blob: https://photos.example.org");
      expect(policy).not.toContain('unsafe');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    // The service worker runs under its own script's policy: the same one.
    expect((await get(h, '/sw.js')).headers['content-security-policy']).toBe(
      (await get(h, '/events/1', BROWSER)).headers['content-security-policy'],
    );
  });

  it("keeps the API's JSON 404 for its own paths, scripts, other methods and stale asset names", async () => {
    const notFound = [
      ['GET', '/api/nope', BROWSER],
      ['GET', '/api/nope/', {}],
      ['GET', '/media', BROWSER],
      ['GET', '/s/abcdefghijklmnopqrstuvwxyz/extra', BROWSER],
      ['GET', '/ws/elsewhere', BROWSER],
      ['GET', '/docs', BROWSER],
      ['GET', '/events/12', {}],
      ['GET', '/events/12', { accept: 'application/json' }],
      ['POST', '/events/12', BROWSER],
      ['GET', '/assets/app-old999.js', BROWSER],
      ['GET', '/assets/', BROWSER],
      ['GET', '/assets', {}],
    ] as const;
    for (const [method, url, headers] of notFound) {
      const res = await call(h, method, url, { headers: { ...headers } });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json(), `${method} ${url}`).toMatchObject({ code: 'not_found' });
    }
    // The server's own routes are untouched.
    expect((await get(h, '/api/health/')).statusCode).toBe(200);
    expect((await get(h, '/api/docs/json')).json()).toHaveProperty('openapi');
  });

  it('never serves a file outside the build, a dotfile or a folder listing, however the path is spelled', async () => {
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    expect(await rawGet(h, '/assets/app-abc123.css')).toEqual({ status: 200, body: 'body{margin:0}' });
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      `/${encodeURIComponent(path.join(parent, 'secret.txt'))}`,
      `/${path.join(parent, 'secret.txt')}`,
      `//${path.join(parent, 'secret.txt')}`,
      '/.env',
      '/%2eenv',
      '/assets/',
      '/%E0%A4%A',
    ];
    for (const attempt of attempts) {
      for (const accept of ['*/*', BROWSER.accept]) {
        const res = await rawGet(h, attempt, accept);
        expect(res.body, attempt).not.toContain('SECRET');
        expect(res.body, attempt).not.toContain('app-abc123.css');
        // A browser gets the app's page (whose router says "not found"), anything else the 404, or 400 for a bad escape.
        expect([200, 400, 404], attempt).toContain(res.status);
        if (res.status === 200) expect(res.body).toBe(INDEX);
      }
    }
    expect((await rawGet(h, '/%00/secret.txt')).status).toBe(400);
  });

  it('gives a browser opening an invite link the app, which previews it through the API', async () => {
    const coord = await signUpVerified(h);
    const event = await createEvent(h, coord, { title: 'Gala' });
    const created = await call(h, 'POST', `/api/events/${event.id}/invites/`, {
      token: coord.access,
      body: {},
    });
    const { token } = created.json() as { token: string };

    expectIndex(await get(h, `/invite/${token}`, BROWSER));
    // Even for a token that does not exist: the app's join screen says so from the API's 404.
    expectIndex(await get(h, `/invite/${'x'.repeat(40)}`, BROWSER));
    const json = await get(h, `/invite/${token}`);
    expect(json.json()).toMatchObject({ event: { title: 'Gala' } });
    expect((await get(h, `/api/invites/${token}/`)).json()).toMatchObject({ event: { title: 'Gala' } });
  });
});

describe('the web app when WEB_DIR has no build', () => {
  const h = useHarness('pglite', { WEB_DIR: path.join(parent, 'not-built') });

  it('says so on a page (503) instead of the app, and the API still answers', async () => {
    for (const [url, headers] of [
      ['/', {}],
      ['/events/4', BROWSER],
    ] as const) {
      const res = await get(h, url, { ...headers });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('npm run build');
      expect(res.body).toContain('WEB_DIR=off');
      expect(res.body).not.toContain(parent);
    }
    expect((await get(h, '/api/nope', BROWSER)).statusCode).toBe(404);
    expect((await get(h, '/api/health/')).statusCode).toBe(200);
  });

  it('warns once at start, naming the folder', async () => {
    const warnings: string[] = [];
    const missing = path.join(parent, 'not-built');
    await openWebApp({
      root: missing,
      sampleMediaUrl: async () => 'http://127.0.0.1:8000/media/x',
      log: { warn: (line) => warnings.push(line) },
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(missing);
    expect(warnings[0]).toContain('npm run build');
  });
});

describe('the web app when WEB_DIR=off', () => {
  const h = useHarness('pglite', { WEB_DIR: 'off' });

  it('serves no page at / and leaves unknown paths to the JSON 404', async () => {
    for (const url of ['/', '/events/12', '/index.html']) {
      const res = await get(h, url, BROWSER);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
    }
  });
});

describe("the web app's image origin", () => {
  /** The policy `/` is served with when the storage signs URLs like `sampleMediaUrl`'s. */
  async function policyFor(sampleMediaUrl: () => Promise<string>, warnings: string[] = []) {
    const webApp = await openWebApp({ root: dist, sampleMediaUrl, log: { warn: (l) => warnings.push(l) } });
    const app = Fastify();
    await app.register(webApp.routes);
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return String(res.headers['content-security-policy']);
  }

  it("is the bucket's when S3 presigns URLs for it", async () => {
    const bucket = 'https://pixeli.s3.eu-west-1.amazonaws.com';
    const policy = await policyFor(async () => `${bucket}/photos/p/thumb.webp?X-Amz-Signature=abc`);
    expect(policy).toContain(`img-src 'self' data: blob: ${bucket};`);
    expect(policy).toContain(`connect-src 'self' ${bucket};`);
  });

  it('falls back to the own origin, with a warning, when no URL can be signed', async () => {
    const warnings: string[] = [];
    const policy = await policyFor(async () => {
      throw new Error('no credentials');
    }, warnings);
    expect(policy).toContain("img-src 'self' data: blob:;");
    expect(warnings.join('\n')).toContain('no credentials');
  });
});

describe('fileUnder', () => {
  it('finds files inside the folder only', async () => {
    expect((await fileUnder(dist, '/assets/app-abc123.js'))?.file).toBe(
      path.join(dist, 'assets/app-abc123.js'),
    );
    expect((await fileUnder(dist, '/assets%2Fapp-abc123.js'))?.file).toBeUndefined();
    for (const bad of [
      '/',
      '/assets',
      '/../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/a%00b',
      '/%zz',
      '/.env',
    ]) {
      expect(await fileUnder(dist, bad), bad).toBeNull();
    }
  });

  it('gives hashed assets a year and entry points no-cache', () => {
    expect(cacheControlFor(path.join('assets', 'x-1.js'))).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('workbox-1a2b.js')).toBe('public, max-age=3600');
  });
});
