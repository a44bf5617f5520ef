import { isPhotoStaff, type PhotoFacts } from './photos.js';
import type { AccessViewer } from './viewer.js';

/**
 * Comment permissions. Reading and writing comments needs read access to the photo (checked by
 * the caller through `canReadPhoto`); these rules are about one comment.
 */
export interface CommentFacts {
  authorId: string | null;
  deleted: boolean;
}

/** Only the author edits their words. */
export const canEditComment = (v: AccessViewer, c: CommentFacts) => !c.deleted && c.authorId === v.id;

/** The author, and the people who answer for the photo: its photographer, coordinator, admins. */
export const canDeleteComment = (v: AccessViewer, c: CommentFacts, photo: PhotoFacts) =>
  !c.deleted && (c.authorId === v.id || isPhotoStaff(v, photo));
