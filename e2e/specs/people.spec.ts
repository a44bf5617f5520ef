import { readFile } from 'node:fs/promises';
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
// The built server's own sample photos (real group photos) and its sharp, as the ML benchmark uses them.
import { bulkUpload } from '../../bench/server.mjs';
import { importBuilt, sharp } from '../../bench/server-deps.mjs';
import {
  expectAccessible,
  keepScreenshot,
  SIZES,
  type SizeName,
  signInContext,
  watchConsole,
} from '../support/app.js';
import { useWorld, type World } from '../support/world.js';

/**
 * The people features with real faces, on a server with photo analysis on: real group photos are
 * uploaded and analysed; the gallery shows its people as round face crops, and choosing one filters
 * it; the viewer draws the faces and names them; a member says "this is me", the coordinator names
 * someone else in the viewer (and takes the name off, and puts it back); the coordinator accepts the tag suggestion that follows; the member finds their
 * photos with a selfie; the coordinator turns faces off for the event and it all goes away.
 */

// Starting the models and analysing the photos costs seconds of CPU on a busy two-core machine.
test.describe.configure({ timeout: 300_000 });
const world = useWorld({ ml: true });

const COORDINATOR = 'cora';
const MEMBER = 'milo';
const NAMED = 'nina';
/** A member who turned face matching off: nobody may name a face as them. */
const OPTED_OUT = 'otto';
const tokens: Record<string, string> = {};

test.beforeAll(async () => {
  for (const name of [COORDINATOR, MEMBER, NAMED, OPTED_OUT]) tokens[name] = await world().signUp(name);
  await world().api('PATCH', '/api/auth/me/', { token: tokens[OPTED_OUT], body: { face_matching: false } });
});

interface Face {
  box: { x: number; y: number; width: number; height: number };
  person_id: string | null;
  user: { username: string } | null;
}
interface Photo {
  id: string;
  faces: Face[];
  tagged_users: { username: string }[];
  tag_suggestions: { username: string }[];
}
interface Person {
  id: string;
  user: { id: string; username: string } | null;
  photos_count: number;
  face_url: string | null;
}

const samples = async () =>
  (await importBuilt('features/ml/sample-photos.js')) as {
    samplePhotoPath(n: number): string;
    mirroredCropAround(file: string, face: Pick<Face, 'box'>): Promise<{ image: Buffer }>;
  };

/**
 * The left part of sample 3, a little smaller: a second shot of two of its three people, so
 * they are in two photos of the event.
 */
async function closerShot(file: string): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(file).metadata();
  const left = Math.round(width * 0.72);
  return sharp(file)
    .extract({ left: 0, top: 0, width: left, height })
    .resize(Math.round(left * 0.8))
    .jpeg({ quality: 88 })
    .toBuffer();
}

const photoOf = async (w: World, id: string, as = COORDINATOR) =>
  (await w.api<Photo>('GET', `/api/photos/${id}/`, { token: tokens[as] })).json;
const peopleOf = async (w: World, eventId: string, as = COORDINATOR) =>
  (await w.api<Person[]>('GET', `/api/events/${eventId}/people/`, { token: tokens[as] })).json;

/**
 * An event of the coordinator's with the member, the named person and the opted-out one in it, and four real photos
 * (samples 1, 3, 6 and a closer shot from 3), uploaded at once and analysed.
 */
async function eventWithFaces(w: World, title: string) {
  const token = tokens[COORDINATOR]!;
  const { json: event } = await w.api<{ id: string }>('POST', '/api/events/', { token, body: { title } });
  for (const username of [MEMBER, NAMED, OPTED_OUT])
    await w.api('POST', `/api/events/${event.id}/members/`, { token, body: { username, role: 'viewer' } });
  const { samplePhotoPath } = await samples();
  const files: [string, Buffer][] = [
    ['rooftop-1.jpg', await readFile(samplePhotoPath(1))],
    ['rooftop-3.jpg', await readFile(samplePhotoPath(3))],
    ['rooftop-3-closer.jpg', await closerShot(samplePhotoPath(3))],
    ['rooftop-6.jpg', await readFile(samplePhotoPath(6))],
  ];
  const form = new FormData();
  for (const [name, bytes] of files)
    form.append('images', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
  const [group1, group3, closer, group6] = (await bulkUpload(w.server, token, event.id, form)) as string[];
  const ids = { group1: group1!, group3: group3!, closer: closer!, group6: group6! };
  // Analysis is its own job after the variants: every one of these photos holds faces once it is done.
  for (const id of Object.values(ids)) {
    await expect
      .poll(async () => (await photoOf(w, id)).faces.length, { timeout: 180_000, intervals: [250] })
      .toBeGreaterThan(0);
  }
  return { eventId: event.id, ids, selfieFrom: samplePhotoPath(3) };
}

const contextOptions = (size: SizeName) => ({
  viewport: SIZES[size],
  ...(size === 'desktop' ? { isMobile: false, hasTouch: false, deviceScaleFactor: 1 } : {}),
});

/** A signed-in page of its own context, with its console and refused requests watched. */
async function openAs(browser: Browser, w: World, size: SizeName, username: string) {
  const context = await browser.newContext(contextOptions(size));
  await signInContext(context, w, username);
  const page = await context.newPage();
  const errors = watchConsole(page);
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { context, page, errors: () => [...errors(), ...refused] };
}

/**
 * The ids of every photo in the grid, sorted. The grid is windowed (only the months near the
 * screen are drawn), so the page is scrolled through to its end, then back to the top.
 */
async function gridIds(page: Page): Promise<string[]> {
  const seen = new Set<string>();
  for (let step = 0; step < 50; step++) {
    const hrefs = await page
      .locator('a.photo-tile')
      .evaluateAll((tiles) => tiles.map((t) => t.getAttribute('href') ?? ''));
    for (const href of hrefs) seen.add(/\/photos\/([^/?]+)/.exec(href)?.[1] ?? href);
    const atEnd = await page.evaluate(() => {
      const before = window.scrollY;
      // Instant: the app scrolls smoothly, which would leave the position unchanged for now.
      window.scrollBy({ top: window.innerHeight / 2, behavior: 'instant' });
      return window.scrollY === before;
    });
    if (atEnd) break;
    // The windowed grid draws the rows now on screen in its next frame.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
  }
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  return [...seen].sort();
}

/** The page is no wider than the window: on a phone a wider page is zoomed out, text and all. */
async function expectNoSidewaysScroll(page: Page) {
  // Not innerWidth: on a phone the layout viewport itself grows to the page's width.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'the page is wider than the window').toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** Every image in `scope` has loaded with real pixels. */
async function expectImagesLoaded(scope: Locator) {
  await expect
    .poll(() =>
      scope
        .locator('img')
        .evaluateAll((images) =>
          images.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0),
        ),
    )
    .toBe(true);
}

async function openInfo(page: Page) {
  await page
    .getByRole('dialog', { name: 'Photo viewer' })
    .getByRole('button', { name: 'Info', exact: true })
    .click();
  return page.getByTestId('viewer-info');
}

for (const size of Object.keys(SIZES) as SizeName[]) {
  test.describe(`people at ${size} size`, () => {
    test('people strip, filter, faces in the viewer, naming, tags, find me and consent', async ({
      browser,
    }) => {
      const w = world();
      const { eventId, ids, selfieFrom } = await eventWithFaces(w, `Rooftop party (${size})`);
      const galleryUrl = `${w.server.url}/events/${eventId}`;

      // Who is in both shots of sample 3: the people the filter and find-me are about.
      const [group3, closer] = [await photoOf(w, ids.group3), await photoOf(w, ids.closer)];
      const inGroup3 = new Set(group3.faces.map((f) => f.person_id));
      const shared = closer.faces
        .map((f) => f.person_id)
        .filter((id): id is string => !!id && inGroup3.has(id));
      expect(shared.length, 'the closer shot shows people of the group photo').toBeGreaterThan(0);
      const person = shared[0]!;
      const people = await peopleOf(w, eventId);
      expect(people.find((p) => p.id === person)?.photos_count).toBe(2);
      expect(people.every((p) => p.face_url)).toBe(true);

      // The coordinator's gallery: a strip of every person, face crops loaded.
      const cora = await openAs(browser, w, size, COORDINATOR);
      await cora.page.goto(galleryUrl);
      const strip = cora.page.getByRole('region', { name: 'People in this event' });
      const picks = strip.locator('.people-row button');
      await expect(picks).toHaveCount(people.length);
      await expectImagesLoaded(strip);
      await expectNoSidewaysScroll(cora.page);
      await expect.poll(() => gridIds(cora.page)).toEqual(Object.values(ids).sort());
      await keepScreenshot(cora.page, 'people-strip');
      await expectAccessible(cora.page);

      // Choosing a person filters the gallery to their two photos, in the URL; clearing shows all again.
      const at = people.findIndex((p) => p.id === person);
      await picks.nth(at).click();
      await expect(cora.page).toHaveURL(`${galleryUrl}?person=${person}`);
      await expect(picks.nth(at)).toHaveAttribute('aria-pressed', 'true');
      await expect
        .poll(async () => (await gridIds(cora.page)).sort())
        .toEqual([ids.group3, ids.closer].sort());
      await keepScreenshot(cora.page, 'people-filtered');
      await strip.getByRole('button', { name: /Show everyone/ }).click();
      await expect(cora.page).toHaveURL(galleryUrl);
      await expect.poll(() => gridIds(cora.page)).toEqual(Object.values(ids).sort());
      // Back returns to the filter, as a page of its own.
      await cora.page.goBack();
      await expect(cora.page).toHaveURL(`${galleryUrl}?person=${person}`);
      await expect.poll(() => gridIds(cora.page)).toEqual([ids.group3, ids.closer].sort());

      // The member, in the closer shot: the faces drawn over the photo and listed in the info.
      const milo = await openAs(browser, w, size, MEMBER);
      await milo.page.goto(`${w.server.url}/photos/${ids.closer}?in=event:${eventId}`);
      await expect(milo.page.locator('.photo-stage-full[data-loaded]')).toBeVisible();
      const info = await openInfo(milo.page);
      const chips = info.locator('.face-chip');
      await expect(info.locator('.faces-list').first().locator('.face-chip')).toHaveCount(
        closer.faces.length,
      );
      // Each face listed with the face itself, cut from the photo, so one can tell whose it is.
      await expect(info.getByTestId('face-crop')).toHaveCount(closer.faces.length);
      await info.getByRole('button', { name: 'Show faces' }).click();
      await expect(info.getByRole('button', { name: 'Show faces' })).toHaveAttribute('aria-pressed', 'true');
      await expect(milo.page.locator('.face-box')).toHaveCount(closer.faces.length);
      await keepScreenshot(milo.page, 'people-viewer-faces');
      await expectAccessible(milo.page);

      // "This is me" on their own face: the face is named, and the server links the person.
      const mine = closer.faces.findIndex((f) => f.person_id === person);
      await chips.nth(mine).getByRole('button', { name: 'This is me' }).click();
      await expect(chips.nth(mine).locator('.face-chip-name')).toHaveText(MEMBER);
      await expect(chips.nth(mine).getByRole('button', { name: 'Not me' })).toBeVisible();
      await expect(milo.page.locator('.face-box-name', { hasText: MEMBER })).toHaveCount(1);
      expect((await peopleOf(w, eventId)).find((p) => p.id === person)?.user?.username).toBe(MEMBER);
      await keepScreenshot(milo.page, 'people-this-is-me');

      // The coordinator names someone in sample 1 in the viewer: "Name…" on their face, then a
      // member found by typing. The face, its box and the gallery's strip then carry the name.
      const group1 = await photoOf(w, ids.group1);
      const other = group1.faces.findIndex((f) => f.person_id && f.person_id !== person);
      const otherPerson = group1.faces[other]!.person_id!;
      await cora.page.goto(`${w.server.url}/photos/${ids.group1}?in=event:${eventId}`);
      await expect(
        cora.page.locator(`[data-photo="${ids.group1}"] .photo-stage-full[data-loaded]`),
      ).toBeVisible();
      const coraFaces = (await openInfo(cora.page)).locator('.faces-list').first().locator('.face-chip');
      await expect(coraFaces).toHaveCount(group1.faces.length);
      // The staff name people: no "This is me" among their face buttons.
      await expect(coraFaces.getByRole('button', { name: 'This is me' })).toHaveCount(0);
      await coraFaces.nth(other).getByRole('button', { name: 'Name…' }).click();
      const nameSheet = cora.page.getByRole('dialog', { name: 'Who is this?' });
      const choices = nameSheet.getByRole('list', { name: 'Members' }).getByRole('button');
      // The coordinator and the members; naming this face after the member named on another
      // face would merge the two people, and the list says so.
      await expect(choices).toHaveCount(4);
      await expect(choices.filter({ hasText: MEMBER })).toContainText('Merge');
      await keepScreenshot(cora.page, 'people-name-sheet');
      await expectAccessible(cora.page);
      // A member who turned face matching off cannot be named: the sheet says so in the server's words.
      const search = nameSheet.getByLabel('A member of the event');
      await search.fill(OPTED_OUT);
      await expect(choices).toHaveCount(1);
      await choices.click();
      await expect(nameSheet.getByRole('alert')).toHaveText('This person has turned face matching off.');
      await keepScreenshot(cora.page, 'people-name-refused');
      await search.fill(NAMED.slice(0, 2));
      await expect(nameSheet.getByRole('alert')).toHaveCount(0);
      await expect(choices).toHaveCount(1);
      await choices.filter({ hasText: NAMED }).click();
      await expect(nameSheet).toBeHidden();
      await expect(coraFaces.nth(other).locator('.face-chip-name')).toHaveText(NAMED);
      await expect(coraFaces.nth(other).getByRole('button', { name: 'Change' })).toBeVisible();
      expect((await peopleOf(w, eventId)).find((p) => p.id === otherPerson)?.user?.username).toBe(NAMED);
      await keepScreenshot(cora.page, 'people-name-given');

      // "Remove name" takes it off at once, with an undo that puts it back.
      await coraFaces.nth(other).getByRole('button', { name: 'Remove name' }).click();
      await expect(coraFaces.nth(other).locator('.face-chip-name')).toHaveText('Unnamed');
      expect((await peopleOf(w, eventId)).find((p) => p.id === otherPerson)?.user).toBeNull();
      await cora.page.getByRole('button', { name: 'Undo' }).click();
      await expect(coraFaces.nth(other).locator('.face-chip-name')).toHaveText(NAMED);
      await expect
        .poll(async () => (await peopleOf(w, eventId)).find((p) => p.id === otherPerson)?.user?.username)
        .toBe(NAMED);

      // The gallery's strip shows the name under that person's face.
      await cora.page.goto(galleryUrl);
      await expect(strip.locator('.person-name', { hasText: NAMED })).toHaveCount(1);

      // The coordinator sees the member suggested in the group photo and tags them.
      await cora.page.goto(`${w.server.url}/photos/${ids.group3}?in=event:${eventId}`);
      const coraInfo = await openInfo(cora.page);
      const suggestions = coraInfo.locator('.faces-suggestions');
      await expect(suggestions.getByRole('button', { name: `Tag ${MEMBER}` })).toBeVisible();
      await suggestions.scrollIntoViewIfNeeded();
      await keepScreenshot(cora.page, 'people-suggestions');
      await expectAccessible(cora.page);
      await suggestions.getByRole('button', { name: `Tag ${MEMBER}` }).click();
      await expect(suggestions).toBeHidden();
      const tagged = await photoOf(w, ids.group3);
      expect(tagged.tagged_users.map((u) => u.username)).toEqual([MEMBER]);
      expect(tagged.tag_suggestions).toEqual([]);
      const { json: notes } = await w.api<{ verb: string; data: { photo_id: string | null } }[]>(
        'GET',
        '/api/notifications/',
        { token: tokens[MEMBER] },
      );
      expect(notes.filter((n) => n.verb === 'TAGGED').map((n) => n.data.photo_id)).toContain(ids.group3);

      // The name the coordinator gave shows on that face in sample 1.
      await cora.page.goto(`${w.server.url}/photos/${ids.group1}?in=event:${eventId}`);
      // The keyboard is the viewer's once the photo is on screen.
      await expect(
        cora.page.locator(`[data-photo="${ids.group1}"] .photo-stage-full[data-loaded]`),
      ).toBeVisible();
      await cora.page.keyboard.press('f');
      await expect(cora.page.locator('.face-box')).toHaveCount(group1.faces.length);
      await expect(cora.page.locator('.face-box-name', { hasText: NAMED })).toHaveCount(1);
      await keepScreenshot(cora.page, 'people-named');

      // The member finds their photos with a selfie: a crop of their face, chosen as a file.
      const { mirroredCropAround } = await samples();
      const myFace = group3.faces.find((f) => f.person_id === person)!;
      const { image: selfie } = await mirroredCropAround(selfieFrom, myFace);
      await milo.page.goto(galleryUrl);
      await milo.page.getByRole('button', { name: 'Find my photos' }).click();
      const sheet = milo.page.getByTestId('find-me-sheet');
      await expect(sheet.getByText('Take or choose a selfie')).toBeVisible();
      await keepScreenshot(milo.page, 'people-find-me');
      await expectAccessible(milo.page);
      const chooser = milo.page.waitForEvent('filechooser');
      const answer = milo.page.waitForResponse(
        (r) => r.url().endsWith(`/api/events/${eventId}/find-me/`) && r.request().method() === 'POST',
      );
      await sheet.getByText('Take or choose a selfie').click();
      await (await chooser).setFiles({ name: 'selfie.jpg', mimeType: 'image/jpeg', buffer: selfie });
      const matches = (await (await answer).json()) as { id: string; similarity: number }[];
      // Both photos of them, best first; the screen keeps the server's order.
      expect(
        matches
          .slice(0, 2)
          .map((m) => m.id)
          .sort(),
      ).toEqual([ids.group3, ids.closer].sort());
      const similarities = matches.map((m) => m.similarity);
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
      await expect(sheet.getByText(`Found you in ${matches.length} photos`)).toBeVisible();
      const found = await sheet
        .locator('.find-me-tile')
        .evaluateAll((tiles) =>
          tiles.map((t) => /\/photos\/([^/?]+)/.exec(t.getAttribute('href') ?? '')?.[1]),
        );
      expect(found).toEqual(matches.map((m) => m.id));
      await expectImagesLoaded(sheet);
      await keepScreenshot(milo.page, 'people-find-me-results');
      await milo.page.keyboard.press('Escape');
      await expect(sheet).toBeHidden();

      // Consent: the coordinator turns faces off for the event, which deletes its face data.
      await cora.page.goto(`${galleryUrl}/edit`);
      const facesSwitch = cora.page.getByRole('switch', { name: /Faces and Find my photos/ });
      await expect(facesSwitch).toBeChecked();
      await facesSwitch.click();
      await cora.page
        .getByRole('dialog', { name: 'Turn off faces for this event?' })
        .getByRole('button', { name: 'Turn off' })
        .click();
      await expect(facesSwitch).not.toBeChecked();
      await facesSwitch.scrollIntoViewIfNeeded();
      await keepScreenshot(cora.page, 'people-consent-off');
      await cora.page.getByRole('button', { name: 'Save changes' }).click();
      await expect(cora.page).toHaveURL(galleryUrl);
      await expect.poll(() => gridIds(cora.page)).toEqual(Object.values(ids).sort());
      await expect(cora.page.getByRole('region', { name: 'People in this event' })).toHaveCount(0);
      await expect(cora.page.getByRole('button', { name: 'Find my photos' })).toHaveCount(0);

      // The member's gallery has no people either, and the server refuses find-me and the people list.
      await milo.page.reload();
      await expect.poll(() => gridIds(milo.page)).toEqual(Object.values(ids).sort());
      await expect(milo.page.getByRole('button', { name: 'Find my photos' })).toHaveCount(0);
      await w.api('POST', `/api/events/${eventId}/find-me/`, { token: tokens[MEMBER], expect: [403] });
      await w.api('GET', `/api/events/${eventId}/people/`, { token: tokens[MEMBER], expect: [403] });
      expect((await photoOf(w, ids.closer, MEMBER)).faces).toEqual([]);

      // The account-wide consent in the profile, as the member sees it.
      await milo.page.goto(`${w.server.url}/profile`);
      const mySwitch = milo.page.getByRole('switch', { name: /Let people find me in photos/ });
      await expect(mySwitch).toBeChecked();
      await mySwitch.scrollIntoViewIfNeeded();
      await keepScreenshot(milo.page, 'people-profile-consent');

      // The one refusal the story asked for: naming the member who turned face matching off.
      expect(cora.errors()).toEqual([
        'Failed to load resource: the server responded with a status of 409 (Conflict)',
        `409 POST /api/events/${eventId}/people/${otherPerson}/link/`,
      ]);
      expect(milo.errors()).toEqual([]);
      await cora.context.close();
      await milo.context.close();
    });
  });
}
