import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start` builds only when a source is newer than the last build. `npm install` builds once
 * (the root `prepare` script); a start after that pays a few milliseconds of `stat`s instead of
 * TypeScript's own up-to-date check (about a second) or a whole build (about ten). The web app is
 * built by Vite after the TypeScript projects, when its own sources or the contract changed.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const projects = ['packages/contract', 'server'];

const SOURCE = /\.(ts|tsx|css|svg|png|html)$/;
const TEST = /\.test\.tsx?$/;

/** The newest modification time of what the build reads under `dir` (tests are not built). */
function newestSource(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name === 'test') continue;
    if (!entry.isDirectory() && (!SOURCE.test(entry.name) || TEST.test(entry.name))) continue;
    latest = Math.max(latest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const newest = (project) =>
  Math.max(
    newestSource(path.join(project, 'src')),
    statSync(path.join(project, 'tsconfig.json')).mtimeMs,
    statSync(path.join(project, 'package.json')).mtimeMs,
  );

/** When this project was last built, from the build info TypeScript writes last; 0 if never or if its output is gone. */
function builtAt(project) {
  try {
    statSync(path.join(root, project, 'dist'));
    return statSync(path.join(root, project, 'tsconfig.tsbuildinfo')).mtimeMs;
  } catch {
    return 0;
  }
}

const stale = projects.filter((project) => newest(path.join(root, project)) > builtAt(project));
if (stale.length > 0) {
  console.log(`Sources changed since the last build (${stale.join(', ')}): building…`);
  // --force when an output folder is gone: the build info alone would tell tsc that all is done.
  const force = stale.some((project) => builtAt(project) === 0) ? ['--force'] : [];
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', ...force, ...projects],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  // The `pixeli` bin: npm marks it executable only if it existed when npm linked it.
  chmodSync(path.join(root, 'server/dist/main.js'), 0o755);
  // tsc leaves its build info alone when nothing needed emitting: stamp it, or every start would ask again.
  const now = new Date();
  for (const project of projects) utimesSync(path.join(root, project, 'tsconfig.tsbuildinfo'), now, now);
}

// The web app: its sources, its public files and the contract it is typed by, against its last build.
const web = path.join(root, 'web');
const webSources = Math.max(
  newestSource(path.join(web, 'src')),
  newestSource(path.join(web, 'public')),
  newestSource(path.join(root, 'packages/contract/src')),
  ...['index.html', 'vite.config.ts', 'package.json'].map((file) => statSync(path.join(web, file)).mtimeMs),
);
let webBuiltAt = 0;
try {
  webBuiltAt = statSync(path.join(web, 'dist/index.html')).mtimeMs;
} catch {}
if (webSources > webBuiltAt) {
  console.log('The web app changed since its last build: building…');
  // Vite lives in the web workspace's own node_modules (the server's Vitest wants another major).
  execFileSync(path.join(web, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
}
