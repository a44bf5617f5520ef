/**
 * HEIC (iPhone photos) through Debian's `heif-convert` (package libheif-examples): the prebuilt
 * libvips in sharp decodes AV1 (AVIF) but not HEVC, so HEIC is converted to a JPEG first.
 *
 * The JPEG comes out upright: libheif applies the HEIF rotation/mirror properties (irot/imir),
 * which are authoritative in HEIF; the EXIF orientation copied into the JPEG must then be ignored.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UnsupportedImageError } from './sniff.js';

export const HEIF_CONVERT = 'heif-convert';
const DEFAULT_TIMEOUT_MS = 60_000;
const JPEG_QUALITY = 92;

export class HeicUnsupportedError extends UnsupportedImageError {
  override name = 'HeicUnsupportedError';
  constructor(options?: { cause?: unknown }) {
    super(
      'heic_unsupported',
      'HEIC photos need heif-convert (Debian package libheif-examples) on the server.',
      options,
    );
  }
}

export interface HeifConvertOptions {
  /** The program to run; `heif-convert` from PATH unless a test says otherwise. */
  command?: string;
  timeoutMs?: number;
}

interface ExecFailure extends Error {
  code?: string | number | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
  stderr?: string;
}

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ error: ExecFailure | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true },
      (error, _stdout, stderr) => resolve({ error: error as ExecFailure | null, stderr: String(stderr) }),
    );
  });
}

const notInstalled = (error: ExecFailure | null) => error?.code === 'ENOENT' || error?.code === 'EACCES';

const availability = new Map<string, Promise<boolean>>();

/** Whether `heif-convert` can be started. Cached per command for the life of the process. */
export function heifConvertAvailable(command: string = HEIF_CONVERT): Promise<boolean> {
  let known = availability.get(command);
  if (!known) {
    // Any exit status means the program ran (old versions exit non-zero after printing help).
    known = run(command, ['--help'], 10_000).then(({ error }) => !notInstalled(error));
    availability.set(command, known);
  }
  return known;
}

/**
 * Converts a HEIC file to a JPEG (quality 92) in a new private temporary directory and returns
 * the JPEG's path. The caller owns that directory: remove it with `removeHeicOutput(jpegPath)`.
 *
 * Throws `HeicUnsupportedError` when heif-convert is missing, `UnsupportedImageError('corrupt')`
 * when it refuses the file, and a plain Error when it times out (possibly an overloaded machine).
 */
export async function convertHeicToJpeg(
  inputPath: string,
  options: HeifConvertOptions = {},
): Promise<string> {
  const command = options.command ?? HEIF_CONVERT;
  if (!(await heifConvertAvailable(command))) throw new HeicUnsupportedError();

  const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-heic-'));
  const output = path.join(dir, 'photo.jpg');
  try {
    const { error, stderr } = await run(
      command,
      ['--quiet', '-q', String(JPEG_QUALITY), path.resolve(inputPath), output],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (error) {
      if (notInstalled(error)) throw new HeicUnsupportedError({ cause: error });
      if (error.killed || error.signal) {
        throw new Error(`heif-convert did not finish within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`, {
          cause: error,
        });
      }
      const detail = stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300);
      throw new UnsupportedImageError(
        'corrupt',
        `The HEIC photo could not be decoded: ${detail || error.message}`,
        {
          cause: error,
        },
      );
    }
    return await findOutput(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * heif-convert writes `photo.jpg` for a file with one image, and `photo-1.jpg`, `photo-2.jpg`, ...
 * (one per top-level image, e.g. a burst) otherwise; the first is taken.
 */
async function findOutput(dir: string): Promise<string> {
  const names = await readdir(dir);
  if (names.includes('photo.jpg')) return path.join(dir, 'photo.jpg');
  const numbered = names
    .map((name) => /^photo-(\d+)\.jpg$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  if (numbered[0]) return path.join(dir, numbered[0][0]);
  throw new UnsupportedImageError('corrupt', 'The HEIC photo contains no image heif-convert could write.');
}

/** Removes the temporary directory `convertHeicToJpeg` created for this JPEG. */
export async function removeHeicOutput(jpegPath: string): Promise<void> {
  const dir = path.dirname(jpegPath);
  if (!path.basename(dir).startsWith('pixeli-heic-')) return; // never delete anything else
  await rm(dir, { recursive: true, force: true });
}
