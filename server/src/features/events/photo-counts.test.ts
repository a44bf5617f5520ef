import { and, count, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { readablePhotosSql } from '../../access/photos.js';
import { queryRows } from '../../db/client.js';
import { eventMembers, eventPhotoCounts, events, photos, photoTags } from '../../db/schema.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import {
  call,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../../test/harness.js';

/**
 * An event's photo count comes from counters the database keeps (event_photo_counts) plus the
 * viewer's own exceptions. It must equal counting, row by row, the photos the access rule lets
 * each viewer see, whoever they are, through every change a photo goes through.
 */

/** The photos of `eventId` that `who` may see, counted row by row with the access rule's SQL. */
async function countedRowByRow(
  h: Harness,
  who: TestUser & { role: 'admin' | 'img' | 'public' },
  eventId: string,
) {
  const [row] = await h.ctx.database.db
    .select({ n: count() })
    .from(photos)
    .innerJoin(events, eq(events.id, photos.eventId))
    .where(and(eq(photos.eventId, eventId), readablePhotosSql({ id: who.id, role: who.role })));
  return Number(row?.n ?? 0);
}

/** What the events list says, per event id. */
async function listed(h: Harness, who: TestUser) {
  const res = await call(h, 'GET', '/api/events/', { token: who.access });
  expect(res.statusCode).toBe(200);
  return new Map((res.json() as { id: string; images_count: number }[]).map((e) => [e.id, e.images_count]));
}

/** The counters against a recount of the rows. */
async function countersHold(h: Harness) {
  const drift = await queryRows<{ event_id: string }>(
    h.ctx.database.db,
    sql`select e.id as event_id from ${events} e
      left join ${eventPhotoCounts} c on c.event_id = e.id
      left join lateral (
        select count(*)::int as n,
               (count(*) filter (where status = 'CO' and read_perm = 'PUB'))::int as pub,
               (count(*) filter (where status = 'CO' and read_perm = 'IMG'))::int as img
        from ${photos} p where p.event_id = e.id
      ) r on true
      where coalesce(c.photos, 0) <> r.n or coalesce(c.completed_public, 0) <> r.pub
         or coalesce(c.completed_img, 0) <> r.img`,
  );
  expect(drift).toEqual([]);
}

forEachEngine((h) => {
  it('equal the row-by-row count for every kind of viewer, through uploads, edits and deletes', async () => {
    const coordinator = await signUpVerified(h);
    const member = await signUpVerified(h);
    const club = await signUpVerified(h);
    const stranger = await signUpVerified(h);
    const admin = await signUpVerified(h);
    await setRole(h, club.id, 'img');
    await setRole(h, admin.id, 'admin');
    const viewers = [
      { ...coordinator, role: 'public' as const },
      { ...member, role: 'public' as const },
      { ...club, role: 'img' as const },
      { ...stranger, role: 'public' as const },
      { ...admin, role: 'admin' as const },
    ];
    const open = await createEvent(h, coordinator, {
      title: 'Open day',
      read_perm: 'PUB',
      write_perm: 'PUB',
    });
    const closed = await createEvent(h, coordinator, {
      title: 'Members only',
      read_perm: 'PRV',
      write_perm: 'PRV',
    });
    for (const e of [open, closed])
      await h.ctx.database.db
        .insert(eventMembers)
        .values(
          [e.id].flatMap((eventId) =>
            [member, club].map((u) => ({ eventId, userId: u.id, role: 'contributor' as const })),
          ),
        );

    // Every mix of status, level and photographer; the stranger is tagged in some.
    const made: string[] = [];
    for (const e of [open, closed])
      for (const status of ['PE', 'CO', 'FA'] as const)
        for (const readPerm of ['PUB', 'IMG', 'PRV'] as const)
          for (const by of [coordinator, member, club])
            made.push(await addPhoto(h, e.id, by, { status, readPerm }));
    await h.ctx.database.db
      .insert(photoTags)
      .values(
        made
          .filter((_, i) => i % 4 === 0)
          .map((photoId) => ({ photoId, userId: stranger.id, taggedById: coordinator.id })),
      );
    await h.ctx.database.db
      .insert(photoTags)
      .values(
        made
          .filter((_, i) => i % 5 === 0)
          .map((photoId) => ({ photoId, userId: member.id, taggedById: coordinator.id })),
      );

    const check = async () => {
      await countersHold(h);
      for (const who of viewers) {
        const shown = await listed(h, who);
        for (const [eventId, n] of shown)
          expect(n, `${who.username} in ${eventId}`).toBe(await countedRowByRow(h, who, eventId));
      }
    };
    await check();

    // Processing finishes, a level changes, a photo moves... and some go.
    await h.ctx.database.db.update(photos).set({ status: 'CO' }).where(eq(photos.status, 'PE'));
    await h.ctx.database.db.update(photos).set({ readPerm: 'PUB' }).where(eq(photos.id, made[7]!));
    await h.ctx.database.db.update(photos).set({ eventId: open.id }).where(eq(photos.id, made[40]!));
    for (const id of made.slice(10, 14))
      expect((await call(h, 'DELETE', `/api/photos/${id}/`, { token: coordinator.access })).statusCode).toBe(
        204,
      );
    await check();
  });
});
