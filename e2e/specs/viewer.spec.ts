import { expect, type Locator, type Page, test } from '@playwright/test';
import sharp from 'sharp';
// The same helper the world uses, to upload photos that differ (identical bytes are one photo).
import { bulkUpload } from '../../bench/server.mjs';
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
 * The photo viewer, as a person uses it at both sizes: open a photo of an event, go to the next
 * (a swipe on a phone, the arrow on a desktop), zoom, like, reload, read the info, download with
 * a readable name, delete with confirmation.
 */

// A loaded machine can take a minute and more to start a server and process uploads.
test.describe.configure({ timeout: 300_000 });
const world = useWorld();
let token: string;

test.beforeAll(async () => {
  token = await world().signUp('ada');
});

/** A JPEG whose colours depend on `hue`, with camera facts in its EXIF, uploaded and processed. */
async function uploadDistinct(w: World, eventId: string, hue: number): Promise<string> {
  const width = 1200;
  const height = 800;
  const pixels = Buffer.alloc(width * height * 3);
  // A soft diagonal blend between two colours picked by `hue`, like an evening sky.
  const from = [40 + (hue % 180), 60 + ((hue * 3) % 120), 120 + ((hue * 7) % 110)];
  const to = [230 - (hue % 90), 120 + ((hue * 5) % 100), 90 + ((hue * 2) % 60)];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const at = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(from[c]! + (to[c]! - from[c]!) * t);
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R6' } })
    .jpeg({ quality: 85 })
    .toBuffer();
  const form = new FormData();
  form.append('images', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `gala-${hue}.jpg`);
  const [id] = (await bulkUpload(w.server, token, eventId, form)) as string[];
  await expect
    .poll(async () => (await w.api<{ status: string }>('GET', `/api/photos/${id}/`, { token })).json.status, {
      timeout: 120_000,
    })
    .toBe('CO');
  return id!;
}

async function eventWithPhotos(title: string) {
  const { json: event } = await world().api<{ id: string }>('POST', '/api/events/', {
    token,
    body: { title },
  });
  for (const hue of [20, 110, 200]) await uploadDistinct(world(), event.id, hue);
  const { json: photos } = await world().api<{ id: string }[]>('GET', `/api/events/${event.id}/photos/`, {
    token,
  });
  await world().api('PATCH', `/api/photos/${photos[0]!.id}/`, {
    token,
    body: { caption: 'First dance under the lights', user_tags: ['dance', 'night'] },
  });
  return { eventId: event.id, ids: photos.map((p) => p.id) };
}

/** A one-finger horizontal swipe on the photo, as touch pointer events. */
async function swipe(photo: Locator, from: number, to: number) {
  const box = (await photo.boundingBox())!;
  const y = box.y + box.height / 2;
  const at = (x: number) => ({
    pointerId: 7,
    pointerType: 'touch',
    isPrimary: true,
    clientX: x,
    clientY: y,
    button: 0,
  });
  await photo.dispatchEvent('pointerdown', at(from));
  for (let step = 1; step <= 6; step++)
    await photo.dispatchEvent('pointermove', at(from + ((to - from) * step) / 6));
  await photo.dispatchEvent('pointerup', at(to));
}

const scaleOf = (page: Page) => page.getByTestId('viewer-photo').getAttribute('data-scale');

for (const size of Object.keys(SIZES) as SizeName[]) {
  test.describe(`the viewer on a ${size}`, () => {
    test.use({ viewport: SIZES[size], hasTouch: true });

    test('swipe, zoom, like, reload, info, download and delete', async ({ page, context }) => {
      const errors = watchConsole(page);
      // Which request failed, should one fail (the console only says that one did).
      const refused: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400)
          refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      const title = size === 'phone' ? 'Spring Gala' : 'Winter Ball';
      const { eventId, ids } = await eventWithPhotos(title);
      await signInContext(context, world(), 'ada');

      await page.goto(`${world().server.url}/photos/${ids[0]}?in=event:${eventId}`);
      const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
      await expect(viewer.getByRole('link', { name: title })).toHaveAttribute('href', `/events/${eventId}`);
      await expect(viewer.getByText('ada', { exact: true }).first()).toBeVisible();
      await expect(page.locator('.photo-stage-full[data-loaded]')).toBeVisible();

      // To the next photo: a swipe on a phone, the visible arrow on a desktop; the URL follows.
      const stage = page.locator('.photo-stage');
      if (size === 'phone') await swipe(stage, 300, 40);
      else await viewer.getByRole('button', { name: 'Next photo' }).click();
      await expect(page).toHaveURL(`${world().server.url}/photos/${ids[1]}?in=event:${eventId}`);
      // And back with the keyboard, once the next photo is on screen.
      await expect(page.locator(`[data-photo="${ids[1]}"] .photo-stage-full[data-loaded]`)).toBeVisible();
      await page.keyboard.press('ArrowLeft');
      await expect(page).toHaveURL(`${world().server.url}/photos/${ids[0]}?in=event:${eventId}`);

      // Double tap zooms to 2.5× and back.
      const photo = page.getByTestId('viewer-photo');
      await expect(page.locator(`[data-photo="${ids[0]}"] .photo-stage-full[data-loaded]`)).toBeVisible();
      if (size === 'phone') {
        const box = (await photo.boundingBox())!;
        await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
        await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      } else {
        await photo.dblclick();
      }
      await expect.poll(() => scaleOf(page)).toBe('2.50');
      await expect(photo).toHaveAttribute('style', /scale\(2\.5\)/);
      await photo.dblclick();
      await expect.poll(() => scaleOf(page)).toBe('1.00');

      await keepScreenshot(page, 'viewer');
      await expectAccessible(page);

      // The heart: the count at once, and the server agrees.
      await viewer.getByRole('button', { name: 'Like', exact: true }).click();
      await expect(viewer.getByRole('button', { name: 'Like', exact: true })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await expect(viewer.getByTestId('likes-count')).toHaveText('1');
      await expect
        .poll(
          async () =>
            (await world().api<{ is_liked: boolean }>('GET', `/api/photos/${ids[0]}/`, { token })).json
              .is_liked,
        )
        .toBe(true);

      // A reload lands on the same photo, still liked.
      await page.reload();
      await expect(page).toHaveURL(`${world().server.url}/photos/${ids[0]}?in=event:${eventId}`);
      await expect(viewer.getByTestId('likes-count')).toHaveText('1');

      // Who liked.
      await viewer.getByTestId('likes-count').click();
      const likers = page.getByTestId('likers');
      await expect(likers.getByText('@ada')).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(likers).toBeHidden();
      await expect(page).toHaveURL(`${world().server.url}/photos/${ids[0]}?in=event:${eventId}`);

      // The info: a sheet on a phone, a panel beside the photo on a desktop.
      await viewer.getByRole('button', { name: 'Info', exact: true }).click();
      const info = page.getByTestId('viewer-info');
      await expect(info.getByText('First dance under the lights')).toBeVisible();
      await expect(info.getByText('dance', { exact: true })).toBeVisible();
      await expect(info.getByText('1200 × 800 · 1.0 MP')).toBeVisible();
      await expect(info.getByText('Canon EOS R6')).toBeVisible();
      if (size === 'desktop') await expect(page.locator('aside.viewer-side')).toBeVisible();
      else await expect(page.getByRole('dialog', { name: 'Info' })).toBeVisible();
      await keepScreenshot(page, 'viewer-info');
      await expectAccessible(page);
      await page.keyboard.press('i');
      await expect(info).toBeHidden();

      // Download: the original, under a name people can read.
      const download = page.waitForEvent('download');
      await viewer.getByRole('button', { name: /^Download/ }).click();
      const file = await download;
      const slug = title.replace(' ', '-');
      expect(file.suggestedFilename()).toMatch(new RegExp(`^${slug}-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.jpg$`));
      expect((await (await file.createReadStream()).toArray()).length).toBeGreaterThan(0);

      // Delete, confirmed: the next photo comes up and the server no longer has it.
      await viewer.getByRole('button', { name: 'Delete photo' }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Delete this photo?' });
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await keepScreenshot(page, 'viewer-delete');
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await expect(page.getByText('Photo deleted')).toBeVisible();
      await expect(page).toHaveURL(`${world().server.url}/photos/${ids[1]}?in=event:${eventId}`);
      await world().api('GET', `/api/photos/${ids[0]}/`, { token, expect: [404] });

      expect(refused).toEqual([]);
      expect(errors()).toEqual([]);
    });
  });
}
