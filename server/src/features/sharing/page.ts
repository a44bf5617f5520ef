import { escapeHtml } from '../../http/escape-html.js';
import { htmlPagePolicy, htmlPage as page } from '../../http/html-page.js';

/**
 * The page a share link shows in a browser: the photo with who took it and where, a download
 * button and how long the link lasts; or a password form; or why the link no longer works. Plain
 * server-rendered HTML with no script, so it opens at once on any phone and needs no account.
 * Every text from the database is escaped here; the shell and its policy are http/html-page.ts.
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

/** The page's Content-Security-Policy: its own stylesheet, images from `imageOrigin`, forms to itself. */
export const sharePagePolicy = htmlPagePolicy;

const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

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
