import { readFileSync } from 'node:fs';

/** The server package's version, read once (src and dist both sit one level below package.json). */
export const PIXELI_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
