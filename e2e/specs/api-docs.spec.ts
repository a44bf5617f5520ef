import { expect, test } from '@playwright/test';
import { startWorld, type World } from '../support/world.js';

/**
 * The API's documentation page, as a developer opens it: Swagger UI renders every documented
 * operation under the page's own Content-Security-Policy (only a browser can judge that).
 */

let world: World;

test.beforeAll(async () => {
  world = await startWorld();
});

test.afterAll(async () => {
  await world?.close();
});

test('the API docs render the operations, within their policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  await page.goto(`${world.server.url}/api/docs`);
  const login = page.locator('.opblock-summary-path', { hasText: /^\/api\/auth\/login\/$/ });
  await expect(login.first()).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/search/' }).first()).toBeAttached();
  expect(violations).toEqual([]);
});
