import { expect, test } from '@playwright/test';
import {
  createGroupByApi,
  expectNoPageProblems,
  logIn,
  loginByApi,
  registerByApi,
  newPage,
  renderedBodies,
  screenshot,
  send,
  uniqueName,
  type Account,
} from './support';

test('registration shows the server’s field errors inline, then signs the new user in', async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto('/');
  await screenshot(page, 'login-desktop');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill('X!');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('.field-error')).toHaveCount(3);
  await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'register-errors-desktop');

  const username = uniqueName('reg');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Password').fill('a good long password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
  await expect(page.getByText(`@${username}`)).toBeVisible();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill('wrong password!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText(/wrong login or password/i);
  await page.context().close();
});

test('two users chat in real time both ways; messages appear once, in order, and survive a reload', async ({ browser, request }) => {
  const alicePage = await newPage(browser, 1280, 1000);
  const bobPage = await newPage(browser, 1280, 1000);
  const alice = await registerThroughUi(alicePage, 'alice', 'Alice Example');
  if (!['localhost', '127.0.0.1'].includes(new URL(alicePage.url()).hostname)) {
    // Run through a LAN address: prove this really is the non-secure context the client must handle.
    expect(await alicePage.evaluate(() => window.isSecureContext)).toBe(false);
    expect(await alicePage.evaluate(() => typeof crypto.randomUUID)).toBe('undefined');
  }
  const bob = await registerThroughUi(bobPage, 'bob', 'Bob Example');

  // Alice creates the group with Bob: through the UI when people search exists, else by REST.
  const groupName = `Crew ${Date.now() % 100000}`;
  await alicePage.getByRole('button', { name: 'New group' }).click();
  await alicePage.getByLabel('Group name').fill(groupName);
  await alicePage.getByLabel('Add members').fill(bob.username);
  // The search is fuzzy: a Bob registered by an earlier run of this test (same time-based name
  // prefix, same display name) can be listed too, so pick this run's Bob by his exact username.
  await alicePage
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`@${bob.username}(?![a-z0-9_.-])`) })
    .getByRole('button', { name: `Add ${bob.displayName}` })
    .click();
  await alicePage.getByRole('button', { name: 'Create group' }).click();
  await expect(alicePage).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  const groupId = alicePage.url().split('/c/')[1];
  await expect(alicePage.getByRole('heading', { level: 2 })).toBeVisible();

  await send(alicePage, 'Hello Bob! https://example.org/docs <b>not bold</b>');
  // Bob learns of the group live, with an unread badge, and opens it from the sidebar.
  const bobInbox = bobPage.getByTestId('inbox');
  await expect(bobInbox.getByRole('link')).toHaveCount(1);
  await expect(bobInbox.getByLabel('1 unread')).toBeVisible();
  await bobInbox.getByRole('link').first().click();
  await expect(bobPage.locator('[data-testid="message"]')).toHaveCount(1);
  const link = bobPage.getByTestId('messages').getByRole('link', { name: 'https://example.org/docs' });
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(bobPage.locator('[data-testid="message"] b')).toHaveCount(0);
  await expect(bobPage.getByTestId('messages').getByText('<b>not bold</b>')).toBeVisible();
  await expect(bobInbox.getByLabel('1 unread')).toHaveCount(0);

  await send(bobPage, 'Hi Alice');
  await expect(alicePage.getByTestId('messages').getByText('Hi Alice')).toBeVisible();

  // A quick exchange in both directions: each side ends with every message once, in seq order.
  for (let i = 1; i <= 4; i++) {
    await send(alicePage, `a${i}`);
    await send(bobPage, `b${i}`);
  }
  await expect(alicePage.locator('[data-testid="pending-message"]')).toHaveCount(0);
  await expect(bobPage.locator('[data-testid="pending-message"]')).toHaveCount(0);
  for (const page of [alicePage, bobPage]) {
    await expect(page.locator('[data-testid="message"]')).toHaveCount(10);
  }
  const expected = await serverOrder(request, alice, groupId, 10);
  expect(await renderedBodies(alicePage)).toEqual(expected);
  expect(await renderedBodies(bobPage)).toEqual(expected);
  await screenshot(alicePage, 'conversation-desktop');
  await alicePage.emulateMedia({ colorScheme: 'dark' });
  await screenshot(alicePage, 'conversation-dark-desktop');
  await alicePage.emulateMedia({ colorScheme: 'light' });

  await bobPage.reload();
  await expect(bobPage.locator('[data-testid="message"]')).toHaveCount(10);
  expect(await renderedBodies(bobPage)).toEqual(expected);
  // The strict Content-Security-Policy (docs/adr/0086) blocked nothing, on any origin this runs on.
  expectNoPageProblems(alicePage);
  expectNoPageProblems(bobPage);

  // Phone width: the conversation fills the screen, with a way back to the inbox.
  await bobPage.setViewportSize({ width: 390, height: 844 });
  await screenshot(bobPage, 'conversation-phone');
  await bobPage.getByRole('button', { name: 'Back to conversations' }).click();
  await expect(bobPage.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
  await screenshot(bobPage, 'inbox-phone');
  await alicePage.context().close();
  await bobPage.context().close();
});

test('a page whose network drops shows “reconnecting…”, then every message once, in order', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'ana', 'Ana Offline'), registerByApi(request, 'ben', 'Ben Offline')]);
  const groupId = await createGroupByApi(request, alice, 'Flaky network', [bob.userId]);
  const alicePage = await newPage(browser, 1280, 1000);
  const bobPage = await newPage(browser, 1280, 1000);
  await logIn(alicePage, alice);
  await logIn(bobPage, bob);
  await alicePage.goto(`/c/${groupId}`);
  await bobPage.goto(`/c/${groupId}`);
  await send(alicePage, 'before the drop');
  await expect(bobPage.getByTestId('messages').getByText('before the drop')).toBeVisible();
  await expect(bobPage.getByRole('status').filter({ hasText: /connecting/i })).toHaveCount(0);

  const posted: string[] = [];
  bobPage.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/api/conversations/${groupId}/messages`)) {
      posted.push(JSON.parse(r.postData() ?? '{}').clientMessageId);
    }
  });

  await bobPage.context().setOffline(true);
  await expect(bobPage.getByText('Reconnecting…')).toBeVisible();
  await screenshot(bobPage, 'reconnecting-desktop');
  await bobPage.setViewportSize({ width: 390, height: 844 });
  await expect(bobPage.getByText('Reconnecting…')).toBeVisible();
  await screenshot(bobPage, 'reconnecting-phone');
  await bobPage.setViewportSize({ width: 1280, height: 1000 });
  for (let i = 1; i <= 5; i++) await send(alicePage, `while offline ${i}`);
  await send(bobPage, 'typed while offline');
  await expect(bobPage.getByTestId('pending-message')).toHaveAttribute('data-status', 'failed');

  await bobPage.context().setOffline(false);
  await expect(bobPage.getByText('Reconnecting…')).toHaveCount(0, { timeout: 30_000 });
  await bobPage.getByRole('button', { name: 'Retry' }).click();
  await expect(bobPage.getByTestId('pending-message')).toHaveCount(0);

  const expected = await serverOrder(request, alice, groupId, 7);
  expect(expected).toEqual([
    'before the drop',
    'while offline 1',
    'while offline 2',
    'while offline 3',
    'while offline 4',
    'while offline 5',
    'typed while offline',
  ]);
  await expect(bobPage.locator('[data-testid="message"]')).toHaveCount(expected.length);
  expect(await renderedBodies(bobPage)).toEqual(expected);
  await expect(alicePage.locator('[data-testid="message"]')).toHaveCount(expected.length);
  expect(await renderedBodies(alicePage)).toEqual(expected);
  // The retry reused the clientMessageId of the failed attempt.
  expect(posted.length).toBeGreaterThanOrEqual(2);
  expect(new Set(posted).size).toBe(1);
  await alicePage.context().close();
  await bobPage.context().close();
});

async function registerThroughUi(page: import('@playwright/test').Page, prefix: string, displayName: string): Promise<Account> {
  const username = uniqueName(prefix);
  const password = 'a good long password';
  await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name (optional)').fill(displayName);
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
  const account = await loginByApi(page.request, username, password);
  return { ...account, displayName };
}


/** The bodies in seq order as the server's history returns them, once it holds `count` messages. */
async function serverOrder(request: import('@playwright/test').APIRequestContext, account: Account, groupId: string, count: number): Promise<string[]> {
  let items: { seq: number; body: string }[] = [];
  await expect
    .poll(async () => {
      const response = await request.get(`/api/conversations/${groupId}/messages?limit=200`, {
        headers: { Authorization: `Bearer ${account.token}` },
      });
      expect(response.status()).toBe(200);
      items = (await response.json()).items;
      return items.length;
    })
    .toBe(count);
  const seqs = items.map((m) => m.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  return items.map((m) => m.body);
}
