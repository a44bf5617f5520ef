import path from 'node:path';
import {
  BulkUploadReply,
  DownloadQuery,
  EventPhotosQuery,
  ListQuery,
  PhotoList,
  PhotoPatchBody,
  PhotoRead,
  PhotoSearchPage,
  PhotoSearchQuery,
  SEARCH_COUNT_AT_MOST,
} from '@pixeli/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessViewer } from '../../access/viewer.js';
import { publicBaseUrl } from '../../config.js';
import { requireViewer } from '../../http/auth.js';
import { type MultipartOptions, withMultipart } from '../../http/multipart.js';
import { listLimit, pageOf } from '../../http/pagination.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { SNIFF_BYTES } from '../media/service.js';
import { presentListedPhoto } from './present.js';
import type { ListedPhoto } from './service.js';
import * as photos from './service.js';

const tags = ['photos'];
const PhotoParams = z.object({ id: z.uuid() });
const MULTIPART_NOTE = 'multipart/form-data; see the README for the fields.';

export async function photoRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const uploads: MultipartOptions = {
    tempDir: path.join(ctx.config.DATA_DIR, 'tmp', 'uploads'),
    maxFiles: ctx.config.UPLOAD_MAX_FILES,
    headBytes: SNIFF_BYTES,
  };

  /** A page of photo contexts as `PhotoList` items, and the path of the next page if any. */
  const presentPage = async (
    req: FastifyRequest,
    viewer: AccessViewer,
    rows: (ListedPhoto & { cursorAt: string })[],
    limit: number,
  ) => {
    const { page, next } = pageOf(req, rows, limit, (r) => [r.cursorAt, r.photo.id]);
    const results = await Promise.all(page.map((c) => presentListedPhoto(ctx, viewer, c)));
    return { results, next };
  };

  /** A page of photo contexts as a JSON array, with the next page in the `Link` header. */
  const listReply = async (
    req: FastifyRequest,
    reply: FastifyReply,
    viewer: AccessViewer,
    rows: (ListedPhoto & { cursorAt: string })[],
    limit: number,
  ) => {
    const { results, next } = await presentPage(req, viewer, rows, limit);
    if (next) reply.header('link', `<${next}>; rel="next"`);
    return results;
  };

  const readReply = async (viewer: AccessViewer, id: string) => photos.presentOnePhoto(ctx, viewer, id);

  const lists = [
    ['/api/photos/', 'mine', 'Photos I uploaded, newest first'],
    ['/api/photos/feed/', 'feed', 'Every photo I may see, newest first (the home feed)'],
    ['/api/photos/photos-tagged-in/', 'tagged', 'Photos I am tagged in that I may see'],
  ] as const;
  for (const [url, kind, summary] of lists) {
    app.get(url, {
      config: { etag: true },
      schema: {
        tags,
        summary,
        security: bearerAuth,
        querystring: ListQuery,
        response: { 200: z.array(PhotoList), ...errorReplies(400, 401) },
      },
      handler: async (req, reply) => {
        const viewer = await requireViewer(req);
        const limit = listLimit(req.query, ctx.config);
        const rows = await photos.listPhotos(ctx, viewer, kind, { ...req.query, limit });
        return listReply(req, reply, viewer, rows, limit);
      },
    });
  }

  app.get('/api/photos/search/', {
    schema: {
      tags,
      summary: 'Search the photos I may see (repeat tags=; tags_mode=all to need every tag)',
      description:
        "The original's page shape: `count` (exact up to 1000, then 1000), `next` (the next page's URL, " +
        'also in the `Link` header), `previous` (always null) and `results`.',
      security: bearerAuth,
      querystring: PhotoSearchQuery,
      response: { 200: PhotoSearchPage, ...errorReplies(400, 401) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      const limit = listLimit(req.query, ctx.config);
      const rows = await photos.searchPhotos(ctx, viewer, { ...req.query, limit });
      const { results, next } = await presentPage(req, viewer, rows, limit);
      // The first page that holds everything has its count already; otherwise count, boundedly.
      const count =
        !next && !req.query.cursor
          ? results.length
          : await photos.countSearchPhotos(ctx, viewer, req.query, SEARCH_COUNT_AT_MOST);
      if (next) reply.header('link', `<${next}>; rel="next"`);
      return {
        count,
        next: next ? `${publicBaseUrl(ctx.config)}${next}` : null,
        previous: null,
        results,
      };
    },
  });

  app.get('/api/events/:id/photos/', {
    config: { etag: true },
    schema: {
      tags,
      summary: "An event's gallery (404 for an event I may not know of)",
      security: bearerAuth,
      params: PhotoParams,
      querystring: EventPhotosQuery,
      response: { 200: z.array(PhotoList), ...errorReplies(400, 401, 404) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      const limit = listLimit(req.query, ctx.config);
      const rows = await photos.listEventPhotos(ctx, viewer, req.params.id, { ...req.query, limit });
      return listReply(req, reply, viewer, rows, limit);
    },
  });

  app.post('/api/events/:id/photos/bulk-upload/', {
    schema: {
      tags,
      summary: 'Upload many photos into an event; each file gets its own result (207)',
      description: `${MULTIPART_NOTE} Files under "images"; "metadata" is a JSON list of {client_id (the file name), read_perm, share_perm, timestamp, user_tags, tagged_usernames, caption}.`,
      security: bearerAuth,
      params: PhotoParams,
      response: { 207: BulkUploadReply, ...errorReplies(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      // Refused before the body is read: a stranger's upload is not streamed to disk first.
      const event = await photos.writableEvent(ctx, viewer, req.params.id);
      const results = await withMultipart(req, uploads, (upload) =>
        photos.bulkUpload(ctx, viewer, event, upload),
      );
      return reply.code(207).send(results);
    },
  });

  app.post('/api/photos/', {
    schema: {
      tags,
      summary: 'Upload one photo into an event',
      description: `${MULTIPART_NOTE} "image" (the file), "event" (its id), and optional read_perm, share_perm, timestamp, caption, user_tags (JSON list), tagged_usernames (repeated).`,
      security: bearerAuth,
      response: { 201: PhotoRead, 200: PhotoRead, ...errorReplies(400, 401, 403, 404, 429) },
    },
    handler: async (req, reply) => {
      const viewer = await requireViewer(req);
      const outcome = await withMultipart(req, uploads, (upload) => photos.singleUpload(ctx, viewer, upload));
      // The same bytes again answer with the photo already there.
      return reply
        .code(outcome.status === 'created' ? 201 : 200)
        .send(await readReply(viewer, outcome.photoId));
    },
  });

  app.get('/api/photos/:id/', {
    schema: {
      tags,
      summary: 'One photo (404 when I may not see it)',
      security: bearerAuth,
      params: PhotoParams,
      response: { 200: PhotoRead, ...errorReplies(401, 404) },
    },
    handler: async (req) => readReply(await requireViewer(req), req.params.id),
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/api/photos/:id/',
      schema: {
        tags,
        summary: 'Change a photo (its photographer or an admin; only the fields given)',
        security: bearerAuth,
        params: PhotoParams,
        body: PhotoPatchBody,
        response: { 200: PhotoRead, ...errorReplies(400, 401, 403, 404, 409) },
      },
      handler: async (req) => {
        const viewer = await requireViewer(req);
        await photos.updatePhoto(ctx, viewer, req.params.id, req.body);
        return photos.presentOnePhoto(ctx, viewer, req.params.id);
      },
    });
  }

  app.delete('/api/photos/:id/', {
    schema: {
      tags,
      summary: 'Delete a photo and its files (photographer, coordinator or admin)',
      security: bearerAuth,
      params: PhotoParams,
      response: { 204: z.null(), ...errorReplies(401, 403, 404) },
    },
    handler: async (req, reply) => {
      await photos.deletePhoto(ctx, await requireViewer(req), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/photos/:id/download/', {
    schema: {
      tags,
      summary: 'Download the original or the watermarked copy (redirects to a short-lived URL)',
      security: bearerAuth,
      params: PhotoParams,
      querystring: DownloadQuery,
      response: { 302: z.null(), ...errorReplies(401, 403, 404, 409) },
    },
    handler: async (req, reply) => {
      const url = await photos.downloadUrl(ctx, await requireViewer(req), req.params.id, req.query.variant);
      return reply.redirect(url, 302);
    },
  });
}
