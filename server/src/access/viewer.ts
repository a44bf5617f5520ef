import type { SiteRole } from '@pixeli/contract';

/** What every permission rule needs to know about the person asking. */
export interface AccessViewer {
  id: string;
  role: SiteRole;
}

/** Site administrators: every rule lets them through. The one place this role is tested. */
export const isAdmin = (v: Pick<AccessViewer, 'role'>) => v.role === 'admin';

/**
 * The server acting on its own behalf (background jobs, invite previews): sees everything, and its
 * id matches no person's row.
 */
export const SYSTEM_VIEWER: AccessViewer = { id: '00000000-0000-0000-0000-000000000000', role: 'admin' };
