import type { AccessLevel, PhotoStatus, ServerMessage, SharePerm } from '@pixeli/contract';
import { toApiError } from './api/errors';
import type { Session } from './session';

/**
 * The upload queue, as plain TypeScript: files wait here with their options and event, leave in
 * small batches for the bulk-upload route (one batch at a time, so a phone on venue Wi-Fi is not
 * asked to push 200 photos at once), report their bytes as they go, and then follow their photo's
 * processing on the socket until it is done. It lives as long as the tab, so uploads keep going
 * while the person moves around the app; React reads it through `subscribe` + `snapshot`.
 */

/** What the uploader chooses for a photo (the bulk route's metadata entry, minus its `client_id`). */
export interface UploadOptions {
  read_perm: AccessLevel;
  share_perm: SharePerm;
  user_tags: string[];
  tagged_usernames: string[];
  caption: string;
}

/**
 * queued → uploading → processing → done, or failed (with the server's reason). `waiting` is a
 * batch the server asked to slow down (429): it is sent again after its Retry-After.
 */
export type UploadState = 'queued' | 'uploading' | 'waiting' | 'processing' | 'done' | 'failed';

export interface UploadItem {
  /** The `client_id`: a uuid and the file's extension, also the file's name in the form. */
  readonly id: string;
  readonly eventId: string;
  readonly file: File;
  readonly options: UploadOptions;
  readonly state: UploadState;
  /** Bytes of this file that have left the device. */
  readonly sent: number;
  readonly photoId: string | null;
  /** The server already had these bytes in this event. */
  readonly duplicate: boolean;
  /** Why it failed, in words for a person. */
  readonly error: string | null;
  /** False when sending again cannot help (the server has the photo; processing failed). */
  readonly canRetry: boolean;
}

export interface UploadSummary {
  total: number;
  /** Files whose bytes have all arrived (processing or done) or that failed. */
  finished: number;
  done: number;
  failed: number;
  /** Queued, uploading, waiting or processing. */
  active: number;
  bytesSent: number;
  bytesTotal: number;
  /** 0..1 over the bytes of every file that has not failed. */
  progress: number;
}

export interface UploadSnapshot {
  items: readonly UploadItem[];
  summary: UploadSummary;
}

export interface UploadRequest {
  url: string;
  body: FormData;
  token: string | null;
  onProgress(loaded: number, total: number): void;
}

export interface UploadResponse {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/** Sends one batch; rejects only when no answer came (offline, connection dropped). */
export type UploadTransport = (request: UploadRequest) => Promise<UploadResponse>;

export interface UploadQueueDeps {
  transport: UploadTransport;
  session: Pick<Session, 'snapshot' | 'refresh' | 'refreshAfter'>;
  live?: { subscribe(listener: (message: ServerMessage) => void): () => void };
  /** New photos landed in this event (after a batch, and as they finish processing). */
  onPhotosChanged?: (eventId: string) => void;
  /** Asked now and then for photos still processing, in case the socket missed their news. */
  checkStatus?: (photoId: string) => Promise<PhotoStatus | null>;
  /** Most files per request; the server's UPLOAD_MAX_FILES is 50 by default. */
  batchFiles?: number;
  /** A batch closes before it passes this many bytes (a single larger file goes alone). */
  batchBytes?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  wait?: (ms: number) => Promise<void>;
  newId?: () => string;
  statusPollMs?: number;
}

export interface UploadQueue {
  /** Queues files for an event; returns their ids in order. */
  add(eventId: string, files: { file: File; options: UploadOptions }[]): string[];
  retry(id: string): void;
  retryFailed(): void;
  /** Takes a file out before it is sent (queued or failed ones only). */
  remove(id: string): void;
  /** Forgets every file that is done or failed (the tray's dismiss). */
  clearFinished(): void;
  subscribe(listener: () => void): () => void;
  snapshot(): UploadSnapshot;
}

export const BULK_UPLOAD_PATH = (eventId: string) =>
  `/api/events/${encodeURIComponent(eventId)}/photos/bulk-upload/`;

/** Never more than the server's default file limit, whatever a caller asks. */
export const SERVER_MAX_FILES = 50;
const MAX_THROTTLED_TRIES = 5;
const OFFLINE_REASON = 'The connection dropped before the upload finished. Try again.';
const NO_ANSWER_REASON = 'The server gave no answer for this photo. Try again.';
const PROCESSING_FAILED = 'The server received this photo but could not process it.';

export function createUploadQueue(deps: UploadQueueDeps): UploadQueue {
  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const newId = deps.newId ?? (() => crypto.randomUUID());
  let batchFiles = Math.max(1, Math.min(deps.batchFiles ?? 10, SERVER_MAX_FILES));
  const batchBytes = deps.batchBytes ?? 40 * 1024 * 1024;
  const concurrency = Math.max(1, deps.concurrency ?? 1);

  let items: UploadItem[] = [];
  let snap: UploadSnapshot = summarize(items);
  const listeners = new Set<() => void>();
  let inFlight = 0;
  /** Statuses heard before the batch's answer named the photo (fast processing). */
  const heardEarly = new Map<string, PhotoStatus>();

  const emit = () => {
    snap = summarize(items);
    for (const listener of listeners) listener();
  };
  const update = (ids: ReadonlySet<string>, change: (item: UploadItem) => UploadItem) => {
    items = items.map((item) => (ids.has(item.id) ? change(item) : item));
    emit();
  };
  const idsOf = (batch: UploadItem[]) => new Set(batch.map((item) => item.id));

  // --- sending -------------------------------------------------------------------------------

  /** The first queued file's event, and the queued files of that event after it, up to the caps. */
  const nextBatch = (): UploadItem[] => {
    const first = items.find((item) => item.state === 'queued');
    if (!first) return [];
    const batch: UploadItem[] = [];
    let bytes = 0;
    for (const item of items) {
      if (item.state !== 'queued' || item.eventId !== first.eventId) continue;
      if (batch.length >= batchFiles) break;
      if (batch.length > 0 && bytes + item.file.size > batchBytes) break;
      batch.push(item);
      bytes += item.file.size;
    }
    return batch;
  };

  const pump = () => {
    while (inFlight < concurrency) {
      const batch = nextBatch();
      if (batch.length === 0) return;
      inFlight += 1;
      update(idsOf(batch), (item) => ({ ...item, state: 'uploading', sent: 0 }));
      void sendBatch(batch.map((item) => item.id)).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  const formFor = (batch: UploadItem[]) => {
    const form = new FormData();
    // Metadata first: the server matches each file to its entry by the file's name.
    form.append(
      'metadata',
      JSON.stringify(batch.map((item) => ({ client_id: item.id, ...cleanOptions(item.options) }))),
    );
    for (const item of batch) form.append('images', item.file, item.id);
    return form;
  };

  /** Spreads the request's sent bytes over its files in order, as the body carries them. */
  const progressOf = (ids: string[]) => (loaded: number, total: number) => {
    const batch = ids.map((id) => items.find((item) => item.id === id)).filter((i) => i !== undefined);
    const fileBytes = batch.reduce((sum, item) => sum + item.file.size, 0);
    let covered = total > 0 ? (Math.min(loaded, total) / total) * fileBytes : 0;
    const sent = new Map<string, number>();
    for (const item of batch) {
      sent.set(item.id, Math.min(item.file.size, Math.max(0, covered)));
      covered -= item.file.size;
    }
    update(new Set(ids), (item) =>
      item.state === 'uploading' ? { ...item, sent: sent.get(item.id) ?? 0 } : item,
    );
  };

  const failAll = (ids: string[], reason: string) =>
    update(new Set(ids), (item) => ({ ...item, state: 'failed', sent: 0, error: reason, canRetry: true }));

  async function sendBatch(ids: string[]) {
    const batch = () => items.filter((item) => ids.includes(item.id));
    const first = batch()[0];
    if (!first) return;
    const url = BULK_UPLOAD_PATH(first.eventId);
    const body = formFor(batch());
    let token = deps.session.snapshot().access ?? (await deps.session.refresh());
    let refreshed = false;
    let throttled = 0;
    for (;;) {
      let response: UploadResponse;
      try {
        response = await deps.transport({ url, body, token, onProgress: progressOf(ids) });
      } catch {
        failAll(ids, OFFLINE_REASON);
        return;
      }
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        token = await deps.session.refreshAfter(token);
        if (token) {
          update(new Set(ids), (item) => ({ ...item, sent: 0 }));
          continue;
        }
      }
      if (response.status === 429 && throttled < MAX_THROTTLED_TRIES) {
        throttled += 1;
        update(new Set(ids), (item) => ({ ...item, state: 'waiting', sent: 0 }));
        await wait(retryAfterMs(response.retryAfter));
        update(new Set(ids), (item) => ({ ...item, state: 'uploading' }));
        continue;
      }
      if (response.status === 413 && errorCode(response.body) === 'too_many_files' && ids.length > 1) {
        // This server takes fewer files per request than we thought: halve and queue them again.
        batchFiles = Math.max(1, Math.floor(ids.length / 2));
        update(new Set(ids), (item) => ({ ...item, state: 'queued', sent: 0 }));
        return;
      }
      if (response.status === 207) {
        applyResults(ids, response.body);
        return;
      }
      failAll(ids, toApiError(response.status, response.body, response.retryAfter).message);
      return;
    }
  }

  function applyResults(ids: string[], body: unknown) {
    const results = new Map<string, BulkResult>();
    for (const result of (body as { results?: BulkResult[] } | null)?.results ?? []) {
      results.set(result.client_id, result);
    }
    let created = false;
    update(new Set(ids), (item) => {
      const result = results.get(item.id);
      if (!result) return { ...item, state: 'failed', sent: 0, error: NO_ANSWER_REASON, canRetry: true };
      if (result.status === 'error' || !result.photo_id) {
        return {
          ...item,
          state: 'failed',
          sent: 0,
          error: describeUploadError(result.error),
          canRetry: true,
        };
      }
      const uploaded = { ...item, sent: item.file.size, photoId: result.photo_id, error: null };
      if (result.status === 'duplicate') return { ...uploaded, state: 'done', duplicate: true };
      created = true;
      const early = heardEarly.get(result.photo_id);
      heardEarly.delete(result.photo_id);
      return withStatus({ ...uploaded, state: 'processing' }, early);
    });
    const eventId = items.find((item) => item.id === ids[0])?.eventId;
    if (created && eventId) deps.onPhotosChanged?.(eventId);
    watchProcessing();
  }

  // --- processing ----------------------------------------------------------------------------

  const statusHeard = (photoId: string, status: PhotoStatus) => {
    const item = items.find((i) => i.photoId === photoId && i.state === 'processing');
    if (!item) {
      if (status === 'CO' || status === 'FA') {
        heardEarly.set(photoId, status);
        // Only recent news matters; keep the map from growing for photos that are not ours here.
        if (heardEarly.size > 500) heardEarly.delete(heardEarly.keys().next().value as string);
      }
      return;
    }
    const next = withStatus(item, status);
    if (next === item) return;
    update(new Set([item.id]), () => next);
    if (next.state === 'done') photosChangedSoon(item.eventId);
  };

  deps.live?.subscribe((message) => {
    if (message.type === 'photo_status') statusHeard(message.photo_id, message.status);
  });

  // Processing news arrives photo by photo; the lists are refreshed once a second at most.
  const changedEvents = new Set<string>();
  let changedTimer: ReturnType<typeof setTimeout> | undefined;
  const photosChangedSoon = (eventId: string) => {
    changedEvents.add(eventId);
    if (changedTimer) return;
    changedTimer = setTimeout(() => {
      changedTimer = undefined;
      for (const id of changedEvents) deps.onPhotosChanged?.(id);
      changedEvents.clear();
    }, 1000);
  };

  // The socket may have been down while a photo finished: ask the API now and then.
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  function watchProcessing() {
    const processing = items.some((item) => item.state === 'processing');
    if (!deps.checkStatus || !processing) {
      clearInterval(pollTimer);
      pollTimer = undefined;
      return;
    }
    pollTimer ??= setInterval(async () => {
      for (const item of items.filter((i) => i.state === 'processing' && i.photoId)) {
        const status = await deps.checkStatus?.(item.photoId as string).catch(() => null);
        if (status) statusHeard(item.photoId as string, status);
      }
      watchProcessing();
    }, deps.statusPollMs ?? 15_000);
  }

  // --- the public face -----------------------------------------------------------------------

  return {
    add(eventId, files) {
      const added = files.map(
        ({ file, options }): UploadItem => ({
          id: `${newId()}${extensionOf(file)}`,
          eventId,
          file,
          options,
          state: 'queued',
          sent: 0,
          photoId: null,
          duplicate: false,
          error: null,
          canRetry: false,
        }),
      );
      items = [...items, ...added];
      emit();
      pump();
      return added.map((item) => item.id);
    },
    retry(id) {
      const item = items.find((i) => i.id === id);
      if (item?.state !== 'failed' || !item.canRetry) return;
      update(new Set([id]), (i) => ({ ...i, state: 'queued', error: null, sent: 0 }));
      pump();
    },
    retryFailed() {
      const failed = items.filter((i) => i.state === 'failed' && i.canRetry);
      if (failed.length === 0) return;
      update(idsOf(failed), (i) => ({ ...i, state: 'queued', error: null, sent: 0 }));
      pump();
    },
    remove(id) {
      const item = items.find((i) => i.id === id);
      if (!item || (item.state !== 'queued' && item.state !== 'failed')) return;
      items = items.filter((i) => i.id !== id);
      emit();
    },
    clearFinished() {
      items = items.filter((i) => i.state !== 'done' && i.state !== 'failed');
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => snap,
  };
}

interface BulkResult {
  client_id: string;
  photo_id: string | null;
  status: 'created' | 'duplicate' | 'error';
  error: string | Record<string, string[]> | null;
}

function withStatus(item: UploadItem, status: PhotoStatus | undefined): UploadItem {
  if (status === 'CO') return { ...item, state: 'done' };
  if (status === 'FA') return { ...item, state: 'failed', error: PROCESSING_FAILED, canRetry: false };
  return item;
}

function summarize(items: UploadItem[]): UploadSnapshot {
  const summary: UploadSummary = {
    total: items.length,
    finished: 0,
    done: 0,
    failed: 0,
    active: 0,
    bytesSent: 0,
    bytesTotal: 0,
    progress: 0,
  };
  for (const item of items) {
    if (item.state === 'done') summary.done += 1;
    else if (item.state === 'failed') summary.failed += 1;
    else summary.active += 1;
    if (item.state === 'done' || item.state === 'failed' || item.state === 'processing')
      summary.finished += 1;
    if (item.state === 'failed') continue;
    summary.bytesTotal += item.file.size;
    summary.bytesSent += item.sent;
  }
  summary.progress = summary.bytesTotal > 0 ? summary.bytesSent / summary.bytesTotal : 0;
  return { items, summary };
}

/** Empty choices are left out, so the server's defaults apply. */
function cleanOptions(options: UploadOptions) {
  return {
    read_perm: options.read_perm,
    share_perm: options.share_perm,
    ...(options.user_tags.length ? { user_tags: options.user_tags } : {}),
    ...(options.tagged_usernames.length ? { tagged_usernames: options.tagged_usernames } : {}),
    ...(options.caption.trim() ? { caption: options.caption.trim() } : {}),
  };
}

const TYPE_EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'image/heic': '.heic',
  'image/avif': '.avif',
};

/** The original's extension, lower case (the server names the stored original after it). */
export function extensionOf(file: File): string {
  const match = /\.([a-z0-9]{1,8})$/i.exec(file.name);
  return match ? `.${match[1]?.toLowerCase()}` : (TYPE_EXTENSIONS[file.type] ?? '');
}

/** A per-file error as the server gave it (a sentence, or field errors), as one readable line. */
export function describeUploadError(error: string | Record<string, string[]> | null | undefined): string {
  if (!error) return 'The server refused this photo.';
  if (typeof error === 'string') return error;
  const lines = Object.entries(error).map(([field, messages]) => {
    const text = messages.join(' ');
    if (field === 'non_field_errors') return text;
    const name = field.replaceAll('_', ' ');
    return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${text}`;
  });
  return lines.join(' ') || 'The server refused this photo.';
}

function retryAfterMs(header: string | null): number {
  const seconds = header && /^\d+$/.test(header) ? Number(header) : 5;
  return Math.min(Math.max(seconds, 1), 300) * 1000;
}

function errorCode(body: unknown): string | null {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** The real transport: XMLHttpRequest, since fetch reports no upload progress. */
export const xhrTransport: UploadTransport = ({ url, body, token, onProgress }) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = null;
      }
      resolve({ status: xhr.status, body: parsed, retryAfter: xhr.getResponseHeader('retry-after') });
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new Error('aborted'));
    xhr.ontimeout = () => reject(new Error('timeout'));
    xhr.send(body);
  });
