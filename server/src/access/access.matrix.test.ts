import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { eventMembers, events, faces, people, photos, photoTags, users } from '../db/schema.js';
import { visiblePeople } from '../features/ml/faces-repo.js';
import { forEachEngine } from '../test/harness.js';
import {
  type AccessLevel,
  canReadEvent,
  canWriteEvent,
  type EventFacts,
  type MemberRole,
  readableEventsSql,
  writableEventsSql,
} from './events.js';
import { canLinkPerson, canMergePeople, canSeePerson, canUnlinkPerson } from './people.js';
import {
  canReadPhoto,
  canRemoveTag,
  canSeeCounters,
  canSeeLocation,
  canTagPeople,
  countersVisibleSql,
  locationVisibleSql,
  type PhotoFacts,
  type PhotoStatus,
  readablePhotosSql,
} from './photos.js';
import type { AccessViewer } from './viewer.js';

/**
 * One matrix: site role x relation to the event x event read/write level x photo level x status x
 * tagged or not x own photo or not. For every cell the predicate (used on single objects) and the
 * SQL twin (used by every list) must give the same answer.
 */
const ROLES = ['admin', 'img', 'public'] as const;
const RELATIONS = ['coordinator', 'contributor', 'viewer', 'none'] as const;
const LEVELS: AccessLevel[] = ['PUB', 'IMG', 'PRV'];
const STATUSES: PhotoStatus[] = ['CO', 'PE'];

interface Cell {
  eventId: string;
  photoId?: string;
  viewer: AccessViewer;
  facts: EventFacts;
  photo?: PhotoFacts;
}

forEachEngine((h) => {
  it('the predicates and the SQL filters agree in every cell', async () => {
    const db = h.ctx.database.db;
    const owner = randomUUID();
    const viewers = ROLES.map((role) => ({ id: randomUUID(), role }) as AccessViewer);
    await db.insert(users).values(
      [{ id: owner, role: 'public' as const }, ...viewers].map((u, i) => ({
        id: u.id,
        username: `matrix${i}`,
        email: `matrix${i}@example.com`,
        passwordHash: 'x',
        name: 'M',
        role: u.role,
        isActive: true,
      })),
    );

    const cells: Cell[] = [];
    const eventRows: (typeof events.$inferInsert)[] = [];
    const memberRows: (typeof eventMembers.$inferInsert)[] = [];
    const photoRows: (typeof photos.$inferInsert)[] = [];
    const tagRows: (typeof photoTags.$inferInsert)[] = [];
    // Each photo shows one person found nowhere else: the person is visible exactly where the photo is.
    const personRows: (typeof people.$inferInsert)[] = [];
    const faceRows: (typeof faces.$inferInsert)[] = [];
    const personOfPhoto = new Map<string, string>();
    for (const viewer of viewers) {
      for (const relation of RELATIONS) {
        for (const readPerm of LEVELS) {
          for (const writePerm of LEVELS) {
            const eventId = randomUUID();
            const memberRole: MemberRole | null =
              relation === 'contributor' || relation === 'viewer' ? relation : null;
            const facts: EventFacts = {
              coordinatorId: relation === 'coordinator' ? viewer.id : owner,
              readPerm,
              writePerm,
              memberRole,
            };
            eventRows.push({
              id: eventId,
              title: 'e',
              coordinatorId: facts.coordinatorId,
              readPerm,
              writePerm,
            });
            if (memberRole) memberRows.push({ eventId, userId: viewer.id, role: memberRole });
            cells.push({ eventId, viewer, facts });
            for (const photoPerm of LEVELS) {
              for (const status of STATUSES) {
                for (const tagged of [false, true]) {
                  for (const own of [false, true]) {
                    const photoId = randomUUID();
                    const photographerId = own ? viewer.id : owner;
                    photoRows.push({
                      id: photoId,
                      eventId,
                      photographerId,
                      readPerm: photoPerm,
                      status,
                      checksum: photoId,
                      originalType: 'image/jpeg',
                      originalSize: 1,
                    });
                    if (tagged) tagRows.push({ photoId, userId: viewer.id });
                    const personId = randomUUID();
                    personOfPhoto.set(photoId, personId);
                    personRows.push({ id: personId, eventId, centroid: Buffer.alloc(4) });
                    faceRows.push({
                      photoId,
                      eventId,
                      personId,
                      boxX: 0,
                      boxY: 0,
                      boxWidth: 1,
                      boxHeight: 1,
                      score: 1,
                      quality: 1,
                      embedding: Buffer.alloc(4),
                    });
                    cells.push({
                      eventId,
                      photoId,
                      viewer,
                      facts,
                      photo: {
                        photographerId,
                        readPerm: photoPerm,
                        sharePerm: 'OR',
                        status,
                        viewerTagged: tagged,
                        event: {
                          ...facts,
                          originalAccess: 'staff',
                          membersCanTag: false,
                          allowDownload: true,
                        },
                      },
                    });
                  }
                }
              }
            }
          }
        }
      }
    }
    await db.insert(events).values(eventRows);
    await db.insert(eventMembers).values(memberRows);
    for (let i = 0; i < photoRows.length; i += 500)
      await db.insert(photos).values(photoRows.slice(i, i + 500));
    await db.insert(photoTags).values(tagRows);
    for (let i = 0; i < personRows.length; i += 500) {
      await db.insert(people).values(personRows.slice(i, i + 500));
      await db.insert(faces).values(faceRows.slice(i, i + 500));
    }

    let checked = 0;
    for (const viewer of viewers) {
      const readableEvents = new Set(
        (await db.select({ id: events.id }).from(events).where(readableEventsSql(viewer))).map((r) => r.id),
      );
      const writableEvents = new Set(
        (await db.select({ id: events.id }).from(events).where(writableEventsSql(viewer))).map((r) => r.id),
      );
      const readablePhotos = new Set(
        (
          await db
            .select({ id: photos.id })
            .from(photos)
            .innerJoin(events, eq(events.id, photos.eventId))
            .where(and(readablePhotosSql(viewer)))
        ).map((r) => r.id),
      );
      // GPS and counters: shown where the SQL twin says, to exactly whom the predicate says.
      const shownExtras = await db
        .select({ id: photos.id, location: locationVisibleSql(viewer), counters: countersVisibleSql(viewer) })
        .from(photos)
        .innerJoin(events, eq(events.id, photos.eventId))
        .where(readablePhotosSql(viewer));
      const extras = new Map(shownExtras.map((r) => [r.id, r]));
      const visibleToViewer = new Set<string>();
      for (const eventId of new Set(cells.filter((c) => c.viewer === viewer).map((c) => c.eventId))) {
        for (const p of await visiblePeople(db, viewer, eventId)) visibleToViewer.add(p.id);
      }
      for (const cell of cells.filter((c) => c.viewer === viewer)) {
        const where = `${viewer.role} ${JSON.stringify(cell.facts)} ${JSON.stringify(cell.photo ?? {})}`;
        if (cell.photoId && cell.photo) {
          expect(readablePhotos.has(cell.photoId), where).toBe(canReadPhoto(viewer, cell.photo));
          const personId = personOfPhoto.get(cell.photoId)!;
          expect(visibleToViewer.has(personId), where).toBe(canSeePerson(viewer, [cell.photo]));
          const shown = extras.get(cell.photoId);
          if (shown) {
            expect(Boolean(shown.location), where).toBe(canSeeLocation(viewer, cell.photo));
            expect(Boolean(shown.counters), where).toBe(canSeeCounters(viewer, cell.photo));
          }
        } else {
          expect(readableEvents.has(cell.eventId), where).toBe(canReadEvent(viewer, cell.facts));
          expect(writableEvents.has(cell.eventId), where).toBe(canWriteEvent(viewer, cell.facts));
        }
        checked += 1;
      }
    }
    expect(checked).toBe(cells.length);
  });
});

describe('spot checks of the rules, in words', () => {
  const facts = (over: Partial<EventFacts> = {}): EventFacts => ({
    coordinatorId: 'owner',
    readPerm: 'PRV',
    writePerm: 'PRV',
    memberRole: null,
    ...over,
  });
  const photo = (
    over: Partial<PhotoFacts> = {},
    { membersCanTag = false, ...event }: Partial<EventFacts> & { membersCanTag?: boolean } = {},
  ): PhotoFacts => ({
    photographerId: 'owner',
    readPerm: 'PUB',
    sharePerm: 'OR',
    status: 'CO',
    viewerTagged: false,
    ...over,
    event: { ...facts(event), originalAccess: 'staff', membersCanTag, allowDownload: true },
  });
  const stranger: AccessViewer = { id: 'stranger', role: 'public' };

  it('a PUB photo in a PRV event is hidden from strangers (the original leaked it)', () => {
    expect(canReadPhoto(stranger, photo())).toBe(false);
  });
  it('a PRV photo in a PUB event is hidden from other readers', () => {
    expect(canReadPhoto(stranger, photo({ readPerm: 'PRV' }, { readPerm: 'PUB' }))).toBe(false);
  });
  it('people tagged in a photo see it, once processed', () => {
    expect(canReadPhoto(stranger, photo({ viewerTagged: true }))).toBe(true);
    expect(canReadPhoto(stranger, photo({ viewerTagged: true, status: 'PR' }))).toBe(false);
  });
  it('GPS and counters are shown to the photographer and admins only, not the coordinator', () => {
    const own = photo({ photographerId: 'stranger' });
    expect(canSeeLocation(stranger, own)).toBe(true);
    expect(canSeeCounters(stranger, own)).toBe(true);
    expect(canSeeLocation({ id: 'owner', role: 'public' }, photo({ photographerId: 'someone' }))).toBe(false);
    expect(canSeeLocation({ id: 'x', role: 'admin' }, photo())).toBe(true);
    expect(canSeeCounters(stranger, photo())).toBe(false);
  });

  it('a photographer sees their own photo while it is processing', () => {
    expect(canReadPhoto(stranger, photo({ photographerId: 'stranger', status: 'PE' }))).toBe(true);
  });
  it('viewers may not upload into a PRV event; contributors may', () => {
    expect(canWriteEvent(stranger, facts({ memberRole: 'viewer' }))).toBe(false);
    expect(canWriteEvent(stranger, facts({ memberRole: 'contributor' }))).toBe(true);
  });
  it('people are linked by the staff, or by a person to themselves where nobody else is linked', () => {
    const coordinator: AccessViewer = { id: 'owner', role: 'public' };
    expect(canLinkPerson(stranger, facts(), 'stranger', null)).toBe(true);
    expect(canLinkPerson(stranger, facts(), 'stranger', 'stranger')).toBe(true);
    expect(canLinkPerson(stranger, facts(), 'stranger', 'someone')).toBe(false);
    expect(canLinkPerson(stranger, facts(), 'someone', null)).toBe(false);
    expect(canLinkPerson(coordinator, facts(), 'someone', 'another')).toBe(true);
    expect(canLinkPerson({ id: 'x', role: 'admin' }, facts(), 'someone', null)).toBe(true);
    expect(canUnlinkPerson(stranger, facts(), 'stranger')).toBe(true);
    expect(canUnlinkPerson(stranger, facts(), 'someone')).toBe(false);
    expect(canUnlinkPerson(coordinator, facts(), 'someone')).toBe(true);
  });
  it('the staff merge any two people; "this is me" merges only people alike enough', () => {
    const coordinator: AccessViewer = { id: 'owner', role: 'public' };
    expect(canMergePeople(coordinator, facts(), 0.1, 0.4)).toBe(true);
    expect(canMergePeople({ id: 'x', role: 'admin' }, facts(), 0.1, 0.4)).toBe(true);
    expect(canMergePeople(stranger, facts({ memberRole: 'contributor' }), 0.4, 0.4)).toBe(true);
    expect(canMergePeople(stranger, facts({ memberRole: 'contributor' }), 0.39, 0.4)).toBe(false);
  });
  it('a person is seen through any one photo of theirs the viewer may read', () => {
    expect(canSeePerson(stranger, [photo(), photo({}, { readPerm: 'PUB' })])).toBe(true);
    expect(canSeePerson(stranger, [photo()])).toBe(false);
    expect(canSeePerson(stranger, [])).toBe(false);
  });

  it('members tag people only where the event allows it, and only in photos they can see', () => {
    const member = { memberRole: 'viewer' as const };
    expect(canTagPeople(stranger, photo({}, member))).toBe(false);
    expect(canTagPeople(stranger, photo({}, { ...member, membersCanTag: true }))).toBe(true);
    expect(canTagPeople(stranger, photo({}, { membersCanTag: true, readPerm: 'PUB' }))).toBe(false);
    expect(canTagPeople(stranger, photo({ readPerm: 'PRV' }, { ...member, membersCanTag: true }))).toBe(
      false,
    );
    expect(canRemoveTag(stranger, photo({}, { ...member, membersCanTag: true }), 'someone')).toBe(true);
    expect(canRemoveTag(stranger, photo(), 'someone')).toBe(false);
    expect(canRemoveTag(stranger, photo(), 'stranger')).toBe(true);
  });
});
