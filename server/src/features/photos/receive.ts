import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { SNIFF_BYTES } from '../media/sniff.js';

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

export interface ReceivedUpload {
  files: ReceivedFile[];
  fields: Map<string, string[]>;
  cleanup(): Promise<void>;
}

export async function receiveUpload(ctx: AppContext, request: FastifyRequest): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send photos as multipart/form-data.');
  }
  const dir = path.join(ctx.config.DATA_DIR, 'tmp', 'uploads');
  await mkdir(dir, { recursive: true });
  const files: ReceivedFile[] = [];
  const fields = new Map<string, string[]>();
  const cleanup = async () => {
    await Promise.all(files.map((f) => rm(f.tempPath, { force: true })));
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), String(part.value)]);
        continue;
      }
      const tempPath = path.join(dir, randomBytes(12).toString('hex'));
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
          if (headLength < SNIFF_BYTES) {
            heads.push(chunk.subarray(0, SNIFF_BYTES - headLength));
            headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
          }
          done(null, chunk);
        },
      });
      const sink = createWriteStream(tempPath, { mode: 0o600 });
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
    await cleanup();
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError(
        413,
        'too_many_files',
        `At most ${ctx.config.UPLOAD_MAX_FILES} photos per upload. Send the rest in another request.`,
      );
    }
    // A disk or storage failure is ours (5xx); anything the parser tripped on is the client's form.
    if ((error as { syscall?: string }).syscall) throw error;
    throw new AppError(400, 'malformed_upload', 'The upload is not a well-formed multipart form.');
  }
  return { files, fields, cleanup };
}
