import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests: a real `pixeli serve` (built, embedded defaults, its own data folder) driven
 * through Debian's Chromium. Playwright's own browser downloads are never used (they cannot reach
 * the network here): `CHROMIUM_PATH`, else /usr/bin/chromium, with the flags that keep it from
 * calling home.
 */
export default defineConfig({
  testDir: './specs',
  // Spec files run two at a time, each with its own server and data folder (support/world.ts); the
  // tests of one file run in order. Much of a story is waiting on debounces, the network going
  // idle and the photo queue, so two at a time halves the run on two cores (9 -> 4.2 min measured).
  fullyParallel: false,
  workers: 2,
  // The two files share the CPU: a screen may take longer to answer than alone.
  expect: { timeout: 10_000 },
  retries: 0,
  timeout: 120_000,
  reporter: process.env.CI ? 'list' : 'line',
  use: {
    ...devices['Pixel 7'],
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
