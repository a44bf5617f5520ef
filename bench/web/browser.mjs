import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Debian's Chromium driven by the e2e workspace's Playwright, launched as the e2e suite launches it
 * (e2e/playwright.config.ts): no browser download, nothing calling home. A context is signed in the
 * way the web app signs in, so the refresh cookie sits in its jar before the first page load.
 */

const { chromium } = createRequire(new URL('../../e2e/package.json', import.meta.url))('@playwright/test');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const SIZES = {
  phone: { viewport: { width: 360, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
};

export function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return `Chromium at ${CHROMIUM_PATH}`;
  }
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new context (empty cache) of `size`, signed in as `username` with the seeded demo password. */
export async function signedInContext(browser, server, size, username) {
  const context = await browser.newContext({ ...SIZES[size], baseURL: server.url });
  const response = await context.request.post(`${server.url}/api/auth/login/`, {
    headers: { 'x-pixeli-session': 'cookie', origin: server.url },
    data: { username, password: 'pixeli-demo' },
  });
  if (response.status() !== 200) {
    throw new Error(`signing ${username} in answered ${response.status()}: ${await response.text()}`);
  }
  return context;
}
