import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import { type Harness, useHarness } from './harness.js';

/**
 * Starts s3rver in a child process and prints its port. A child, because s3rver makes its listing
 * continuation tokens with DES, which Node 20's OpenSSL 3 refuses unless the legacy provider is on,
 * and that can only be switched on when a process starts. Without it every listing of more than
 * 1000 keys fails. stdin closing (the test process ending) stops it too.
 */
const CHILD = `
const S3rver = require(process.argv[1]);
const [directory, bucket] = process.argv.slice(2);
new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] })
  .run()
  .then(({ port }) => process.stdout.write(port + '\\n'), (error) => { console.error(error); process.exit(1); });
process.stdin.on('end', () => process.exit(0)).resume();
`;

export interface S3rverInstance {
  endpoint: string;
  bucket: string;
  close(): Promise<void>;
}

/** A real s3rver on 127.0.0.1 (any free port) over a temp directory, with `bucket` already created. */
export async function startS3rver(bucket: string): Promise<S3rverInstance> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'pixeli-s3rver-'));
  const entry = createRequire(import.meta.url).resolve('s3rver');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', CHILD, entry, directory, bucket],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited early with code ${code}`);
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await Promise.race([once(lines, 'line').then(([line]) => Number(line)), exited]);
  exited.catch(() => {});
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    async close() {
      if (child.exitCode === null) {
        const gone = once(child, 'exit');
        child.kill();
        await gone;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The settings that point the app's storage at an s3rver. */
export const s3rverEnv = (s3: Pick<S3rverInstance, 'endpoint' | 'bucket'>) => ({
  S3_BUCKET: s3.bucket,
  S3_ENDPOINT: s3.endpoint,
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
});

/**
 * A PGlite harness whose storage is an s3rver bucket. The harness reads S3_* in its own beforeAll,
 * which runs after this one, so s3rver starts only when the block runs (not when a filter skips
 * it) and stops after the harness has closed the app.
 */
export function useS3Harness(bucket: string): Harness {
  let s3rver: S3rverInstance | undefined;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    s3rver = await startS3rver(bucket);
    Object.assign(env, s3rverEnv(s3rver));
  });
  afterAll(() => s3rver?.close());
  return useHarness('pglite', env);
}
