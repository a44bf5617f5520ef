import type { EventRead } from '@pixeli/contract';
import { canManageEvent, canWriteEvent } from '../../access/events.js';
import { type EventWithRole, eventFacts } from '../../access/subjects.js';
import { type AccessViewer, isAdmin } from '../../access/viewer.js';
import type { AppContext } from '../../context.js';
import { toMiniUser } from '../accounts/present.js';
import { findUsersByIds } from '../accounts/service.js';
import { variantKey } from '../photos/service.js';
import * as repo from './repo.js';

function myRole(v: AccessViewer, e: EventWithRole): EventRead['my_role'] {
  if (e.coordinatorId === v.id) return 'coordinator';
  if (e.memberRole) return e.memberRole;
  return isAdmin(v) ? 'admin' : null;
}

/**
 * EventRead for a page of events, in a fixed number of queries whatever the page size: visible
 * photo counts, covers, coordinators and member counts are each fetched once for the whole page.
 */
export async function presentEvents(
  ctx: AppContext,
  v: AccessViewer,
  rows: EventWithRole[],
): Promise<EventRead[]> {
  const db = ctx.database.db;
  const ids = rows.map((e) => e.id);
  const coordinatorIds = [
    ...new Set(rows.map((e) => e.coordinatorId).filter((id): id is string => id !== null)),
  ];
  const [counts, covers, coordinators, members] = await Promise.all([
    repo.visiblePhotoCounts(db, v, ids),
    repo.visibleCovers(db, v, ids),
    findUsersByIds(db, coordinatorIds),
    repo.memberCounts(db, ids),
  ]);
  return Promise.all(
    rows.map(async (e): Promise<EventRead> => {
      const cover = covers.get(e.id);
      const coordinator = e.coordinatorId ? coordinators.get(e.coordinatorId) : undefined;
      return {
        id: e.id,
        title: e.title,
        description: e.description,
        read_perm: e.readPerm,
        write_perm: e.writePerm,
        can_write: canWriteEvent(v, eventFacts(e)),
        can_manage: canManageEvent(v, eventFacts(e)),
        my_role: myRole(v, e),
        coordinator: coordinator ? await toMiniUser(ctx, coordinator) : null,
        images_count: counts.get(e.id) ?? 0,
        members_count: members.get(e.id) ?? 0,
        cover_photo: cover
          ? {
              id: cover.id,
              thumbnail_url: await ctx.storage.signedUrl(variantKey(cover.id, 'thumb'), {
                ttlS: ctx.config.MEDIA_URL_TTL_S,
              }),
              width: cover.width,
              height: cover.height,
              thumbhash: cover.thumbhash,
            }
          : null,
        starts_at: e.startsAt?.toISOString() ?? null,
        ends_at: e.endsAt?.toISOString() ?? null,
        location: e.location,
        original_access: e.originalAccess,
        allow_download: e.allowDownload,
        members_can_tag: e.membersCanTag,
        faces_enabled: e.facesEnabled,
        watermark_text: e.watermarkText,
        created_at: e.createdAt.toISOString(),
      };
    }),
  );
}
