import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Page } from '@playwright/test';
import type { World } from './world.js';

/**
 * Helpers for the web app's stories: the two screen sizes every screen is judged at, signing a
 * browser in without going through the screens under test, a screenshot kept per screen and size,
 * and the accessibility scan.
 */
export const SIZES = {
  phone: { width: 360, height: 780 },
  desktop: { width: 1280, height: 800 },
} as const;
export type SizeName = keyof typeof SIZES;

/** The password `world.signUp` gives every account. */
export const PASSWORD = 'a long enough benchmark passphrase';

/**
 * Signs the browser context in as the web app does (the server sets the HttpOnly refresh cookie
 * in this context's jar), so the next page load starts signed in. The account must exist
 * (`world.signUp`).
 */
export async function signInContext(context: BrowserContext, world: World, username: string) {
  const response = await context.request.post(`${world.server.url}/api/auth/login/`, {
    headers: { 'x-pixeli-session': 'cookie', origin: world.server.url },
    data: { username, password: PASSWORD },
  });
  expect(response.status(), await response.text()).toBe(200);
}

const SCREENSHOTS = path.join(import.meta.dirname, '..', 'screenshots');

/** A full-window screenshot kept under e2e/screenshots/<name>-<size>.png, for people to look at. */
export async function keepScreenshot(page: Page, name: string) {
  const size = page.viewportSize();
  const label = size && size.width < 768 ? 'phone' : 'desktop';
  await mkdir(SCREENSHOTS, { recursive: true });
  // Let lazy images and fonts settle so the picture shows the screen as a person sees it.
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`) });
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** Collects console errors and page errors, to assert a story ran without any. */
export function watchConsole(page: Page): () => string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return () => errors;
}

/** The newest code of `kind` mailed to `email`, read from the outbox as a person reads their mail. */
export async function mailedCode(
  dataDir: string,
  email: string,
  kind: 'verification' | 'password reset',
): Promise<string> {
  const dir = path.join(dataDir, 'outbox');
  const subject = new RegExp(`^Subject: (\\d{6}) is your Pixel-i ${kind} code$`, 'm');
  for (let tries = 0; tries < 50; tries++) {
    for (const file of (await readdir(dir).catch(() => [] as string[])).sort().reverse()) {
      const message = await readFile(path.join(dir, file), 'utf8');
      if (!message.includes(`To: ${email}`)) continue;
      const code = subject.exec(message)?.[1];
      if (code) return code;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${kind} code in the outbox for ${email}`);
}
