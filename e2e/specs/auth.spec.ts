import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import {
  expectAccessible,
  keepScreenshot,
  mailedCode as mailedCodeIn,
  SIZES,
  type SizeName,
} from '../support/app.js';
import { useWorld } from '../support/world.js';

/**
 * The signed-out screens and the first profile, as a newcomer meets them: sign up with the mailed
 * code, a picture on the welcome step, the feed; the sign-in survives a reload but no script and no
 * other site can use it; sign out, a wrong password, sign in with the email; forgot password.
 */

let world: ReturnType<typeof useWorld>;
const mailedCode = (email: string, kind: 'verification' | 'password reset') =>
  mailedCodeIn(world().dataDir, email, kind);
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase 2';

/**
 * Console errors, except the refusals this story causes on purpose: the first refresh of a browser
 * without a sign-in (401), the wrong password (401) and the foreign form (403). A browser logs each
 * refused request as "Failed to load resource"; anything else is a real error.
 */
function watchErrors(page: Page): () => string[] {
  const errors: string[] = [];
  const expected = /\/api\/auth\/(session\/refresh|login)\/$/;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource') && expected.test(message.location().url)) return;
    errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return () => errors;
}

/** A small JPEG, as a phone's camera would hand over (with a gradient, so the crop shows). */
function portrait(): Promise<Buffer> {
  const width = 600;
  const height = 800;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = 40 + (x * 160) / width;
      pixels[at + 1] = 90 + (y * 120) / height;
      pixels[at + 2] = 200;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
}

/** Another site: a page whose form posts itself to the session refresh route as soon as it loads. */
async function foreignSite(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(
      `<!doctype html><title>Win a prize</title><form id="f" method="POST" action="${target}"></form>` +
        `<script>document.getElementById('f').submit()</script>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function look(page: Page, name: string) {
  await expectAccessible(page);
  await keepScreenshot(page, name);
}

test.describe('auth', () => {
  // Long stories, and a first start that creates the database: more than the default minute on a busy machine.
  test.describe.configure({ timeout: 180_000 });
  world = useWorld();

  for (const size of Object.keys(SIZES) as SizeName[]) {
    test.describe(`auth on a ${size}`, () => {
      test.use({ viewport: SIZES[size] });

      test('sign up with the code, a picture, the feed; the sign-in is out of reach of scripts and other sites', async ({
        page,
        context,
      }) => {
        const errors = watchErrors(page);
        const base = world().server.url;
        const username = `newcomer_${size}`;
        const email = `${username}@example.com`;

        await page.goto(`${base}/`);
        await expect(page).toHaveURL(`${base}/signin`);
        await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
        await look(page, 'auth-signin');

        await page.getByRole('link', { name: 'Create an account' }).click();
        await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
        await page.getByLabel('Name', { exact: true }).fill('Nova Newcomer');
        // The contract's rule is checked as the person leaves the field.
        await page.getByLabel('Username').fill('not allowed!');
        await page.getByLabel('Email').click();
        await expect(page.getByText('Enter a valid username.')).toBeVisible();
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await expect(page.getByText('Strong')).toBeVisible();
        await look(page, 'auth-signup');

        await page.getByLabel('Password', { exact: true }).press('Enter');
        await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
        await expect(page.getByRole('button', { name: /Send a new code in \d:\d\d/ })).toBeDisabled();
        const codeInput = page.getByLabel('6-digit code');
        await expect(codeInput).toHaveAttribute('autocomplete', 'one-time-code');
        await expect(codeInput).toHaveAttribute('inputmode', 'numeric');
        await look(page, 'auth-signup-code');

        // A pasted (or autofilled) code goes through by itself.
        await codeInput.fill(await mailedCode(email, 'verification'));
        await expect(page).toHaveURL(`${base}/welcome`);
        await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Nova Newcomer');
        await look(page, 'auth-welcome');

        await page.getByLabel('Choose a profile picture').setInputFiles({
          name: 'me.jpg',
          mimeType: 'image/jpeg',
          buffer: await portrait(),
        });
        const picture = page.getByRole('img', { name: 'You, as others will see you' });
        await expect(picture).toHaveAttribute('src', /\/media\/avatars\/.+\.webp\?exp=/, { timeout: 30_000 });
        await page.getByLabel('About you').fill('Film club, second row.');
        await look(page, 'auth-welcome-picture');
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect(page).toHaveURL(`${base}/`);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

        // A reload keeps the sign-in (the cookie), and nothing a script can read holds a token.
        await page.reload();
        await expect(page).toHaveURL(`${base}/`);
        const readable = await page.evaluate(() => ({
          cookie: document.cookie,
          storage: [localStorage, sessionStorage].flatMap((s) =>
            Object.keys(s).map((k) => `${k}=${s.getItem(k)}`),
          ),
        }));
        expect(readable.cookie).not.toContain('pixeli_refresh');
        expect(readable.storage.filter((entry) => /eyJ|refresh|access|token/i.test(entry))).toEqual([]);
        const jar = await context.cookies(`${base}/api/auth/session/refresh/`);
        expect(jar.find((c) => c.name === 'pixeli_refresh')).toMatchObject({
          httpOnly: true,
          sameSite: 'Strict',
        });

        // Another site's form posting to the refresh route gets a refusal, never a token.
        const foreign = await foreignSite(`${base}/api/auth/session/refresh/`);
        try {
          const attack = await context.newPage();
          const refused = attack.waitForResponse((r) => r.url() === `${base}/api/auth/session/refresh/`);
          await attack.goto(foreign.url);
          const response = await refused;
          expect(response.status()).toBe(403);
          expect(await response.text()).not.toContain('"access"');
          await attack.close();
        } finally {
          foreign.server.close();
        }
        // ...and the sign-in it tried to use still works.
        await page.reload();
        await expect(page).toHaveURL(`${base}/`);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

        // Sign out from the profile; a wrong password gets the server's words; then the email works.
        await page.goto(`${base}/profile`);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await expect(page).toHaveURL(`${base}/signin`);
        await page.getByLabel('Username or email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill('not the password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('alert')).toContainText('No active account found');
        await look(page, 'auth-signin-error');
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Show password' }).click();
        await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'text');
        await page.getByLabel('Password', { exact: true }).press('Enter');
        await expect(page).toHaveURL(`${base}/`);

        expect(errors()).toEqual([]);
      });

      test('forgot password: the mailed code and a new password, then sign in with it', async ({ page }) => {
        const errors = watchErrors(page);
        const base = world().server.url;
        const username = `forgetful_${size}`;
        const email = `${username}@example.com`;
        await world().signUp(username);

        await page.goto(`${base}/signin?next=%2Fevents`);
        await page.getByRole('link', { name: 'Forgot password?' }).click();
        await expect(page).toHaveURL(`${base}/forgot?next=%2Fevents`);
        // The sign-in screen stays up while the forgot screen's code loads, and its "Username or
        // email" would match a loose label: wait for the new screen, and name its field exactly.
        await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
        await page.getByLabel('Email', { exact: true }).fill(email);
        await look(page, 'auth-forgot');
        await page.getByRole('button', { name: 'Send code' }).click();
        await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
        await look(page, 'auth-forgot-code');

        await page.getByLabel('6-digit code').fill(await mailedCode(email, 'password reset'));
        await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Set new password' }).click();
        await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
        await look(page, 'auth-forgot-done');

        await page.getByRole('link', { name: 'Sign in' }).click();
        await expect(page.getByLabel('Username or email')).toHaveValue(email);
        await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page).toHaveURL(`${base}/events`);

        expect(errors()).toEqual([]);
      });
    });
  }
});
