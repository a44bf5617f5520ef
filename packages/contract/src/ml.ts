import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { Uuid } from './common.js';

/** Faces, people and find-me (issue 13). */

/** Where a photo's analysis stands: separate from its status, so a slow or failed one never hides it. */
export const ANALYSIS_STATES = ['pending', 'done', 'failed', 'off'] as const;
export const AnalysisState = z.enum(ANALYSIS_STATES);
export type AnalysisState = z.infer<typeof AnalysisState>;

/** A box as fractions (0..1) of the image's width and height, so it fits every variant. */
export const FaceBox = z
  .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
  .meta({ id: 'FaceBox' });

/** A face in a photo's answer: its box, its person, and the account linked to that person (if any). */
export const PhotoFace = z
  .object({
    box: FaceBox,
    person_id: Uuid.nullable(),
    user: MiniUser.nullable(),
  })
  .meta({ id: 'PhotoFace' });
export type PhotoFace = z.infer<typeof PhotoFace>;

/** One person of an event: counts cover only the photos the caller may see. */
export const PersonRead = z
  .object({
    id: Uuid,
    /** The linked account's name, else null (an unnamed person). */
    name: z.string().nullable(),
    user: MiniUser.nullable(),
    photos_count: z.number().int(),
    /** A signed URL of a square crop of their best face. */
    face_url: z.string().nullable(),
  })
  .meta({ id: 'PersonRead' });
export type PersonRead = z.infer<typeof PersonRead>;

/** Link a person to an account: another account (`user_id`, staff only) or oneself (`me`). */
export const PersonLinkBody = z.union([
  z.object({ user_id: Uuid }).strict(),
  z.object({ me: z.literal(true) }).strict(),
]);
export type PersonLinkBody = z.infer<typeof PersonLinkBody>;

export const PeopleParams = z.object({ id: Uuid });
export const PersonParams = z.object({ id: Uuid, pid: Uuid });

/** The field a selfie is sent under. */
export const FIND_ME_FIELD = 'selfie';
