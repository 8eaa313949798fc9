import { expect, test } from '@playwright/test';

// Swagger UI (docs/adr/0130) renders the app's own contract under the Content-Security-Policy the
// app sends (docs/adr/0086, relaxed for the Swagger UI paths only), with no CSP violation.
test('Swagger UI shows the REST contract without a Content-Security-Policy violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  const response = await page.goto('/swagger-ui/index.html');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // The first request builds the document (seconds on a busy machine).
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Parley API', { timeout: 60_000 });
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/conversations/{conversationId}/messages' }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('the contract is served without a token', async ({ request }) => {
  const response = await request.get('/v3/api-docs');
  expect(response.status()).toBe(200);
  const contract = await response.json();
  expect(contract.paths['/api/auth/login'].post.security).toEqual([]);
});
