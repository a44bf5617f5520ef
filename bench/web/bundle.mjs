import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What the built web app's index.html makes a browser fetch before any lazy route: its module
 * script, the chunks it preloads and its stylesheets, each gzipped at level 9 as a server would
 * send them. Lazy screens' chunks are listed beside, so a heavy import that slipped into the first
 * load shows up by name.
 */

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Asset paths of the tags in index.html that load at once: module scripts, modulepreloads, stylesheets. */
export function initialAssets(html) {
  const js = new Set();
  const css = new Set();
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const attr = (name) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
    if (tag.startsWith('<script') && attr('src')) js.add(attr('src'));
    else if (attr('rel') === 'modulepreload' && attr('href')) js.add(attr('href'));
    else if (attr('rel') === 'stylesheet' && attr('href')) css.add(attr('href'));
  }
  return { js: [...js], css: [...css] };
}

/** Sizes of the first load and of every JS/CSS chunk in `distDir` (raw and gzip bytes). */
export async function measureBundle(distDir) {
  const { js, css } = initialAssets(await readFile(path.join(distDir, 'index.html'), 'utf8'));
  const initial = new Set([...js, ...css].map((href) => href.replace(/^\//, '')));
  const chunks = [];
  for (const name of await readdir(path.join(distDir, 'assets'))) {
    if (!/\.(js|css)$/.test(name)) continue;
    const bytes = await readFile(path.join(distDir, 'assets', name));
    const file = `assets/${name}`;
    chunks.push({ file, raw: bytes.length, gzip: gzipSize(bytes), initial: initial.has(file) });
  }
  chunks.sort((a, b) => b.gzip - a.gzip);
  const sum = (ext) =>
    chunks.filter((c) => c.initial && c.file.endsWith(ext)).reduce((n, c) => n + c.gzip, 0);
  const missing = [...initial].filter((file) => !chunks.some((c) => c.file === file));
  if (missing.length > 0)
    throw new Error(`index.html loads files not in ${distDir}/assets: ${missing.join(', ')}`);
  return { initialJs: sum('.js'), initialCss: sum('.css'), initialFiles: initial.size, chunks };
}
