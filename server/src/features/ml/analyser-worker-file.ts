import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The analyser child's compiled entry file. Built code finds it beside this one. When this file
 * runs as TypeScript (vitest), plain Node 20 cannot run the child's TypeScript, so the build's copy
 * in `server/dist` is used, as the CLI tests do; `npm test` builds first. Sources changed after the
 * last build (tsc writes `tsconfig.tsbuildinfo` on every build that saw a change) are refused
 * rather than silently testing old code.
 */
export function analyserWorkerFile(): URL {
  const beside = new URL('./analyser-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const sourceDir = fileURLToPath(new URL('.', import.meta.url));
  const serverDir = fileURLToPath(new URL('../../../', import.meta.url));
  const built = path.join(
    serverDir,
    'dist',
    path.relative(path.join(serverDir, 'src'), sourceDir),
    'analyser-worker.js',
  );
  const buildInfo = path.join(serverDir, 'tsconfig.tsbuildinfo');
  const rebuild = 'build it with `npx tsc -b packages/contract server` from the repository root';
  if (!existsSync(built) || !existsSync(buildInfo)) {
    throw new Error(`the analyser's child entry is not built (${built}): ${rebuild}`);
  }
  const builtAt = statSync(buildInfo).mtimeMs;
  const changed = readdirSync(sourceDir).filter(
    (f) =>
      f.endsWith('.ts') && !f.endsWith('.test.ts') && statSync(path.join(sourceDir, f)).mtimeMs > builtAt,
  );
  if (changed.length > 0) {
    throw new Error(`${changed.join(', ')} changed since the analyser's child entry was built: ${rebuild}`);
  }
  return pathToFileURL(built);
}
