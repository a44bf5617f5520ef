import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { mailedCode, PASSWORD, SIZES, type SizeName, watchConsole } from '../support/app.js';
import { useWorld } from '../support/world.js';

/**
 * The product's core loop, as two people live it, at each size: Ada signs up with the mailed code
 * and fills in her profile, creates an event and hands out an invite link; Ben opens the link,
 * signs in and joins; Ada uploads five photos and watches them go through; Ben sees them arrive in
 * the gallery without reloading, opens one, swipes, zooms and likes it; Ada sees the like, downloads
 * the photo, signs out and back in, and her photos are still there.
 */

const world = useWorld();

/** Five distinct JPEGs, as a phone's camera roll would hand them over. */
async function cameraRoll(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < 5; i++) {
    const file = path.join(dir, `IMG_00${i + 1}.jpg`);
    await sharp({
      create: {
        width: 900,
        height: 600,
        channels: 3,
        background: { r: 40 + i * 40, g: 120, b: 200 - i * 30 },
      },
    })
      .composite([
        {
          input: Buffer.from(
            `<svg width="900" height="600"><circle cx="${200 + i * 120}" cy="300" r="140" fill="#fff" opacity="0.6"/></svg>`,
          ),
        },
      ])
      .jpeg()
      .toFile(file);
    files.push(file);
  }
  return files;
}

/** Refusals the story meets on purpose: a page opened before signing in asks for a refresh (401). */
function consoleErrors(page: Page) {
  const all = watchConsole(page);
  return () => all().filter((text) => !(text.startsWith('Failed to load resource') && text.includes('401')));
}

async function newPerson(browser: Browser, size: SizeName) {
  const context = await browser.newContext({ viewport: SIZES[size], hasTouch: size === 'phone' });
  const page = await context.newPage();
  return { context, page, errors: consoleErrors(page) };
}

const photoTiles = (page: Page) => page.locator('main a[href^="/photos/"]');

for (const size of Object.keys(SIZES) as SizeName[]) {
  test(`the core loop on a ${size}: sign up, event, invite, upload, live gallery, like, download`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const w = world();
    const base = w.server.url;
    const ada = await newPerson(browser, size);
    const ben = await newPerson(browser, size);
    const adaName = `ada_${size}`;
    const benName = `ben_${size}`;
    const email = `${adaName}@example.com`;
    const title = `Lantern walk (${size})`;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-roll-'));

    try {
      // Ada signs up with the code from her mail, and says who she is.
      await ada.page.goto(`${base}/`);
      await ada.page.getByRole('link', { name: 'Create an account' }).click();
      await ada.page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
      await ada.page.getByLabel('Username').fill(adaName);
      await ada.page.getByLabel('Email').fill(email);
      await ada.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await ada.page.getByRole('button', { name: 'Create account' }).click();
      await ada.page.getByLabel('6-digit code').fill(await mailedCode(w.dataDir, email, 'verification'));
      await ada.page.getByLabel('About you').fill('Takes the wide shots.');
      await ada.page.getByRole('button', { name: 'Continue' }).click();
      await expect(ada.page).toHaveURL(`${base}/`);
      await expect(ada.page.getByRole('heading', { name: 'Photos', level: 1 })).toBeVisible();

      // She creates the event from the Events tab and lands in its (empty) gallery.
      await ada.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
      await ada.page.getByRole('link', { name: 'New event' }).first().click();
      await ada.page.getByLabel('Title').fill(title);
      await ada.page.getByLabel('Location').fill('Old harbour');
      await ada.page.getByRole('button', { name: 'Create event' }).click();
      await expect(ada.page).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
      const eventId = ada.page.url().split('/').pop() as string;

      // An invite link from the members screen.
      await ada.page.goto(`${base}/events/${eventId}/members`);
      await ada.page.getByRole('button', { name: 'Create invite link' }).click();
      const inviteUrl = await ada.page.getByLabel(/Invite link/).inputValue();
      expect(inviteUrl).toContain('/invite/');

      // Ben has an account; he opens the link signed out, signs in from it and joins.
      await w.signUp(benName);
      await ben.page.goto(inviteUrl);
      await expect(ben.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await ben.page.getByRole('link', { name: 'Sign in to join' }).click();
      await ben.page.getByLabel('Username or email').fill(benName);
      await ben.page.getByLabel('Password', { exact: true }).fill('a long enough benchmark passphrase');
      await ben.page.getByRole('button', { name: 'Sign in' }).click();
      await ben.page.getByRole('button', { name: `Join ${title}` }).click();
      await expect(ben.page).toHaveURL(`${base}/events/${eventId}`);
      await expect(photoTiles(ben.page)).toHaveCount(0);
      // A mark on Ben's page: if it survives, nothing reloaded it.
      await ben.page.evaluate(() => {
        (window as unknown as { storyMark: number }).storyMark = 42;
      });

      // Ada uploads five photos and sees each through to the end.
      await ada.page.goto(`${base}/events/${eventId}`);
      await ada.page.getByRole('link', { name: 'Upload', exact: true }).click();
      await ada.page
        .locator('input[type=file]')
        .first()
        .setInputFiles(await cameraRoll(dir));
      await expect(ada.page.getByRole('heading', { name: /5 photos/ })).toBeVisible();
      await ada.page.getByRole('button', { name: 'Upload 5 photos' }).click();
      for (let i = 1; i <= 5; i++) {
        await expect(
          ada.page.locator('.upload-row', { hasText: `IMG_00${i}.jpg` }).getByText('Done', { exact: true }),
        ).toBeVisible({ timeout: 60_000 });
      }

      // Ben's gallery filled in by itself.
      await expect(photoTiles(ben.page)).toHaveCount(5, { timeout: 30_000 });
      await expect(ben.page.locator('main a[href^="/photos/"] img')).toHaveCount(5);
      expect(await ben.page.evaluate(() => (window as unknown as { storyMark?: number }).storyMark)).toBe(42);

      // He opens one, goes to the next, zooms in, and likes it with the heart.
      await photoTiles(ben.page).first().click();
      const viewer = ben.page.getByRole('dialog', { name: 'Photo viewer' });
      await expect(viewer).toBeVisible();
      const firstUrl = ben.page.url();
      await ben.page.keyboard.press('ArrowRight');
      await expect(ben.page).not.toHaveURL(firstUrl);
      const likedId = new URL(ben.page.url()).pathname.split('/').pop() as string;
      const photo = ben.page.getByTestId('viewer-photo');
      await photo.dblclick();
      await expect.poll(() => photo.getAttribute('data-scale')).toBe('2.50');
      await photo.dblclick();
      await viewer.getByRole('button', { name: 'Like', exact: true }).click();
      await expect(viewer.getByTestId('likes-count')).toHaveText('1');

      // Ada sees the like on that photo, and downloads it.
      await ada.page.goto(`${base}/photos/${likedId}?in=event:${eventId}`);
      const adaViewer = ada.page.getByRole('dialog', { name: 'Photo viewer' });
      await expect(adaViewer.getByTestId('likes-count')).toHaveText('1');
      const download = ada.page.waitForEvent('download');
      await adaViewer.getByRole('button', { name: /^Download/ }).click();
      expect((await download).suggestedFilename()).toMatch(/^Lantern-walk-.+\.jpg$/);

      // She signs out and in again; her feed still holds the five.
      await ada.page.goto(`${base}/profile`);
      await ada.page.getByRole('button', { name: 'Sign out' }).click();
      await ada.page.getByLabel('Username or email').fill(email);
      await ada.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await ada.page.getByRole('button', { name: 'Sign in' }).click();
      await expect(ada.page).toHaveURL(`${base}/`);
      await expect(ada.page.locator(`main a[href^="/photos/${likedId}"]`)).toBeVisible();
      expect(await photoTiles(ada.page).count()).toBeGreaterThanOrEqual(5);

      expect(ada.errors()).toEqual([]);
      expect(ben.errors()).toEqual([]);
    } finally {
      await ada.context.close();
      await ben.context.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
