import {
  FIND_ME_FIELD,
  FindMeMatch,
  PeopleParams,
  PersonLinkBody,
  PersonParams,
  PersonRead,
} from '@pixeli/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { requireViewer } from '../../http/auth.js';
import { bearerAuth, errorReplies } from '../../http/responses.js';
import { type FindMeQuery, findMe } from './find-me.js';
import { linkPerson, listPeople, unlinkPerson } from './people-service.js';

const tags = ['people'];

export async function mlRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/events/:id/people/', {
    schema: {
      tags,
      summary: "The event's people (faces grouped), counted over the photos I may see",
      security: bearerAuth,
      params: PeopleParams,
      response: { 200: z.array(PersonRead), ...errorReplies(400, 401, 403, 404) },
    },
    handler: async (req) => listPeople(ctx, await requireViewer(req), req.params.id),
  });

  app.post('/api/events/:id/people/:pid/link/', {
    schema: {
      tags,
      summary: 'Name a person: link them to an account (staff), or to myself ({"me": true})',
      description:
        'An account linked to another person of the event already: this person is merged into that one, and the answer is the person kept (its id differs from the one asked about).',
      security: bearerAuth,
      params: PersonParams,
      body: PersonLinkBody,
      response: { 200: PersonRead, ...errorReplies(400, 401, 403, 404, 409) },
    },
    handler: async (req) =>
      linkPerson(ctx, await requireViewer(req), req.params.id, req.params.pid, req.body),
  });

  app.delete('/api/events/:id/people/:pid/link/', {
    schema: {
      tags,
      summary: "Remove a person's link (staff, or the linked account)",
      security: bearerAuth,
      params: PersonParams,
      response: { 204: z.null(), ...errorReplies(400, 401, 403, 404) },
    },
    handler: async (req, reply) => {
      await unlinkPerson(ctx, await requireViewer(req), req.params.id, req.params.pid);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/events/:id/find-me/', {
    schema: {
      tags,
      summary: 'Photos of me in this event, best match first: from a selfie, or from my linked person',
      description: `multipart/form-data with one picture under "${FIND_ME_FIELD}" (read in memory, never stored), or no body to use the person I am linked to here.`,
      security: bearerAuth,
      params: PeopleParams,
      response: { 200: z.array(FindMeMatch), ...errorReplies(400, 401, 403, 404, 409, 413, 415, 429, 503) },
    },
    handler: async (req) => {
      const viewer = await requireViewer(req);
      const query: FindMeQuery = req.isMultipart()
        ? { selfie: await readSelfie(req, ctx.config.FIND_ME_MAX_BYTES) }
        : { linked: true };
      return findMe(ctx, viewer, req.params.id, query);
    },
  });
}

/**
 * The one picture of a find-me form, held in memory only: it never touches the disk, and is
 * dropped with the request. Other fields and files are read past.
 */
async function readSelfie(req: FastifyRequest, maxBytes: number): Promise<Buffer> {
  let selfie: Buffer | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (selfie || part.fieldname !== FIND_ME_FIELD) {
        part.file.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        size += (chunk as Buffer).length;
        if (size > maxBytes)
          throw new AppError(413, 'too_large', `Send a picture of at most ${maxBytes} bytes.`);
        chunks.push(chunk as Buffer);
      }
      selfie = Buffer.concat(chunks);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(400, 'malformed_upload', 'The picture is not a well-formed multipart form.');
  }
  if (!selfie || selfie.length === 0) {
    throw new AppError(400, 'selfie_required', `Send one picture under "${FIND_ME_FIELD}".`);
  }
  return selfie;
}
