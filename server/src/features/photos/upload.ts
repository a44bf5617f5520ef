import { BulkUploadEntry, PhotoUploadFields } from '@pixeli/contract';
import { requireEvent } from '../../access/require.js';
import type { EventWithRole } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { AppError, FieldError, fieldError } from '../../errors.js';
import { fieldErrorsOf } from '../../http/field-errors.js';
import type { ReceivedUpload } from '../../http/multipart.js';
import { requireWriteAllowance } from '../accounts/service.js';
import { ingestFile } from './ingest.js';

/**
 * The two uploads: the original's bulk upload into one event, and its single `POST /photos/`. The
 * routes receive the multipart form (http/multipart.ts); these take its files and fields.
 */

/** The event a viewer may add photos to; the bulk route asks before it reads the body. */
export const writableEvent = (ctx: AppContext, v: AccessViewer, eventId: string): Promise<EventWithRole> =>
  requireEvent(ctx, v, eventId, 'write');

/**
 * `POST /api/events/<id>/photos/bulk-upload/`: files under `images`, and a `metadata` JSON list
 * matched to them by `client_id` (the file's name). Each file succeeds or fails on its own (207).
 * Metadata can never choose another event: the URL's event is the only target.
 */
export async function bulkUpload(
  ctx: AppContext,
  v: AccessViewer,
  event: EventWithRole,
  upload: ReceivedUpload,
) {
  const images = upload.files.filter((f) => f.field === 'images');
  if (images.length === 0) throw fieldError('images', 'Attach at least one photo under "images".');
  const entries = parseMetadata(upload.fields.get('metadata')?.[0]);
  const results = [];
  for (const [index, file] of images.entries()) {
    const clientId = file.filename;
    const throttled = await uploadRefusal(ctx, v, file.size);
    if (throttled) {
      // Not even the first file fits: the whole request is refused, with its Retry-After.
      if (index === 0) throw throttled;
      results.push({
        client_id: clientId,
        photo_id: null,
        status: 'error' as const,
        error: throttled.detail,
      });
      continue;
    }
    const raw = entries.get(clientId) ?? { client_id: clientId };
    const parsed = BulkUploadEntry.safeParse(raw);
    if (!parsed.success) {
      results.push({
        client_id: clientId,
        photo_id: null,
        status: 'error' as const,
        error: fieldErrorsOf(parsed.error),
      });
      continue;
    }
    const outcome = await ingestFile(ctx, v, event, file, parsed.data);
    results.push(
      outcome.status === 'error'
        ? { client_id: clientId, photo_id: null, status: 'error' as const, error: outcome.error }
        : { client_id: clientId, photo_id: outcome.photoId, status: outcome.status, error: null },
    );
  }
  return { results };
}

/** Spends the upload allowance for one file; the refusal (429) if the account is over it. */
async function uploadRefusal(ctx: AppContext, v: AccessViewer, bytes: number): Promise<AppError | null> {
  try {
    await requireWriteAllowance(ctx, v, 'upload', bytes);
    return null;
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 429) return error;
    throw error;
  }
}

/** `metadata` is optional; when given it must be a JSON list of objects with a `client_id` each. */
function parseMetadata(text: string | undefined): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (text === undefined || text.trim() === '') return entries;
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw fieldError('metadata', 'metadata must be a JSON list.');
  }
  if (!Array.isArray(list)) throw fieldError('metadata', 'metadata must be a JSON list.');
  for (const item of list) {
    const id = (item as { client_id?: unknown } | null)?.client_id;
    if (typeof id !== 'string' || id === '')
      throw fieldError('metadata', 'Every metadata entry needs a client_id.');
    entries.set(id, item);
  }
  return entries;
}

/**
 * `POST /api/photos/`: one `image` plus `event` and the optional fields as form fields
 * (`tagged_usernames` repeated, `user_tags` as JSON). The original forgot the event write check.
 */
export async function singleUpload(ctx: AppContext, v: AccessViewer, upload: ReceivedUpload) {
  const image = upload.files.find((f) => f.field === 'image');
  const eventId = upload.fields.get('event')?.[0];
  if (!eventId || !/^[0-9a-f-]{36}$/i.test(eventId)) throw fieldError('event', 'Give the id of the event.');
  if (!image) throw fieldError('image', 'Attach the photo under "image".');
  const event = await writableEvent(ctx, v, eventId);
  const fields = parseSingleFields(upload.fields);
  await requireWriteAllowance(ctx, v, 'upload', image.size);
  const outcome = await ingestFile(ctx, v, event, image, fields);
  if (outcome.status === 'error') {
    if (typeof outcome.error === 'string') {
      throw new AppError(
        outcome.httpStatus,
        outcome.httpStatus === 415 ? 'unsupported_media_type' : 'invalid_image',
        outcome.error,
      );
    }
    throw new FieldError(outcome.error, outcome.httpStatus);
  }
  return outcome;
}

function parseSingleFields(form: Map<string, string[]>) {
  const one = (name: string) => form.get(name)?.[0];
  let userTags: unknown;
  const rawTags = one('user_tags');
  if (rawTags !== undefined) {
    try {
      userTags = JSON.parse(rawTags);
    } catch {
      throw fieldError('user_tags', 'user_tags must be a JSON list of strings.');
    }
  }
  const parsed = PhotoUploadFields.safeParse({
    read_perm: one('read_perm'),
    share_perm: one('share_perm'),
    timestamp: one('timestamp'),
    caption: one('caption'),
    user_tags: userTags,
    tagged_usernames: form.get('tagged_usernames'),
  });
  if (!parsed.success) throw new FieldError(fieldErrorsOf(parsed.error));
  return parsed.data;
}
