import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { analyseStoredPhotos } from '../../cli/analyse.js';
import { createEvent } from '../../test/fixtures.js';
import { call, type Harness, signUpVerified, type TestUser, useHarness } from '../../test/harness.js';
import { uploadJpegs as upload } from '../../test/multipart.js';
import { variantKey } from '../photos/keys.js';
import { analyserOf } from './models.js';
import { samplePhotoPath } from './sample-photos.js';

/**
 * The analyse step end to end, on the embedded engine: a real upload, the real pipeline and the
 * real models on real group photos (no download), through the photo answer and the people list.
 */

const photoOf = async (h: Harness, who: TestUser, id: string) =>
  (await call(h, 'GET', `/api/photos/${id}/`, { token: who.access })).json();

const stateOf = async (h: Harness, id: string) =>
  (await h.ctx.database.db.query.photos.findFirst({
    where: (p, { eq }) => eq(p.id, id),
    columns: { status: true, analysisState: true, analysisError: true, autoTags: true },
  }))!;

// Each analysis is ~0.7 s of CPU, several times that on a loaded two-core machine.
describe('analysing photos as they arrive', { timeout: 180_000 }, () => {
  const h = useHarness('pglite', { ML: 'on' }, { worker: true });

  it('tags a group photo and finds its faces without anyone asking, loading the models once', async () => {
    const ana = await signUpVerified(h, { username: 'ana' });
    const event = await createEvent(h, ana);
    const [first, second] = await upload(h, ana, event.id, [samplePhotoPath(1), samplePhotoPath(6)]);

    const photo = await photoOf(h, ana, first!);
    expect(photo.status).toBe('CO');
    expect(photo.auto_tags).toContain('group photo');
    expect(photo.faces).toHaveLength(3);
    for (const face of photo.faces) {
      expect(face.box.x).toBeGreaterThanOrEqual(0);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(1.0001);
    }
    expect((await photoOf(h, ana, second!)).faces).toHaveLength(4);
    expect((await stateOf(h, first!)).analysisState).toBe('done');

    // Seven different people in two photos: seven people, each in one photo.
    const people = (await call(h, 'GET', `/api/events/${event.id}/people/`, { token: ana.access })).json();
    expect(people).toHaveLength(7);
    expect(people.every((p: { photos_count: number }) => p.photos_count === 1)).toBe(true);
    expect(analyserOf(h.ctx)!.stats()).toMatchObject({ loads: 1, analysed: 2 });
  });

  it('keeps a photo whose analysis fails in its gallery, says why, and `pixeli analyse` retries it', async () => {
    const ana = await signUpVerified(h, { username: 'ana' });
    const event = await createEvent(h, ana);
    // A preview that is not a picture: the analysis cannot read it, the variants stay served.
    const [id] = await upload(h, ana, event.id, [samplePhotoPath(3)]);
    const preview = variantKey(id!, 'preview');
    const good = await buffer(await h.ctx.storage.get(preview));
    await h.ctx.storage.put(preview, Buffer.from('not a picture'), 'image/jpeg');
    const outcome = await analyseStoredPhotos(h.ctx, { redo: true }, () => {});
    expect(outcome).toMatchObject({ total: 1, failed: 1, done: 0 });
    const failed = await stateOf(h, id!);
    expect(failed).toMatchObject({ status: 'CO', analysisState: 'failed' });
    expect(failed.analysisError).toMatch(/\w/);
    const listed = (await call(h, 'GET', `/api/events/${event.id}/photos/`, { token: ana.access })).json();
    expect(listed.map((p: { id: string }) => p.id)).toEqual([id]);

    await h.ctx.storage.put(preview, good, 'image/jpeg');
    const again = await analyseStoredPhotos(h.ctx, { eventId: event.id, redo: false }, () => {});
    expect(again).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect(await stateOf(h, id!)).toMatchObject({ analysisState: 'done', analysisError: null });
    expect((await photoOf(h, ana, id!)).faces).toHaveLength(3);
  });

  it('stores no faces for an event with face features off, and still tags its photos', async () => {
    const ana = await signUpVerified(h, { username: 'ana' });
    const event = await createEvent(h, ana, { faces_enabled: false });
    const [id] = await upload(h, ana, event.id, [samplePhotoPath(2)]);
    const photo = await photoOf(h, ana, id!);
    expect(photo.auto_tags).toContain('group photo');
    expect(photo.faces).toEqual([]);
  });
});

describe('with ML=off', () => {
  const h = useHarness('pglite', { ML: 'off' }, { worker: true });

  it('processes photos as before and marks them not analysed', async () => {
    const ana = await signUpVerified(h, { username: 'ana' });
    const event = await createEvent(h, ana);
    const [id] = await upload(h, ana, event.id, [samplePhotoPath(1)]);
    expect(await stateOf(h, id!)).toMatchObject({ status: 'CO', analysisState: 'off', autoTags: [] });
    expect(analyserOf(h.ctx)).toBeUndefined();
  });
});
