import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { bulkUpload, startServer } from '../../bench/server.mjs';
import { SERVER_MAIN } from '../../bench/server-deps.mjs';
import { expectAccessible, keepScreenshot, SIZES, signInContext, watchConsole } from '../support/app.js';
import { startWorld, type World } from '../support/world.js';

/**
 * The photo timeline as people see it: the feed and an event's gallery show real uploads under
 * their month, a photo uploaded while the gallery is open appears without a reload, and a feed of
 * 2,000 photos scrolls to its end with only a window of images in the page.
 */

// Real uploads are processed and 2,000 rows seeded: slower than a page story on a busy machine.
test.describe.configure({ timeout: 240_000 });
let started: World | undefined;
test.beforeAll(async () => {
  // A first start runs the embedded database's initdb, slow on a loaded machine.
  test.setTimeout(240_000);
  started = await startWorld();
});
test.afterAll(async () => {
  await started?.close();
});
const world = () => {
  if (!started) throw new Error('the world is not started yet');
  return started;
};

/** A real JPEG of its own colours and shape (uploads are deduplicated by content), processed; its id. */
async function uploadColouredPhoto(w: World, token: string, eventId: string, hue: number, portrait = false) {
  const [width, height] = portrait ? [600, 900] : [900, 600];
  const pixels = Buffer.alloc(width * height * 3);
  const [r, g, b] = [
    Math.sin(hue) * 90 + 120,
    Math.sin(hue + 2.1) * 90 + 120,
    Math.sin(hue + 4.2) * 90 + 120,
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const light = 0.55 + (0.45 * (x + y)) / (width + height);
      pixels[at] = r * light;
      pixels[at + 1] = g * light;
      pixels[at + 2] = b * (1.2 - light / 2);
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('images', new Blob([jpeg], { type: 'image/jpeg' }), `photo-${hue}.jpg`);
  const [photoId] = (await bulkUpload(w.server, token, eventId, form)) as string[];
  await expect
    .poll(
      async () => (await w.api<{ status: string }>('GET', `/api/photos/${photoId}/`, { token })).json.status,
      {
        timeout: 30_000,
      },
    )
    .toBe('CO');
  return photoId as string;
}

/** "November 2026" for now, in the browser's own time zone (uploads without EXIF are taken now). */
const currentMonth = (page: Page) =>
  page.evaluate(() =>
    new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' }).format(new Date()),
  );

const tiles = (page: Page) => page.getByRole('link', { name: /^Photo by / });

for (const [size, viewport] of Object.entries(SIZES)) {
  test.describe(`on a ${size}`, () => {
    test.use({ viewport });

    test('the feed and the gallery show the photos under their month, and a new one arrives live', async ({
      browser,
    }) => {
      const w = world();
      const username = `ada_${size}`;
      const token = await w.signUp(username);
      const { json: event } = await w.api<{ id: string }>('POST', '/api/events/', {
        token,
        body: {
          title: 'Spring formal',
          // Private, so each size's feed holds only its own five photos.
          read_perm: 'PRV',
          location: 'Main hall',
          starts_at: new Date(Date.now() - 86_400_000).toISOString(),
          ends_at: new Date().toISOString(),
        },
      });
      for (let i = 0; i < 5; i++)
        await uploadColouredPhoto(w, token, event.id, i * 1.3 + (size === 'phone' ? 0 : 0.6), i % 3 === 1);

      const context = await browser.newContext({ viewport });
      await signInContext(context, w, username);
      const page = await context.newPage();
      const errors = watchConsole(page);

      await page.goto(`${w.server.url}/`);
      await expect(page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();
      await expect(page.getByRole('heading', { name: await currentMonth(page), level: 2 })).toBeVisible();
      await expect(tiles(page)).toHaveCount(5);
      await expect(page.locator('.photo-tile img.is-loaded')).toHaveCount(5);
      await keepScreenshot(page, 'feed');
      await expectAccessible(page);

      // The layout toggle switches to the masonry and is remembered across a reload.
      await page.getByRole('button', { name: /masonry/i }).click();
      await expect(page.locator('.photo-grid[data-layout="masonry"]')).toBeVisible();
      await page.reload();
      await expect(page.locator('.photo-grid[data-layout="masonry"]')).toBeVisible();
      await expect(page.locator('.photo-tile img.is-loaded')).toHaveCount(5);
      await keepScreenshot(page, 'feed-masonry');
      await page.getByRole('button', { name: /grid/i }).click();

      await tiles(page).first().click();
      await expect(page).toHaveURL(/\/photos\/[0-9a-f-]+\?in=feed$/);

      await page.goto(`${w.server.url}/events/${event.id}`);
      await expect(page.getByRole('heading', { name: 'Spring formal', level: 2 })).toBeVisible();
      await expect(page.getByText('5 photos')).toBeVisible();
      await expect(page.getByText('You coordinate this event')).toBeVisible();
      await expect(page.getByRole('link', { name: 'Upload' })).toHaveAttribute(
        'href',
        `/events/${event.id}/upload`,
      );
      await expect(tiles(page)).toHaveCount(5);
      await expect(page.locator('.photo-tile img.is-loaded')).toHaveCount(5);
      await keepScreenshot(page, 'gallery');
      await expectAccessible(page);

      // Uploaded elsewhere while this page stays open: it appears, with its thumbnail, unreloaded.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      await uploadColouredPhoto(w, token, event.id, 9.9);
      await expect(tiles(page)).toHaveCount(6);
      await expect(page.locator('.photo-tile img.is-loaded')).toHaveCount(6);
      await expect(page.getByText('6 photos')).toBeVisible();
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
        true,
      );

      expect(errors()).toEqual([]);
      await context.close();
    });
  });
}

/** Seeded photos are rows without files: only their thumbnails' 404s are expected on the console. */
const isMissingSeedThumbnail = (message: string) =>
  /^Failed to load resource: the server responded with a status of 404/.test(message);

test.describe('a feed of 2,000 photos', () => {
  let seeded: { url: string; stop(): Promise<void> } | undefined;
  let dataDir = '';
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    // seed-demo takes the data folder's lock, so it runs before the server starts on that folder.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-e2e-feed-'));
    await promisify(execFile)(
      process.execPath,
      [SERVER_MAIN, 'seed-demo', '--users', '4', '--events', '3', '--photos', '2000', '--seed', 'feed-e2e'],
      { cwd: dataDir, env: { ...process.env, DATA_DIR: dataDir } },
    );
    seeded = await startServer(dataDir, {});
  });
  test.afterAll(async () => {
    await seeded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`scrolls to the end on a ${size} with at most ~60 images in the page`, async ({ browser }) => {
      test.setTimeout(240_000);
      const server = seeded as { url: string };
      const context: BrowserContext = await browser.newContext({ viewport });
      const login = await context.request.post(`${server.url}/api/auth/login/`, {
        headers: { 'x-pixeli-session': 'cookie', origin: server.url },
        data: { username: 'demo.admin', password: 'pixeli-demo' },
      });
      expect(login.status()).toBe(200);
      const page = await context.newPage();
      const errors = watchConsole(page);
      await page.goto(`${server.url}/`);
      await expect(tiles(page).first()).toBeVisible();
      await keepScreenshot(page, 'feed-seeded');

      let most = 0;
      let seen = new Set<string>();
      for (let step = 0; step < 2000; step++) {
        const state = await page.evaluate(() => {
          window.scrollBy(0, window.innerHeight * 0.9);
          const links = Array.from(
            document.querySelectorAll<HTMLAnchorElement>('a.photo-tile'),
            (a) => a.pathname,
          );
          return {
            images: document.querySelectorAll('img').length,
            links,
            atEnd: window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
          };
        });
        most = Math.max(most, state.images);
        seen = new Set([...seen, ...state.links]);
        // At the bottom with every photo seen: done (otherwise the next page is on its way).
        if (state.atEnd && seen.size >= 2000) break;
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
      }
      expect(seen.size).toBe(2000);
      expect(most).toBeGreaterThan(10);
      expect(most).toBeLessThanOrEqual(64);
      await keepScreenshot(page, 'feed-seeded-end');
      await expectAccessible(page);
      expect(errors().filter((message) => !isMissingSeedThumbnail(message))).toEqual([]);
      await context.close();
    });
  }
});
