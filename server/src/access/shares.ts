import { type AccessViewer, isAdmin } from './viewer.js';

/** Who may revoke a share link: its creator, the photo's photographer, or an admin. */
export const canRevokeShare = (v: AccessViewer, link: { createdById: string; photographerId: string }) =>
  isAdmin(v) || link.createdById === v.id || link.photographerId === v.id;
