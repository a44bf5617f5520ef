import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { expectAccessible, keepScreenshot, SIZES, signInContext, watchConsole } from '../support/app.js';
import { useWorld, type World } from '../support/world.js';

/**
 * Uploading photos as a person does: choose five photos and a file that only pretends to be one,
 * give them a caption and a tag, send them. The first request is cut off (bad venue Wi-Fi), so
 * every file fails with a reason and "Retry failed" sends them again; the photos end "Done" once
 * the server has processed them (heard on the socket), the pretender shows the server's reason,
 * and the tray keeps counting while the person is elsewhere in the app.
 */

const world = useWorld();

/** Five real JPEGs of different colours (different bytes, so none is a duplicate) and a fake. */
async function photoFiles(dir: string, tint: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < 5; i++) {
    const width = 640;
    const height = 480;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * 3;
        pixels[at] = (x * 255) / width;
        pixels[at + 1] = (y * 255) / height;
        pixels[at + 2] = (tint + i * 40) % 256;
      }
    }
    const file = path.join(dir, `garden-${i + 1}.jpg`);
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg()
      .toFile(file);
    paths.push(file);
  }
  const fake = path.join(dir, 'notes.jpg');
  await writeFile(fake, 'these are my notes, not a photo');
  return [...paths, fake];
}

async function newEvent(w: World, username: string) {
  const token = await w.signUp(username);
  const { json: event } = await w.api<{ id: string }>('POST', '/api/events/', {
    token,
    body: { title: 'Garden party' },
  });
  return { token, eventId: event.id };
}

/** Rows of the upload list (screen or tray) for one file name. */
const row = (page: Page, name: string) => page.locator('.upload-row', { hasText: name });

for (const [size, viewport] of Object.entries(SIZES)) {
  test.describe(`upload on a ${size}`, () => {
    test.use({ viewport });

    test('choose, describe and upload photos; a cut connection and a non-photo each say why, and retry works', async ({
      page,
      context,
    }) => {
      const w = world();
      const username = `ada-${size}`;
      const { token, eventId } = await newEvent(w, username);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-upload-'));
      const files = await photoFiles(dir, size === 'phone' ? 90 : 200);
      const errors = watchConsole(page);
      await signInContext(context, w, username);

      await page.goto(`${w.server.url}/events/${eventId}/upload`);
      await expect(page.getByRole('heading', { name: 'Upload photos' })).toBeVisible();
      await expect(page.getByText('Garden party')).toBeVisible();
      await page.locator('input[type=file]').setInputFiles(files);
      await expect(page.getByRole('heading', { name: /6 photos/ })).toBeVisible();

      // Options for all: a caption and a tag; one file taken out and put back shows removal works.
      await page.getByRole('button', { name: 'Remove notes.jpg' }).click();
      await expect(page.getByRole('heading', { name: /5 photos/ })).toBeVisible();
      await page.locator('label.file-picker-more input[type=file]').setInputFiles(files[5]!);
      await expect(page.getByRole('heading', { name: /6 photos/ })).toBeVisible();
      await page.getByLabel('Caption').fill('Under the lanterns');
      await page.getByLabel('Tags').fill('friends');
      await page.getByLabel('Tags').press('Enter');
      await expect(page.getByText('#friends')).toBeVisible();
      await expect(page.getByRole('radio', { name: /^Public/ })).toBeChecked();
      // Previews are drawn off the main thread as tiles come into view.
      await expect(page.locator('.selected-tile img').first()).toBeVisible();
      await page.getByLabel('Caption').blur();
      await page.evaluate(() => window.scrollTo(0, 0));
      await keepScreenshot(page, 'upload');
      await expectAccessible(page);

      // The first request is held (so the progress can be seen), then cut off.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let requests = 0;
      await page.route('**/photos/bulk-upload/', async (route) => {
        requests += 1;
        if (requests === 1) {
          await held;
          await route.abort('connectionreset');
        } else {
          await route.continue();
        }
      });
      await page.getByRole('button', { name: 'Upload 6 photos' }).click();
      await expect(page.getByRole('heading', { name: 'Uploads to this event' })).toBeVisible();
      await expect(row(page, 'garden-1.jpg').getByText(/Uploading \d+%/)).toBeVisible();

      // Elsewhere in the app the tray keeps count.
      await page.getByRole('button', { name: 'Back' }).click();
      await expect(page).toHaveURL(new RegExp(`/events/${eventId}$`));
      const tray = page.getByRole('region', { name: 'Uploads' });
      await expect(tray.getByText(/Uploading 0 of 6 · \d+%/)).toBeVisible();
      await keepScreenshot(page, 'upload-tray');

      release();
      await expect(tray.getByText('6 failed · 0 uploaded')).toBeVisible();
      await tray.getByRole('button', { name: 'Show upload details' }).click();
      await expect(row(page, 'garden-3.jpg').getByText(/connection dropped/)).toBeVisible();

      await tray.getByRole('button', { name: 'Retry failed' }).click();
      for (let i = 1; i <= 5; i++) {
        await expect(row(page, `garden-${i}.jpg`).getByText('Done', { exact: true })).toBeVisible({
          timeout: 30_000,
        });
      }
      const fake = row(page, 'notes.jpg');
      await expect(fake.getByText('Failed')).toBeVisible();
      await expect(fake.getByText('This file is not a JPEG, PNG, WebP, AVIF or HEIC image.')).toBeVisible();
      await expect(fake.getByRole('button', { name: 'Retry notes.jpg' })).toBeVisible();
      await expect(tray.getByText('1 failed · 5 uploaded')).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Uploads finished' })).toHaveText(
        'Uploads finished: 5 photos uploaded, 1 failed.',
      );
      await keepScreenshot(page, 'upload-tray-open');
      await expectAccessible(page);
      expect(requests).toBe(2);

      // The server has the five, with the options chosen for all.
      const { json: list } = await w.api<{ id: string; status: string }[]>(
        'GET',
        `/api/events/${eventId}/photos/`,
        { token },
      );
      expect(list).toHaveLength(5);
      expect(list.every((p) => p.status === 'CO')).toBe(true);
      const { json: one } = await w.api<{ caption: string; user_tags: string[]; read_perm: string }>(
        'GET',
        `/api/photos/${list[0]!.id}/`,
        { token },
      );
      expect(one).toMatchObject({ caption: 'Under the lanterns', user_tags: ['friends'], read_perm: 'PUB' });

      await tray.getByRole('button', { name: 'Dismiss uploads' }).click();
      await expect(tray).toHaveCount(0);
      // The cut-off request is the only thing the browser complained about.
      expect(errors().filter((e) => !/ERR_CONNECTION_RESET|net::ERR_FAILED/.test(e))).toEqual([]);
      await rm(dir, { recursive: true, force: true });
    });
  });
}
