import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage, htmlPagePolicy, wantsPage } from './html-page.js';
import { fileUnder, sendFile } from './static-file.js';
import { webAppPolicy } from './web-app-policy.js';

/**
 * The built web app (`web/dist`), served by the API's own process so one port serves both.
 * Files under the folder are sent as they are; any other page a browser opens that is not the
 * server's own (`/api`, `/media`, `/s/`, `/ws`, `/docs`) gets `index.html`, and the app's router
 * draws it. Everything else keeps the API's JSON 404.
 */

/** Answers a browser's navigation with the app's index.html (or the "not built" page). */
export type AppShell = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

export interface WebApp {
  /** The routes: files, then index.html for a client-side route. */
  routes: (app: FastifyInstance) => Promise<void>;
  sendShell: AppShell;
}

export interface WebAppOptions {
  /** The folder Vite built into. */
  root: string;
  /** Any image URL the storage signs, to learn the origin the app's images come from. */
  sampleMediaUrl: () => Promise<string>;
  log: { warn: (message: string) => void };
}

/** Paths the server answers itself: an unknown one is a 404, never the app's page. */
const SERVER_PATHS = ['/api', '/media', '/s', '/ws', '/docs'];
/** Hashed build files: a stale name (an old tab after a deploy) must 404, not become a page. */
const ASSETS = '/assets';

const isUnder = (urlPath: string, prefixes: string[]) =>
  prefixes.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));

/** Files the browser must check on every load so a new build is picked up at once. */
const ALWAYS_REVALIDATED = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);

/**
 * Hashed files never change under their name: a year, immutable. The entry points revalidate
 * (a 304 when unchanged). Other top-level files (icons, robots.txt) keep their names across
 * builds yet rarely change: an hour.
 */
export function cacheControlFor(relativeFile: string): string {
  const [first] = relativeFile.split(path.sep);
  if (first === 'assets' && relativeFile !== 'assets') return 'public, max-age=31536000, immutable';
  if (ALWAYS_REVALIDATED.has(relativeFile) || relativeFile.endsWith('.html')) return 'no-cache';
  return 'public, max-age=3600';
}

export async function openWebApp(options: WebAppOptions): Promise<WebApp> {
  const root = path.resolve(options.root);
  const policy = webAppPolicy(await mediaOrigin(options));
  if (!(await fileUnder(root, 'index.html'))) {
    options.log.warn(
      `WEB_DIR ${root} holds no index.html: / answers "not built" until \`npm run build\` makes it (WEB_DIR=off serves only the API).`,
    );
  }

  // Checked per request, not once at start: a build made while the server runs is served at once.
  const sendShell: AppShell = async (request, reply) => {
    const index = await fileUnder(root, 'index.html');
    if (!index) return sendNotBuilt(reply);
    return sendFile(request, reply.header('content-security-policy', policy), index, 'no-cache');
  };

  const routes = async (app: FastifyInstance) => {
    app.get('/*', {
      schema: { hide: true },
      handler: async (request, reply) => {
        const urlPath = request.url.split('?')[0] ?? '/';
        const found = urlPath === '/' ? null : await fileUnder(root, urlPath);
        if (found) {
          // The app's policy on every file: a service worker script runs under its own response's policy.
          reply.header('content-security-policy', policy);
          return sendFile(request, reply, found, cacheControlFor(path.relative(root, found.file)));
        }
        if (urlPath === '/' || (wantsPage(request) && !isUnder(urlPath, [...SERVER_PATHS, ASSETS]))) {
          return sendShell(request, reply);
        }
        return reply.callNotFound();
      },
    });
  };

  return { routes, sendShell };
}

/** Where the storage's signed URLs point (this server's /media on disk, the bucket on S3). */
async function mediaOrigin(options: WebAppOptions): Promise<string | null> {
  try {
    return new URL(await options.sampleMediaUrl()).origin;
  } catch (error) {
    options.log.warn(
      `The web app's policy allows images from itself only: signing a media URL failed (${error}).`,
    );
    return null;
  }
}

function sendNotBuilt(reply: FastifyReply) {
  return reply
    .code(503)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', htmlPagePolicy(null))
    .send(
      htmlPage(
        'Pixel-i is not built yet',
        '',
        `<div class="body"><p class="brand">Pixel-i</p>
<h1>The web app is not built yet</h1>
<p>The server is running, and its API answers under <code>/api</code>, but the web app's files are missing.</p>
<p class="soft">Run <code>npm run build</code> in the repository, then reload this page. To serve the API alone, set <code>WEB_DIR=off</code>.</p></div>`,
      ),
    );
}
