import { z } from 'zod';
import { MiniUser } from './accounts.js';
import { DateTimeInput, Timestamp, Uuid } from './common.js';

export const SHARE_VARIANTS = ['W', 'O'] as const;
export const ShareVariant = z.enum(SHARE_VARIANTS);
export type ShareVariant = z.infer<typeof ShareVariant>;

export const ShareCreateBody = z.object({
  /** `W` the watermarked copy (default), `O` the original: only for people allowed originals. */
  variant_key: ShareVariant.default('W'),
  expires_at: DateTimeInput,
  password: z.string().min(4).max(128).optional(),
});
export type ShareCreateBody = z.infer<typeof ShareCreateBody>;

export const ShareRead = z
  .object({
    id: Uuid,
    photo: Uuid,
    variant_key: ShareVariant,
    expires_at: Timestamp,
    has_password: z.boolean(),
    opens: z.number().int(),
    revoked: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'ShareRead' });

/** A live link to a photo, as its photographer, the coordinator and admins see it: never its token. */
export const PhotoShareRead = ShareRead.extend({ created_by: MiniUser }).meta({ id: 'PhotoShareRead' });

/** Returned once, at creation: the token is never shown again. */
export const ShareCreated = ShareRead.extend({ token: z.string(), share_url: z.string() });

/** What an opened link shows, without an account: public fields only, no EXIF. */
export const SharedPhoto = z
  .object({
    photo: z.object({
      id: Uuid,
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
      timestamp: Timestamp,
      caption: z.string(),
      thumbhash: z.string().nullable(),
      event_title: z.string(),
      photographer: MiniUser,
    }),
    variant_key: ShareVariant,
    expires_at: Timestamp,
    /** Short-lived: fetch it now; open the link again for a new one. */
    url: z.string(),
  })
  .meta({ id: 'SharedPhoto' });
