import { z } from 'zod';
import { PhotoList } from './photos.js';

/** A find-me hit: the photo as a tile, and how like the face it is (cosine similarity, -1..1). */
export const FindMeMatch = PhotoList.extend({ similarity: z.number() }).meta({ id: 'FindMeMatch' });
export type FindMeMatch = z.infer<typeof FindMeMatch>;
