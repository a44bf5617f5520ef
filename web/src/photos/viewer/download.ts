import type { PhotoRead } from '@pixeli/contract';
import { api } from '../../app/services';
import { endpoints } from '../../lib/api/endpoints';
import { toApiError } from '../../lib/api/errors';
import { downloadFileName } from './fileName';

/**
 * Saves a photo to the device: the original when this viewer may have it, else the watermarked
 * copy. The API answers a redirect to a short-lived signed URL; the blob is read here (with
 * progress when the size is known) and handed to an `<a download>` with a readable name.
 */
export async function downloadPhoto(
  photo: Pick<PhotoRead, 'id' | 'event_title' | 'timestamp' | 'original_url'>,
  onProgress: (fraction: number | null) => void,
): Promise<string> {
  const variant = photo.original_url ? 'original' : 'watermarked';
  const url = `${endpoints.photos.download.path({ id: photo.id })}?variant=${variant}`;
  const response = await api.authorizedFetch(url);
  if (!response.ok) {
    throw toApiError(
      response.status,
      await response.json().catch(() => null),
      response.headers.get('retry-after'),
    );
  }
  const blob = await readWithProgress(response, onProgress);
  const name = downloadFileName(
    photo.event_title,
    photo.timestamp,
    blob.type || response.headers.get('content-type'),
  );
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file; the URL can go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

async function readWithProgress(
  response: Response,
  onProgress: (fraction: number | null) => void,
): Promise<Blob> {
  const total = Number(response.headers.get('content-length')) || 0;
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || !total) {
    onProgress(null);
    return response.blob();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress(Math.min(1, received / total));
  }
  return new Blob(chunks, { type });
}
