import { createHash } from 'node:crypto';
import { escapeHtml } from '../../http/escape-html.js';

/**
 * The page a share link shows in a browser: the photo with who took it and where, a download
 * button and how long the link lasts; or a password form; or why the link no longer works. Plain
 * server-rendered HTML with no script, so it opens at once on any phone and needs no account.
 * Every text from the database is escaped here, and nothing is inlined but one stylesheet, allowed
 * by its hash in the page's Content-Security-Policy.
 */

export type SharePageView =
  | {
      kind: 'photo';
      imageUrl: string;
      downloadUrl: string;
      width: number | null;
      height: number | null;
      eventTitle: string;
      photographerName: string;
      caption: string;
      takenAt: Date;
      expiresAt: Date;
      original: boolean;
      /** Link previews (og:image) only for links without a password. */
      preview: boolean;
    }
  | { kind: 'password'; wrongPassword: boolean }
  | { kind: 'message'; title: string; text: string };

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
.brand { font-weight: 700; letter-spacing: .02em; color: var(--accent); font-size: .85rem; text-transform: uppercase; }
`;

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** The page's Content-Security-Policy: its own stylesheet, images from `imageOrigin`, forms to itself. */
export function sharePagePolicy(imageOrigin: string | null): string {
  return [
    "default-src 'none'",
    `style-src '${STYLE_HASH}'`,
    `img-src ${imageOrigin ?? "'none'"}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

function page(title: string, head: string, body: string) {
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

function photoPage(v: Extract<SharePageView, { kind: 'photo' }>) {
  const title = `${v.eventTitle}: a photo by ${v.photographerName}`;
  const size = v.width && v.height ? ` width="${v.width}" height="${v.height}"` : '';
  const head = [
    `<meta property="og:title" content="${escapeHtml(title)}">`,
    v.caption ? `<meta property="og:description" content="${escapeHtml(v.caption)}">` : '',
    v.preview ? `<meta property="og:image" content="${escapeHtml(v.imageUrl)}">` : '',
  ]
    .filter(Boolean)
    .map((line) => `${line}\n`)
    .join('');
  return page(
    title,
    head,
    `<figure><img src="${escapeHtml(v.imageUrl)}"${size} alt="${escapeHtml(`Photo by ${v.photographerName} at ${v.eventTitle}`)}"></figure>
<div class="body">
<p class="brand">Pixel-i</p>
<h1>${escapeHtml(v.eventTitle)}</h1>
<p class="soft">By ${escapeHtml(v.photographerName)} · taken ${escapeHtml(day.format(v.takenAt))}</p>
${v.caption ? `<p class="caption">${escapeHtml(v.caption)}</p>\n` : ''}<a class="button" href="${escapeHtml(v.downloadUrl)}">Download ${v.original ? 'the original' : 'photo'}</a>
<p class="soft">This link works until ${escapeHtml(moment.format(v.expiresAt))} UTC.</p>
</div>`,
  );
}

export function renderSharePage(view: SharePageView): string {
  switch (view.kind) {
    case 'photo':
      return photoPage(view);
    case 'password':
      return page(
        'A shared photo',
        '',
        `<div class="body">
<p class="brand">Pixel-i</p>
<h1>This photo is protected</h1>
<p class="soft">Enter the password you were given with the link.</p>
${view.wrongPassword ? '<p class="error" role="alert">That password is not right.</p>\n' : ''}<form method="post">
<input type="password" name="password" aria-label="Password" autocomplete="current-password" required autofocus maxlength="200">
<button type="submit">Open</button>
</form>
</div>`,
      );
    case 'message':
      return page(
        view.title,
        '',
        `<div class="body">
<p class="brand">Pixel-i</p>
<h1>${escapeHtml(view.title)}</h1>
<p>${escapeHtml(view.text)}</p>
</div>`,
      );
  }
}
