import { expect, test } from '@playwright/test';
import { createGroupByApi, expectNoPageProblems, logIn, newPage, registerByApi } from './support';

// Desktop notifications (issue 19, docs/adr/0156) in Chromium: the service worker registers under
// the page's CSP, the toggle subscribes (headless Chromium has no push service: then the toggle
// says so and notifications still show while the tab is open), and a hidden tab shows a
// notification for a new message, whose click opens the conversation.

test('the toggle registers the service worker and a hidden tab notifies of a new message', async ({ browser, request }) => {
  const ann = await registerByApi(request, 'nann', 'Ann Notify');
  const ben = await registerByApi(request, 'nben', 'Ben Notify');
  const groupId = await createGroupByApi(request, ben, 'Notify team', [ann.userId]);

  const page = await newPage(browser);
  await page.context().grantPermissions(['notifications']);
  // Records every Notification the page creates (a real one is still made).
  await page.addInitScript(() => {
    const Native = window.Notification;
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { __shown: typeof shown }).__shown = shown;
    class Recording extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body });
        (window as unknown as { __last: Notification }).__last = this;
      }
    }
    window.Notification = Recording as typeof Notification;
  });
  await logIn(page, ann);

  const posted = page.waitForResponse(
    (r) => r.url().endsWith('/api/push/subscriptions') && r.request().method() === 'POST',
    { timeout: 15_000 },
  ).catch(() => null);
  await page.getByRole('button', { name: 'Your profile' }).click();
  const toggle = page.getByRole('checkbox', { name: /Desktop notifications/ });
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  await expect(page.getByText('Desktop notifications: on')).toBeVisible();

  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? null;
  });
  expect(worker).toMatch(/\/sw\.js$/);
  const subscribed = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.pushManager.getSubscription()) !== null;
  });
  console.log(`push subscription in this Chromium: ${subscribed ? 'made and posted' : 'unavailable (no push service)'}`);
  if (subscribed) {
    const response = await posted;
    expect(response?.status()).toBe(204);
  } else {
    // Headless Chromium has no push service to subscribe with.
    await expect(page.getByText(/notifications show while Parley is open/)).toBeVisible();
  }
  await page.keyboard.press('Escape');

  // The tab goes to the background; Ben writes.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const sent = await request.post(`/api/conversations/${groupId}/messages`, {
    headers: { Authorization: `Bearer ${ben.token}` },
    data: { clientMessageId: crypto.randomUUID(), body: 'lunch at noon?' },
  });
  expect(sent.status()).toBe(201);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __shown: unknown[] }).__shown), { timeout: 20_000 })
    .toEqual([{ title: 'Notify team', body: 'Ben Notify: lunch at noon?' }]);

  await page.evaluate(() => {
    const last = (window as unknown as { __last: Notification }).__last;
    last.onclick?.(new Event('click'));
  });
  await expect(page).toHaveURL(new RegExp(`/c/${groupId}$`));
  expectNoPageProblems(page);

  // Off again: the toggle unsubscribes and nothing more is shown.
  await page.getByRole('button', { name: 'Your profile' }).click();
  await page.getByRole('checkbox', { name: /Desktop notifications/ }).click();
  await expect(page.getByText('Desktop notifications: off')).toBeVisible();
  await page.context().close();
});
