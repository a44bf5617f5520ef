import { randomUUID } from 'node:crypto';
import type { PhotoUploadFields } from '@pixeli/contract';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { FieldError } from '../../errors.js';
import type { ReceivedFile } from '../../http/multipart.js';
import { heifConvertAvailable, mimeOf, sniffImageType } from '../media/service.js';
import { photoFieldColumns } from './columns.js';
import { originalKey } from './keys.js';
import * as repo from './repo.js';
import { taggablePeople, tagPeople } from './tags.js';

/**
 * Turns one received file into a pending photo: sniff the bytes, refuse what is not an image,
 * answer duplicates with the existing photo, store the original byte for byte, insert the row,
 * queue its processing. Each file succeeds or fails on its own.
 */
export type IngestOutcome =
  | { status: 'created'; photoId: string }
  | { status: 'duplicate'; photoId: string }
  | { status: 'error'; httpStatus: number; error: string | Record<string, string[]> };

/** `52428800` as "50 MB", `200000` as "195.3 KB" (a limit under 1 MB used to read "0 MB"). */
function formatBytes(bytes: number): string {
  const [value, unit] =
    bytes >= 1048576 ? [bytes / 1048576, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

const refuse = (httpStatus: number, error: string | Record<string, string[]>): IngestOutcome => ({
  status: 'error',
  httpStatus,
  error,
});

export async function ingestFile(
  ctx: AppContext,
  v: AccessViewer,
  event: { id: string; coordinatorId: string | null },
  file: ReceivedFile,
  fields: PhotoUploadFields,
): Promise<IngestOutcome> {
  const eventId = event.id;
  if (file.tooLarge) {
    return refuse(413, `The file is larger than ${formatBytes(ctx.config.UPLOAD_MAX_FILE_BYTES)}.`);
  }
  if (file.size === 0) return refuse(400, 'The file is empty.');
  const type = sniffImageType(file.head);
  if (!type) return refuse(415, 'This file is not a JPEG, PNG, WebP, AVIF or HEIC image.');
  if (type === 'heic' && !(await heifConvertAvailable())) {
    return refuse(415, 'HEIC photos need heif-convert (Debian package libheif-examples) on the server.');
  }

  const db = ctx.database.db;
  let tagged: { id: string }[];
  try {
    tagged = await taggablePeople(db, fields.tagged_usernames ?? []);
  } catch (error) {
    if (error instanceof FieldError) return refuse(400, error.fields);
    throw error;
  }

  const existing = await repo.findByChecksum(db, eventId, file.sha256);
  if (existing) return { status: 'duplicate', photoId: existing.id };

  const photoId = randomUUID();
  // The received file becomes the original (on disk, by a rename): its bytes are not copied again.
  await ctx.storage.putFile(originalKey(photoId, mimeOf(type)), file.tempPath, mimeOf(type));
  try {
    await ctx.transaction(async (tx, record) => {
      await repo.insertPhoto(tx, {
        id: photoId,
        eventId,
        photographerId: v.id,
        status: 'PE',
        checksum: file.sha256,
        originalType: mimeOf(type),
        originalSize: file.size,
        ...photoFieldColumns(fields),
      });
      await tagPeople(tx, record, photoId, tagged, v.id);
      await record({
        type: 'photo_uploaded',
        photoId,
        eventId,
        coordinatorId: event.coordinatorId,
        actorId: v.id,
      });
    });
  } catch (error) {
    await ctx.storage.deletePrefix(`photos/${photoId}/`).catch((cleanupError) => {
      ctx.log.warn({ err: cleanupError, photoId }, 'could not remove the original of an upload that failed');
    });
    // The same bytes arrived twice at once: the other request won.
    if (isUniqueViolation(error)) {
      const winner = await repo.findByChecksum(db, eventId, file.sha256);
      if (winner) return { status: 'duplicate', photoId: winner.id };
    }
    throw error;
  }
  await ctx.queue.enqueue('process-photo', { photoId }, { jobId: photoId });
  return { status: 'created', photoId };
}
