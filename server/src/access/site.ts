import { forbidden } from '../errors.js';
import type { Viewer } from '../plugins/auth.js';

/** Site-wide roles. Resource rules (events, photos) build on these in their own files. */

export const isSiteAdmin = (viewer: Pick<Viewer, 'role'>) => viewer.role === 'admin';

export function requireSiteAdmin(viewer: Pick<Viewer, 'role'>): void {
  if (!isSiteAdmin(viewer)) throw forbidden('admin_only', 'Only site administrators may do this.');
}
