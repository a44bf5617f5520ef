import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Reads a multipart upload without holding it in memory: each file streams to a temporary file
 * while its sha256, size and first bytes (for type sniffing) are taken on the way.
 */
export interface ReceivedFile {
  field: string;
  filename: string;
  tempPath: string;
  size: number;
  sha256: string;
  head: Buffer;
  /** Larger than UPLOAD_MAX_FILE_BYTES: the rest was not read. */
  tooLarge: boolean;
}

/** A multipart form as a service sees it: its files (on disk) and its text fields, repeated ones kept. */
export interface ReceivedUpload {
  files: ReceivedFile[];
  fields: Map<string, string[]>;
}

export interface MultipartOptions {
  /** Where files wait while the request lasts. */
  tempDir: string;
  /** The multipart plugin's file limit, named in the 413. */
  maxFiles: number;
  /** How many leading bytes of each file to keep in `head`. */
  headBytes: number;
}

/**
 * Receives the request's multipart form, hands it to `use`, and removes its temporary files however
 * `use` ends. 415 for a body that is not multipart, 413 past the file limit, 400 for a broken form.
 */
export async function withMultipart<T>(
  request: FastifyRequest,
  options: MultipartOptions,
  use: (upload: ReceivedUpload) => Promise<T>,
): Promise<T> {
  const files: ReceivedFile[] = [];
  const cleanup = async () => {
    await Promise.all(files.map((f) => rm(f.tempPath, { force: true })));
  };
  try {
    const fields = await receiveParts(request, options, files);
    return await use({ files, fields });
  } finally {
    await cleanup();
  }
}

/** Streams every part: fields into the returned map, files to disk (pushed to `files` as they start). */
async function receiveParts(
  request: FastifyRequest,
  { tempDir, maxFiles, headBytes }: MultipartOptions,
  files: ReceivedFile[],
): Promise<Map<string, string[]>> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send photos as multipart/form-data.');
  }
  await mkdir(tempDir, { recursive: true });
  const fields = new Map<string, string[]>();
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), String(part.value)]);
        continue;
      }
      const tempPath = path.join(tempDir, randomBytes(12).toString('hex'));
      const file: ReceivedFile = {
        field: part.fieldname,
        filename: part.filename,
        tempPath,
        size: 0,
        sha256: '',
        head: Buffer.alloc(0),
        tooLarge: false,
      };
      files.push(file);
      const hash = createHash('sha256');
      const heads: Buffer[] = [];
      let headLength = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          file.size += chunk.length;
          if (headLength < headBytes) {
            heads.push(chunk.subarray(0, headBytes - headLength));
            headLength += Math.min(chunk.length, headBytes - headLength);
          }
          done(null, chunk);
        },
      });
      // The default mode, as any stored object has: an accepted file becomes one by a rename.
      const sink = createWriteStream(tempPath);
      try {
        await pipeline(part.file, tap, sink);
      } catch (error) {
        // The file may still be opening when the form breaks: cleanup must wait until it is closed,
        // or it would run first and leave the file behind, one per upload cut short.
        if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
        throw error;
      }
      file.sha256 = hash.digest('hex');
      file.head = Buffer.concat(heads);
      file.tooLarge = part.file.truncated;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError(
        413,
        'too_many_files',
        `At most ${maxFiles} photos per upload. Send the rest in another request.`,
      );
    }
    // A disk or storage failure is ours (5xx); anything the parser tripped on is the client's form.
    if ((error as { syscall?: string }).syscall) throw error;
    throw new AppError(400, 'malformed_upload', 'The upload is not a well-formed multipart form.');
  }
  return fields;
}
