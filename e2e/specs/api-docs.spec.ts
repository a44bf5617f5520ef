import { expect, test } from '@playwright/test';
import { watchPolicy } from '../support/policy.js';
import { useWorld } from '../support/world.js';

/**
 * The API's documentation page, as a developer opens it: Swagger UI renders every documented
 * operation under the page's own Content-Security-Policy (only a browser can judge that).
 */

const world = useWorld();

test('the API docs render the operations, within their policy', async ({ page }) => {
  const violations = watchPolicy(page);
  await page.goto(`${world().server.url}/api/docs`);
  const login = page.locator('.opblock-summary-path', { hasText: /^\/api\/auth\/login\/$/ });
  await expect(login.first()).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/search/' }).first()).toBeAttached();
  expect(violations).toEqual([]);
});
