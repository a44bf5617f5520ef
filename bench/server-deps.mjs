import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * What the benchmarks borrow from the server: the BUILT code (so they measure what `npm start`
 * runs) and its dependencies resolved exactly as the server resolves them, so the benchmark and
 * the server can never load two different sharp/libvips builds.
 */
export const SERVER_DIR = fileURLToPath(new URL('../server/', import.meta.url));
export const SERVER_MAIN = fileURLToPath(new URL('../server/dist/main.js', import.meta.url));

/** `require` as the server resolves it, for its other dependencies (e.g. `ws`). */
export const requireFromServer = createRequire(new URL('../server/package.json', import.meta.url));
export const sharp = requireFromServer('sharp');

/** Imports a module of the built server, e.g. `features/media/pipeline.js`. */
export const importBuilt = (modulePath) =>
  import(new URL(`../server/dist/${modulePath}`, import.meta.url).href);
