import { randomUUID } from 'node:crypto';
import { photos } from '../db/schema.js';
import { call, type Harness, type TestUser } from './harness.js';

/** Creates an event through the API as `who`. */
export async function createEvent(h: Harness, who: TestUser, body: Record<string, unknown> = {}) {
  const res = await call(h, 'POST', '/api/events/', { token: who.access, body: { title: 'Party', ...body } });
  if (res.statusCode !== 201) throw new Error(`event not created: ${res.body}`);
  return res.json() as { id: string; title: string };
}

/**
 * A processed photo row, inserted directly: for tests about what surrounds photos (events,
 * likes, comments) rather than uploads. Its files do not exist.
 */
export async function addPhoto(
  h: Harness,
  eventId: string,
  by: TestUser,
  over: Partial<typeof photos.$inferInsert> = {},
) {
  const id = randomUUID();
  await h.ctx.database.db.insert(photos).values({
    id,
    eventId,
    photographerId: by.id,
    status: 'CO',
    checksum: id,
    originalType: 'image/jpeg',
    originalSize: 1,
    width: 400,
    height: 300,
    ...over,
  });
  return id;
}
