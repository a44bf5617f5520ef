import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessViewer } from '../../../access/viewer.js';
import { photos } from '../../../db/schema.js';
import { addPhoto, createEvent } from '../../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified, type TestUser } from '../../../test/harness.js';
import { normalised } from '../face-vectors.js';
import { clipOf } from './clip.js';
import { clipMatches } from './clip-search.js';
import { EmbeddingCache, embeddingCacheOf, warmEmbeddingCache } from './embedding-cache.js';
import { readableEmbeddingStamps, saveEmbedding } from './embeddings-repo.js';
import { writeTinyClipModel } from './tiny-clip-model.js';

/**
 * The in-memory embeddings behind free-text search: they only spare the database the vectors; which
 * photos are compared, and which vector each has, is still the database's answer on every search.
 * Photos are inserted directly with embeddings in the tiny model's space (first dimension:
 * brightness, so "dark" points to -1 and "sunny" to +1), as the analysis would store them.
 */

const modelDir = path.join(os.tmpdir(), `pixeli-clip-cache-${randomBytes(4).toString('hex')}`);
beforeAll(() => writeTinyClipModel(modelDir));

/** A 512-d unit vector at `brightness` (-1 dark .. 1 bright), a little `warmth` to tell photos apart. */
const embedding = (brightness: number, warmth = 0) => {
  const v = new Float32Array(512);
  v[0] = brightness;
  v[1] = warmth;
  return normalised(v);
};

const viewer = (who: TestUser): AccessViewer => ({ id: who.id, role: 'public' });
const modelOf = async (h: Harness) => (await clipOf(h.ctx)!.embedText('dark')).model;

/** A photo with an embedding stored as the analysis stores it. */
async function photoWith(h: Harness, eventId: string, by: TestUser, vector: Float32Array) {
  const id = await addPhoto(h, eventId, by);
  await saveEmbedding(h.ctx.database.db, id, await modelOf(h), vector);
  return id;
}

const found = async (h: Harness, who: TestUser, text: string) =>
  (await clipMatches(h.ctx, viewer(who), text, 20)).map((m) => m.photoId);

describe('EmbeddingCache', () => {
  const v = (x: number) => Float32Array.of(x);

  it('drops the least recently used beyond its size, and serves only the stored version asked for', () => {
    const cache = new EmbeddingCache(2);
    cache.set('a', 'm', '1', v(1));
    cache.set('b', 'm', '1', v(2));
    expect(cache.get('a', 'm', '1')).toEqual(v(1)); // now b is the least recently used
    cache.set('c', 'm', '1', v(3));
    expect(cache.size).toBe(2);
    expect(cache.has('b')).toBe(false);
    expect(cache.get('a', 'm', '1')).toEqual(v(1));
    expect(cache.get('c', 'm', '1')).toEqual(v(3));
    // Another storage time or model is another vector: not served, and the old one let go.
    expect(cache.get('a', 'm', '2')).toBeUndefined();
    expect(cache.has('a')).toBe(false);
    expect(cache.get('c', 'other', '1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing at size 0', () => {
    const cache = new EmbeddingCache(0);
    cache.set('a', 'm', '1', v(1));
    expect(cache.size).toBe(0);
    expect(cache.get('a', 'm', '1')).toBeUndefined();
  });
});

forEachEngine(
  (h) => {
    describe('free-text search with embeddings in memory', () => {
      it('never compares a photo the viewer may not read, though its vector is held', async () => {
        const ana = await signUpVerified(h);
        const member = await signUpVerified(h);
        const stranger = await signUpVerified(h);
        const open = await createEvent(h, ana);
        const closed = await createEvent(h, ana, { read_perm: 'PRV' });
        await call(h, 'POST', `/api/events/${closed.id}/members/`, {
          token: ana.access,
          body: { username: member.username },
        });
        const openDark = await photoWith(h, open.id, ana, embedding(-1));
        const closedDark = await photoWith(h, closed.id, ana, embedding(-1, 0.2));

        expect(await found(h, member, 'dark')).toEqual([openDark, closedDark]);
        expect(embeddingCacheOf(h.ctx).has(closedDark)).toBe(true);
        expect(await found(h, stranger, 'dark')).toEqual([openDark]);
        // A photo made club-only after its vector was held: the member (not in the club) loses it.
        await h.ctx.database.db.update(photos).set({ readPerm: 'IMG' }).where(eq(photos.id, closedDark));
        expect(await found(h, member, 'dark')).toEqual([openDark]);
        expect(await found(h, ana, 'dark')).toEqual([openDark, closedDark]);
      });

      it('is warmed at start with the stored vectors, which a search then uses as they are', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const dark = await photoWith(h, event.id, ana, embedding(-1));
        const bright = await photoWith(h, event.id, ana, embedding(1));
        const cache = embeddingCacheOf(h.ctx);
        cache.clear();
        expect(await warmEmbeddingCache(h.ctx)).toBeGreaterThanOrEqual(2);
        expect(cache.has(dark) && cache.has(bright)).toBe(true);
        expect(await found(h, ana, 'dark')).toEqual([dark]);
        // Warming again keeps what is held, and a photo analysed since is still read anew.
        await saveEmbedding(h.ctx.database.db, dark, await modelOf(h), embedding(1, 0.1));
        await warmEmbeddingCache(h.ctx);
        expect(await found(h, ana, 'dark')).toEqual([]);
        expect((await found(h, ana, 'sunny')).sort()).toEqual([dark, bright].sort());
      });

      it('uses the new vector of a photo analysed again', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const id = await photoWith(h, event.id, ana, embedding(-1));
        expect(await found(h, ana, 'dark')).toEqual([id]);
        expect(embeddingCacheOf(h.ctx).has(id)).toBe(true);
        await saveEmbedding(h.ctx.database.db, id, await modelOf(h), embedding(1));
        expect(await found(h, ana, 'dark')).toEqual([]);
        expect(await found(h, ana, 'sunny')).toEqual([id]);
        await saveEmbedding(h.ctx.database.db, id, await modelOf(h), embedding(-1));
        expect(await found(h, ana, 'sunny')).toEqual([]);
        expect(await found(h, ana, 'dark')).toEqual([id]);
      });

      it('stores every save of an embedding as a later version, even where the clock stands still', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const id = await photoWith(h, event.id, ana, embedding(-1));
        const model = await modelOf(h);
        // Inside one transaction now() does not move: the version must move all the same.
        const versions = await h.ctx.transaction(async (tx) => {
          const seen: string[] = [];
          for (let i = 0; i < 3; i++) {
            await saveEmbedding(tx, id, model, embedding(i % 2 ? 1 : -1));
            seen.push((await readableEmbeddingStamps(tx, viewer(ana), model, 10))[0]!.storedAt);
          }
          return seen;
        });
        expect(new Set(versions).size).toBe(3);
        expect(versions.map(BigInt)).toEqual([...versions.map(BigInt)].sort((a, b) => (a < b ? -1 : 1)));
      });

      it('forgets a deleted photo', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const kept = await photoWith(h, event.id, ana, embedding(-1));
        const gone = await photoWith(h, event.id, ana, embedding(-1, 0.2));
        expect(await found(h, ana, 'dark')).toEqual([kept, gone]);
        await h.ctx.database.db.delete(photos).where(eq(photos.id, gone));
        expect(await found(h, ana, 'dark')).toEqual([kept]);
      });
    });
  },
  { CLIP_MODEL_DIR: modelDir },
);

forEachEngine(
  (h) => {
    describe('free-text search with a small embedding cache', () => {
      it('holds no more than CLIP_CACHE_MAX_PHOTOS, and still compares every readable photo', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await photoWith(h, event.id, ana, embedding(-1, i / 10)));
        for (let round = 0; round < 2; round++) {
          expect(await found(h, ana, 'dark')).toEqual(ids);
          expect(embeddingCacheOf(h.ctx).size).toBe(3);
        }
      });
    });
  },
  { CLIP_MODEL_DIR: modelDir, CLIP_CACHE_MAX_PHOTOS: '3' },
);
