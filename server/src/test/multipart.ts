import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { Harness, TestUser } from './harness.js';

/** A part of a multipart/form-data body: a text field, or a file with a name and bytes. */
export type FormPart =
  | { name: string; value: string }
  | { name: string; filename: string; data: Buffer; type?: string };

/** Encodes a multipart/form-data body the way a browser or the Flutter client sends one. */
export function multipartBody(parts: FormPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----pixeli${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('data' in part) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
            `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.data,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * Uploads real JPEGs (paths or bytes) to an event in one bulk upload and waits until the queue is
 * idle, so each photo's variants and, with ML on, its analysis are done. Resolves to the photo ids.
 */
export async function uploadJpegs(h: Harness, who: TestUser, eventId: string, images: (string | Buffer)[]) {
  const parts = await Promise.all(
    images.map(async (image, i) => ({
      name: 'images',
      filename: `p${i}.jpg`,
      data: typeof image === 'string' ? await readFile(image) : image,
      type: 'image/jpeg',
    })),
  );
  const { payload, headers } = multipartBody(parts);
  const res = await h.app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/photos/bulk-upload/`,
    payload,
    headers: { ...headers, authorization: `Bearer ${who.access}` },
  });
  expect(res.statusCode, res.body).toBe(207);
  await h.ctx.queue.idle();
  return (res.json().results as { photo_id: string }[]).map((r) => r.photo_id);
}
