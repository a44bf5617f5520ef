import { expect, type Page, test } from '@playwright/test';
import { watchPolicy } from '../support/policy.js';
import { uploadPhoto, useWorld } from '../support/world.js';

/**
 * A share link opened in a real browser, by someone without an account: the page must render
 * under its Content-Security-Policy (its stylesheet allowed by hash, the image by origin), which
 * only a browser can judge.
 */

const world = useWorld();
let token: string;
let photoId: string;
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

test.beforeAll(async () => {
  token = await world().signUp('ada');
  const { json: event } = await world().api<{ id: string }>('POST', '/api/events/', {
    token,
    body: { title: 'Fête de la Musique' },
  });
  photoId = await uploadPhoto(world(), token, event.id);
  await world().api('PATCH', `/api/photos/${photoId}/`, { token, body: { caption: 'First dance' } });
});

async function share(body: object = {}) {
  const { json } = await world().api<{ token: string; share_url: string }>(
    'POST',
    `/api/photos/${photoId}/share/`,
    { token, body: { expires_at: inAWeek(), ...body } },
  );
  return json;
}

/** Whether the page's photo was fetched and decoded (a blocked or broken image has no width). */
const imageShown = (page: Page) =>
  page.locator('figure img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

test('a share link opens as a page with the photo, styled, with a working download', async ({ page }) => {
  const violations = watchPolicy(page);
  const link = await share();
  await page.goto(link.share_url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fête de la Musique');
  await expect(page.getByText('First dance')).toBeVisible();
  await expect.poll(() => imageShown(page)).toBe(true);
  // The stylesheet applied: the button has the accent colour, not a browser default.
  const button = page.getByRole('link', { name: 'Download photo' });
  await expect(button).toHaveCSS('color', 'rgb(255, 255, 255)');
  const download = page.waitForEvent('download');
  await button.click();
  expect((await download).suggestedFilename()).toBe(`fete-de-la-musique-${photoId.slice(0, 8)}.jpg`);
  expect(violations).toEqual([]);
});

test('a protected link asks for its password and shows the photo once it is right', async ({ page }) => {
  const violations = watchPolicy(page);
  const link = await share({ password: 'open sesame' });
  await page.goto(link.share_url);
  await expect(page.getByRole('heading', { name: 'This photo is protected' })).toBeVisible();
  await page.getByLabel('Password').fill('nope');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not right.');
  await page.getByLabel('Password').fill('open sesame');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fête de la Musique');
  await expect.poll(() => imageShown(page)).toBe(true);
  // The password went in the form body, never into the address.
  expect(page.url()).toBe(link.share_url);
  expect(violations).toEqual([]);
});

test('a revoked link says it no longer works', async ({ page }) => {
  const link = await share();
  await world().api('DELETE', `/api/photos/share/${link.token}/`, { token, expect: [204] });
  const response = await page.goto(link.share_url);
  expect(response?.status()).toBe(410);
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
});
