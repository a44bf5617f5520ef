import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { CliError } from './create-admin.js';

/**
 * One process at a time on an embedded database. PGlite is single-process: two processes on one
 * folder each see only their own writes, and the folder can end up unopenable. So every command
 * that opens it first takes `DATA_DIR/pixeli.lock` (created exclusively, holding pid, port and start
 * time); a second one refuses, naming the first. A lock whose pid is dead is stale and taken over.
 * PostgreSQL needs none of this.
 */

export const LOCK_FILE = 'pixeli.lock';

/**
 * Set by a process that holds the lock on the child it starts to work on the folder for it (the
 * `pixeli migrate` that creates a new database): the child works under its parent's lock.
 */
export const LOCK_HOLDER_ENV = 'PIXELI_DATA_DIR_LOCK_HOLDER';

interface LockOwner {
  pid: number;
  command: string;
  port: number | null;
  since: string;
}

export interface DataDirLock {
  /** Records the port once the server listens, for the next process's refusal message. */
  setPort(port: number): void;
  release(): void;
}

const NO_LOCK: DataDirLock = { setPort() {}, release() {} };

export function lockDataDir(config: Config, command: string): DataDirLock {
  if (config.DATABASE_URL) return NO_LOCK;
  mkdirSync(config.DATA_DIR, { recursive: true });
  const file = path.join(config.DATA_DIR, LOCK_FILE);
  const holder = readOwner(file);
  if (holder && process.env[LOCK_HOLDER_ENV] === String(holder.pid) && holder.pid === process.ppid) {
    return NO_LOCK;
  }
  const owner: LockOwner = { pid: process.pid, command, port: null, since: new Date().toISOString() };
  takeLock(file, owner);
  const release = () => {
    // Only our own lock: a process that lost it (its file removed by hand) must not free another's.
    if (readOwner(file)?.pid === process.pid) unlinkQuietly(file);
    process.off('exit', release);
  };
  process.on('exit', release);
  return {
    setPort(port) {
      owner.port = port;
      const temp = `${file}.${process.pid}`;
      writeFileSync(temp, JSON.stringify(owner));
      renameSync(temp, file);
    },
    release,
  };
}

function takeLock(file: string, owner: LockOwner, attempts = 3): void {
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeFileSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempts <= 1) throw error;
  }
  const holder = readOwner(file);
  // Our own pid in the file is a previous life of this process's pid (a container restarted).
  if (holder && holder.pid !== process.pid && isAlive(holder.pid))
    throw new CliError(refusal(file, holder), 2);
  // Stale (its process is gone) or unreadable (it died while writing): take it over.
  unlinkQuietly(file);
  takeLock(file, owner, attempts - 1);
}

function refusal(file: string, holder: LockOwner): string {
  const port = holder.port === null ? '' : ` on port ${holder.port}`;
  return (
    `${path.dirname(file)} is in use by pixeli ${holder.command} (pid ${holder.pid}${port}, since ${holder.since}); ` +
    'the embedded database allows one process at a time: stop it first, or use PostgreSQL (DATABASE_URL) to run several.'
  );
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
