import type { ShareVariant } from '@pixeli/contract';
import type { DbOrTx } from '../db/client.js';
import { canReadPhoto, canSeeOriginal, canSharePhoto, isPhotoStaff, type PhotoFacts } from './photos.js';
import { loadPhotoContexts, photoFacts } from './subjects.js';
import { type AccessViewer, isAdmin } from './viewer.js';

/** Who may revoke a share link: its creator, the photo's photographer, the event's coordinator, or an admin. */
export const canRevokeShare = (
  v: AccessViewer,
  link: { createdById: string; photographerId: string; coordinatorId: string | null },
) =>
  isAdmin(v) ||
  link.createdById === v.id ||
  link.photographerId === v.id ||
  (link.coordinatorId !== null && link.coordinatorId === v.id);

/** Who may see every live link to a photo (and so revoke any): the people who answer for it. */
export const canManageShares = (v: AccessViewer, p: PhotoFacts) => isPhotoStaff(v, p);

/**
 * A link lives only while its creator could still make it: read the photo, share it under its
 * `share_perm`, and for a link to the original, have the original. Checked on every open, so a link
 * whose creator lost these rights is dead, and lives again if they come back.
 */
export const canShareLinkLive = (creator: AccessViewer, p: PhotoFacts, variant: ShareVariant) =>
  canReadPhoto(creator, p) && canSharePhoto(creator, p) && (variant !== 'O' || canSeeOriginal(creator, p));

/** `canShareLinkLive` for a stored link, on the photo's facts as its creator sees them now. */
export async function shareLinkStillAllowed(
  db: DbOrTx,
  creator: AccessViewer & { isActive: boolean },
  photoId: string,
  variant: ShareVariant,
): Promise<boolean> {
  // A deactivated account can read nothing, so what it shared stops with it.
  if (!creator.isActive) return false;
  const viewer = { id: creator.id, role: creator.role };
  const [found] = await loadPhotoContexts(db, viewer, [photoId]);
  return found !== undefined && canShareLinkLive(viewer, photoFacts(found), variant);
}
