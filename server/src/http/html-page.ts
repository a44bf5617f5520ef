import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from './escape-html.js';

/**
 * The shell of the few pages the server renders itself (a share link, an invite link), for people
 * who open a link in a chat app's browser before any web app exists: plain HTML with no script,
 * and nothing inlined but one stylesheet, allowed by its hash in the page's Content-Security-Policy.
 * Callers escape every text they put in `head` and `body`.
 */

const STYLE = `
:root { color-scheme: light dark; --bg: #f4f2ee; --card: #fff; --ink: #1d1b19; --soft: #6b655e; --accent: #d9480f; }
@media (prefers-color-scheme: dark) { :root { --bg: #141210; --card: #1f1c19; --ink: #f1ede8; --soft: #a59d94; --accent: #ff8a4c; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; padding: env(safe-area-inset-top) 0 env(safe-area-inset-bottom); }
main { width: min(calc(100% - 1.5rem), 56rem); background: var(--card); border-radius: 1rem; overflow: hidden; margin: .75rem auto;
  box-shadow: 0 1px 2px rgb(0 0 0 / .06), 0 8px 32px rgb(0 0 0 / .08); }
figure { margin: 0; background: #000; }
figure img { display: block; width: 100%; height: auto; max-height: 80vh; object-fit: contain; }
.body { padding: 1.25rem 1.25rem 1.5rem; }
h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
p { margin: .25rem 0; }
.soft { color: var(--soft); font-size: .9rem; }
.caption { margin: .75rem 0; white-space: pre-line; }
.button, button { display: inline-block; margin-top: 1rem; padding: .7rem 1.2rem; border: 0; border-radius: .6rem;
  background: var(--accent); color: #fff; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
form { display: grid; gap: .5rem; margin-top: 1rem; }
input { font: inherit; padding: .7rem .8rem; border-radius: .6rem; border: 1px solid var(--soft); background: transparent; color: inherit; }
.error { color: var(--accent); font-weight: 600; }
code { font: .85rem ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
.brand { font-weight: 700; letter-spacing: .02em; color: var(--accent); font-size: .85rem; text-transform: uppercase; }
`;

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** The page's Content-Security-Policy: its own stylesheet, images from `imageOrigin`, forms to itself. */
export function htmlPagePolicy(imageOrigin: string | null): string {
  return [
    "default-src 'none'",
    `style-src '${STYLE_HASH}'`,
    `img-src ${imageOrigin ?? "'none'"}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Whether the request is a browser navigating (it asks for HTML), not a script or an image load. */
export const wantsPage = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

export function htmlPage(title: string, head: string, body: string) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
${head}<style>${STYLE}</style>
</head>
<body>
<main>${body}</main>
</body>
</html>
`;
}
