import type { Page } from '@playwright/test';

/**
 * Collects every refusal by the page's Content-Security-Policy, which Chromium reports on the
 * console: a test expects the list to stay empty.
 */
export function watchPolicy(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}
