import { forbidden } from '../errors.js';
import type { AccessViewer } from './viewer.js';

/** Site-wide roles. Resource rules (events, photos) build on these in their own files. */

export const isSiteAdmin = (viewer: Pick<AccessViewer, 'role'>) => viewer.role === 'admin';

export function requireSiteAdmin(viewer: Pick<AccessViewer, 'role'>): void {
  if (!isSiteAdmin(viewer)) throw forbidden('admin_only', 'Only site administrators may do this.');
}
