import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { photoEmbeddings, photos } from '../../../db/schema.js';
import { createEvent } from '../../../test/fixtures.js';
import {
  call,
  forEachEngine,
  type Harness,
  signUpVerified,
  type TestUser,
  useHarness,
} from '../../../test/harness.js';
import { uploadJpegs } from '../../../test/multipart.js';
import { variantKey } from '../../photos/keys.js';
import { clipOf } from './clip.js';
import { writeTinyClipModel } from './tiny-clip-model.js';

/**
 * CLIP through the whole app, no download: real uploads, the real pipeline and analyse job, the
 * real search route, with the tiny model this test builds (its embedding is a photo's brightness
 * and warmth; "dark" and "night" point to dark, "sunny" and "daytime" to light). The face models
 * stay off (ML=off): CLIP is switched on by CLIP_MODEL_DIR alone.
 */

const modelDir = path.join(os.tmpdir(), `pixeli-clip-model-${randomBytes(4).toString('hex')}`);
const brokenDir = path.join(os.tmpdir(), `pixeli-clip-broken-${randomBytes(4).toString('hex')}`);
beforeAll(async () => {
  await writeTinyClipModel(modelDir);
  // A folder with every file in place, but encoders that are not ONNX.
  await writeTinyClipModel(brokenDir);
  await writeFile(path.join(brokenDir, 'onnx', 'vision_model.onnx'), 'not a model');
});

/** A JPEG of one colour (each call a little different, so no two uploads are one file). */
let shade = 0;
const colourJpeg = (r: number, g: number, b: number) =>
  sharp({ create: { width: 480, height: 320, channels: 3, background: { r, g: g + (shade++ % 3), b } } })
    .jpeg()
    .toBuffer();

const upload = async (h: Harness, who: TestUser, eventId: string, image: Buffer) =>
  (await uploadJpegs(h, who, eventId, [image]))[0]!;

const searchPhotos = async (h: Harness, who: TestUser, q: string): Promise<string[]> => {
  const res = await call(h, 'GET', `/api/search/?q=${encodeURIComponent(q)}&limit=10`, { token: who.access });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().photos.map((p: { id: string }) => p.id);
};

const analysisOf = async (h: Harness, id: string) =>
  (await h.ctx.database.db.query.photos.findFirst({
    where: (p, { eq }) => eq(p.id, id),
    columns: { status: true, analysisState: true, analysisError: true, autoTags: true, autoTagScores: true },
  }))!;

const embeddingIds = async (h: Harness, ids: string[]) =>
  (
    await h.ctx.database.db
      .select({ id: photoEmbeddings.photoId })
      .from(photoEmbeddings)
      .where(inArray(photoEmbeddings.photoId, ids))
  ).map((r) => r.id);

forEachEngine(
  (h) => {
    describe('CLIP on photos', () => {
      it('stores each photo’s embedding and the labels it is sure of, with their scores', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const dark = await upload(h, ana, event.id, await colourJpeg(15, 15, 20));
        const bright = await upload(h, ana, event.id, await colourJpeg(240, 240, 235));

        expect(await analysisOf(h, dark)).toMatchObject({
          status: 'CO',
          analysisState: 'done',
          autoTags: expect.arrayContaining(['night event', 'low light']),
          autoTagScores: { 'night event': 0.5, 'low light': 0.5 },
        });
        expect((await analysisOf(h, bright)).autoTags.sort()).toEqual(['bright lighting', 'daytime event']);
        // The photo answer shows them as the other auto tags are shown.
        const answer = await call(h, 'GET', `/api/photos/${dark}/`, { token: ana.access });
        expect(answer.json().auto_tags).toContain('night event');
        expect((await embeddingIds(h, [dark, bright])).sort()).toEqual([dark, bright].sort());
      });

      it('ranks photos by free text, after the photos whose words match, above a similarity floor', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const dark = await upload(h, ana, event.id, await colourJpeg(10, 10, 14));
        const darkRed = await upload(h, ana, event.id, await colourJpeg(90, 30, 30));
        const bright = await upload(h, ana, event.id, await colourJpeg(245, 245, 240));

        // No tag or caption says "dark": only CLIP finds these, the one that is only dark first (the
        // red one is also warm); the bright one points away from the text and stays under the floor.
        const found = await searchPhotos(h, ana, 'dark');
        expect(found.slice(0, 2)).toEqual([dark, darkRed]);
        expect(found).not.toContain(bright);
        expect((await searchPhotos(h, ana, 'sunny'))[0]).toBe(bright);
        expect((await searchPhotos(h, ana, 'red'))[0]).toBe(darkRed);
        // A caption that says the word puts its photo before every picture match.
        await h.ctx.database.db.update(photos).set({ caption: 'after dark' }).where(eq(photos.id, bright));
        expect((await searchPhotos(h, ana, 'dark')).slice(0, 3)).toEqual([bright, dark, darkRed]);
        // One or two letters are not free text: no picture is compared.
        const before = clipOf(h.ctx)!.stats().textsEmbedded;
        await searchPhotos(h, ana, 'da');
        expect(clipOf(h.ctx)!.stats().textsEmbedded).toBe(before);
      });

      it('never finds a photo its caller may not read', async () => {
        const ana = await signUpVerified(h);
        const member = await signUpVerified(h);
        const stranger = await signUpVerified(h);
        const open = await createEvent(h, ana);
        const closed = await createEvent(h, ana, { read_perm: 'PRV' });
        await call(h, 'POST', `/api/events/${closed.id}/members/`, {
          token: ana.access,
          body: { username: member.username },
        });
        const openDark = await upload(h, ana, open.id, await colourJpeg(12, 12, 16));
        const closedDark = await upload(h, ana, closed.id, await colourJpeg(14, 14, 18));

        expect(await searchPhotos(h, stranger, 'dark')).toEqual([openDark]);
        expect((await searchPhotos(h, member, 'dark')).sort()).toEqual([openDark, closedDark].sort());
        expect((await searchPhotos(h, ana, 'dark')).sort()).toEqual([openDark, closedDark].sort());
      });

      it('deletes a photo’s embedding with the photo', async () => {
        const ana = await signUpVerified(h);
        const event = await createEvent(h, ana);
        const id = await upload(h, ana, event.id, await colourJpeg(20, 20, 20));
        expect(await embeddingIds(h, [id])).toEqual([id]);
        const res = await call(h, 'DELETE', `/api/photos/${id}/`, { token: ana.access });
        expect(res.statusCode, res.body).toBe(204);
        expect(await embeddingIds(h, [id])).toEqual([]);
        expect(await searchPhotos(h, ana, 'dark')).not.toContain(id);
      });
    });
  },
  { CLIP_MODEL_DIR: modelDir },
  { worker: true },
);

describe('CLIP with a folder that does not load', () => {
  const h = useHarness('pglite', { CLIP_MODEL_DIR: brokenDir, JOB_MAX_ATTEMPTS: '2' }, { worker: true });

  it('fails the analysis with the reason recorded, and the photo stays served', async () => {
    const ana = await signUpVerified(h);
    const event = await createEvent(h, ana);
    const id = await upload(h, ana, event.id, await colourJpeg(15, 15, 20));
    const state = await analysisOf(h, id);
    expect(state).toMatchObject({ status: 'CO', analysisState: 'failed', autoTags: [] });
    expect(state.analysisError).toMatch(
      /^CLIP could not be loaded from .*pixeli-clip-broken-.* \(CLIP_MODEL_DIR\): /,
    );
    expect((await buffer(await h.ctx.storage.get(variantKey(id, 'thumb')))).length).toBeGreaterThan(0);
    const listed = (await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: ana.access })).json();
    expect(listed.map((p: { id: string }) => p.id)).toEqual([id]);
    // The search box still answers, without picture matches.
    expect(await searchPhotos(h, ana, 'dark')).toEqual([]);
  });
});

describe('without CLIP_MODEL_DIR', () => {
  const h = useHarness('pglite', {}, { worker: true });

  it('has no CLIP, analyses nothing with ML=off, and searches by words alone', async () => {
    expect(clipOf(h.ctx)).toBeUndefined();
    const ana = await signUpVerified(h);
    const event = await createEvent(h, ana);
    const id = await upload(h, ana, event.id, await colourJpeg(15, 15, 20));
    expect(await analysisOf(h, id)).toMatchObject({ status: 'CO', analysisState: 'off', autoTags: [] });
    expect(await embeddingIds(h, [id])).toEqual([]);
    expect(await searchPhotos(h, ana, 'dark')).toEqual([]);
  });
});
