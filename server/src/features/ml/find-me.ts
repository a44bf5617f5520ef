import type { FindMeMatch } from '@pixeli/contract';
import { requireEventFaces } from '../../access/people.js';
import type { AccessViewer } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { AppError, forbidden, tooManyRequests } from '../../errors.js';
import { sniffImageType } from '../media/service.js';
import { presentListedPhoto } from '../photos/present.js';
import { loadListedPhotos } from '../photos/service.js';
import { vectorFromBytes } from './face-vectors.js';
import { linkableUser, personLinkedTo } from './faces-repo.js';
import { nearestPhotos } from './find-me-search.js';
import { selfieEmbedderOf } from './selfie.js';

/**
 * "Find my photos": the event's photos the caller may read that hold a face like theirs, best
 * first. The face is a selfie's (embedded in memory by the face model, then dropped with the
 * request) or, without one, the person the caller is linked to in this event.
 */

const HOUR_S = 60 * 60;

export type FindMeQuery = { selfie: Buffer } | { linked: true };

export async function findMe(
  ctx: AppContext,
  v: AccessViewer,
  eventId: string,
  query: FindMeQuery,
): Promise<FindMeMatch[]> {
  const decision = await ctx.limiter.hit(`find-me:${v.id}`, ctx.config.RATE_FIND_ME_PER_HOUR, HOUR_S);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfterS);
  await requireEventFaces(ctx, v, eventId);
  const me = await linkableUser(ctx.database.db, v.id);
  if (!me?.faceMatching) {
    throw forbidden(
      'face_matching_off',
      'You have turned face matching off; turn it on in your profile first.',
    );
  }
  const search =
    'selfie' in query
      ? { faces: [await embedSelfie(ctx, query.selfie)], ownPersonId: undefined }
      : await linkedFaces(ctx, v, eventId);
  const hits = await nearestPhotos(ctx, v, eventId, search.faces, search.ownPersonId);
  const rows = new Map(
    (
      await loadListedPhotos(
        ctx,
        v,
        hits.map((h) => h.photoId),
      )
    ).map((r) => [r.photo.id, r]),
  );
  return Promise.all(
    hits.flatMap((h) => {
      const row = rows.get(h.photoId);
      return row ? [presentListedPhoto(ctx, v, row).then((p) => ({ ...p, similarity: h.similarity }))] : [];
    }),
  );
}

async function embedSelfie(ctx: AppContext, image: Buffer): Promise<Float32Array> {
  // A context may bring its own (tests); otherwise the face models of this process, unless ML=off.
  const embed = ctx.embedSelfie ?? selfieEmbedderOf(ctx);
  if (!embed) {
    throw new AppError(503, 'face_model_unavailable', 'Finding photos by a selfie is not available here.');
  }
  const type = sniffImageType(image);
  if (!type || type === 'heic') {
    throw new AppError(415, 'unsupported_image', 'Send a JPEG, PNG, WebP or AVIF picture.');
  }
  const embedding = await embed(image);
  if (!embedding) throw new AppError(400, 'no_face', 'No face was found in this picture. Try another.');
  return embedding;
}

async function linkedFaces(ctx: AppContext, v: AccessViewer, eventId: string) {
  const person = await personLinkedTo(ctx.database.db, eventId, v.id);
  if (!person) {
    throw new AppError(
      409,
      'not_linked',
      'You are not linked to a person in this event: send a selfie, or say "this is me" on a person.',
    );
  }
  return { faces: [vectorFromBytes(person.centroid)], ownPersonId: person.id };
}
