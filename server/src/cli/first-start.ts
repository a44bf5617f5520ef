import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { LOCK_HOLDER_ENV } from './data-dir-lock.js';

/** Where the embedded database lives; the same path `createContext` opens. */
export const embeddedDatabaseDir = (config: Config) => path.join(config.DATA_DIR, 'db');

/**
 * Creates a brand-new embedded database in a short-lived child process (`pixeli migrate`).
 * PGlite's initdb leaves the process that ran it holding ~300 MB more than one that opened an
 * existing database (measured: 856 MB against 576 MB at the peak of a first upload burst), and
 * that memory is never given back; running it in a child keeps the long-lived server lean from
 * its very first start. Nothing to do with PostgreSQL or an existing folder.
 */
export async function createEmbeddedDatabaseApart(config: Config, mainScript: string): Promise<void> {
  if (config.DATABASE_URL) return;
  if (existsSync(path.join(embeddedDatabaseDir(config), 'PG_VERSION'))) return;
  // The child works under this process's lock on DATA_DIR (see data-dir-lock.ts).
  const child = spawn(process.execPath, [...process.execArgv, mainScript, 'migrate'], {
    stdio: 'inherit',
    env: { ...process.env, [LOCK_HOLDER_ENV]: String(process.pid) },
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0)
    throw new Error(`creating the embedded database failed (pixeli migrate exited with ${code})`);
}
