import { expect, test, type Page } from '@playwright/test';
import {
  createGroupByApi,
  logIn,
  newPage,
  registerByApi,
  screenshot,
  send,
} from './support';

function message(page: Page, text: string) {
  return page.getByTestId('message').filter({ has: page.locator('.body', { hasText: text }) });
}

async function action(page: Page, text: string, name: string) {
  const row = message(page, text);
  await row.hover();
  await row.getByRole('button', { name, exact: true }).click();
}

test('a reply shows the quoted message to both members', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'rep', 'Rita Reply'), registerByApi(request, 'repb', 'Rob Reply')]);
  const groupId = await createGroupByApi(request, alice, 'Replies', [bob.userId]);
  const [a, b] = [await newPage(browser), await newPage(browser)];
  await logIn(a, alice);
  await logIn(b, bob);
  await a.goto(`/c/${groupId}`);
  await b.goto(`/c/${groupId}`);
  await send(a, 'Shall we meet at ten?');
  await expect(message(b, 'Shall we meet at ten?')).toBeVisible();
  await action(b, 'Shall we meet at ten?', 'Reply');
  await expect(b.getByText('Replying to')).toBeVisible();
  await send(b, 'Ten works for me');
  for (const page of [a, b]) {
    const reply = message(page, 'Ten works for me');
    await expect(reply.locator('blockquote')).toContainText('Shall we meet at ten?');
  }
  await a.context().close();
  await b.context().close();
});

test('edit, delete and react to messages', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'edi', 'Eda Edit'), registerByApi(request, 'edib', 'Eli Edit')]);
  const groupId = await createGroupByApi(request, alice, 'Edits', [bob.userId]);

  const [a, b] = [await newPage(browser), await newPage(browser)];
  await logIn(a, alice);
  await logIn(b, bob);
  await a.goto(`/c/${groupId}`);
  await b.goto(`/c/${groupId}`);
  await send(a, 'Helo wrold');
  await send(a, 'This one goes away');
  await send(a, 'React to me');
  await expect(message(b, 'React to me')).toBeVisible();

  await action(a, 'Helo wrold', 'Edit');
  await a.getByLabel('Edit message').fill('Hello world');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(message(a, 'Hello world')).toContainText('(edited)');
  a.once('dialog', (d) => d.accept());
  await action(a, 'This one goes away', 'Delete');
  await expect(a.getByTestId('messages').getByText('This message was deleted.')).toBeVisible();
  await action(b, 'React to me', 'React');
  await b.getByRole('button', { name: 'React 👍' }).click();
  await expect(message(b, 'React to me').getByRole('button', { name: '👍 1' })).toBeVisible();
  // The other member sees every change live…
  await expect(message(b, 'Hello world')).toContainText('(edited)');
  await expect(b.getByTestId('messages').getByText('This message was deleted.')).toBeVisible();
  await expect(message(a, 'React to me').getByRole('button', { name: '👍 1' })).toBeVisible();
  // …and in the history once the read side has applied them.
  await expect
    .poll(async () => {
      const r = await request.get(`/api/conversations/${groupId}/messages?limit=10`, { headers: { Authorization: `Bearer ${bob.token}` } });
      const items = (await r.json()).items as { editedAt: string | null; deleted: boolean; reactions: Record<string, number> }[];
      return items.filter((m) => m.editedAt !== null || m.deleted || m.reactions['👍'] === 1).length;
    }, { timeout: 15_000 })
    .toBe(3);
  await b.reload();
  await expect(message(b, 'Hello world')).toContainText('(edited)');
  await expect(b.getByTestId('messages').getByText('This message was deleted.')).toBeVisible();
  await expect(message(b, 'React to me').getByRole('button', { name: '👍 1' })).toBeVisible();
  await screenshot(a, 'edits-desktop');
  await a.context().close();
  await b.context().close();
});

test('direct conversation from people search, with read ticks', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'dma', 'Dina Direct'), registerByApi(request, 'dmb', 'Dan Direct')]);

  const [a, b] = [await newPage(browser), await newPage(browser)];
  await logIn(a, alice);
  await logIn(b, bob);
  await a.getByRole('button', { name: 'Find people' }).click();
  await a.getByLabel('Search by name or username').fill(bob.username);
  await a.getByRole('button', { name: `Message ${bob.displayName}` }).click();
  await expect(a.getByRole('heading', { name: bob.displayName })).toBeVisible();
  await send(a, 'Just us two');
  await expect(b.getByTestId('inbox').getByRole('link', { name: new RegExp(alice.displayName) })).toBeVisible();
  await b.getByTestId('inbox').getByRole('link', { name: new RegExp(alice.displayName) }).click();
  await expect(message(b, 'Just us two')).toBeVisible();
  await send(b, 'Indeed');
  await expect(message(a, 'Indeed')).toBeVisible();

  await expect(message(a, 'Just us two').getByTestId('receipt')).toHaveAttribute('data-state', 'read');
  await screenshot(a, 'direct-desktop');
  await a.context().close();
  await b.context().close();
});

test('a group of three: roles decide which actions each member is offered', async ({ browser, request }) => {
  const [owner, admin, member] = await Promise.all([
    registerByApi(request, 'own', 'Olga Owner'),
    registerByApi(request, 'adm', 'Adam Admin'),
    registerByApi(request, 'mem', 'Mia Member'),
  ]);
  const groupId = await createGroupByApi(request, owner, 'Roles', [admin.userId, member.userId]);

  const ownerPage = await newPage(browser);
  await logIn(ownerPage, owner);
  await ownerPage.goto(`/c/${groupId}`);
  await ownerPage.getByRole('button', { name: 'Members' }).click();
  await expect(ownerPage.getByTestId('member')).toHaveCount(3);
  await ownerPage.getByLabel(`Role of ${admin.displayName}`).selectOption('admin');
  await expect(ownerPage.getByLabel(`Role of ${admin.displayName}`)).toHaveValue('admin');
  await expect(ownerPage.getByRole('button', { name: `Remove ${member.displayName}` })).toBeVisible();
  await screenshot(ownerPage, 'members-desktop');

  const adminPage = await newPage(browser);
  await logIn(adminPage, admin);
  await adminPage.goto(`/c/${groupId}`);
  await adminPage.getByRole('button', { name: 'Members' }).click();
  await expect(adminPage.getByTestId('member')).toHaveCount(3);
  await expect(adminPage.getByRole('button', { name: `Remove ${member.displayName}` })).toBeVisible();
  await expect(adminPage.getByRole('button', { name: `Remove ${owner.displayName}` })).toHaveCount(0);
  await expect(adminPage.getByLabel(`Role of ${member.displayName}`)).toHaveCount(0);
  await expect(adminPage.getByRole('heading', { name: 'Group settings' })).toBeVisible();

  const memberPage = await newPage(browser, 390, 844);
  await logIn(memberPage, member);
  await memberPage.goto(`/c/${groupId}`);
  await memberPage.getByRole('button', { name: 'Members' }).click();
  await expect(memberPage.getByTestId('member')).toHaveCount(3);
  await expect(memberPage.getByRole('button', { name: /^Remove / })).toHaveCount(0);
  await expect(memberPage.getByRole('heading', { name: 'Group settings' })).toHaveCount(0);
  await expect(memberPage.getByRole('button', { name: 'Leave group' })).toBeVisible();
  await screenshot(memberPage, 'members-phone');

  await adminPage.getByRole('button', { name: `Remove ${member.displayName}` }).click();
  await expect(adminPage.getByTestId('member')).toHaveCount(2);
  for (const p of [ownerPage, adminPage, memberPage]) await p.context().close();
});

test('a session that cannot be renewed returns to the login without losing the draft', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'ses', 'Sam Session'), registerByApi(request, 'sesb', 'Sue Session')]);
  const groupId = await createGroupByApi(request, alice, 'Drafts', [bob.userId]);
  const page = await newPage(browser);
  await logIn(page, alice);
  await page.goto(`/c/${groupId}`);
  const composer = page.getByRole('textbox', { name: /^Message / });
  await composer.fill('A long thought I do not want to lose');

  // Another tab of this browser ends up with tokens the server no longer accepts.
  const other = await page.context().newPage();
  await other.goto('/');
  await other.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('parley.session')!);
    localStorage.setItem(
      'parley.session',
      JSON.stringify({ ...session, accessToken: 'revoked', refreshToken: 'revoked', expiresAt: Date.now() + 600_000 }),
    );
  });
  await other.close();
  // The next call with those tokens fails and cannot be refreshed: the login opens over the chat.
  await page.getByRole('button', { name: 'Members' }).click({ trial: false, force: true }).catch(() => undefined);
  await expect(page.getByRole('dialog').getByText('Your session has ended')).toBeVisible();
  await screenshot(page, 'session-ended-desktop');
  await page.getByLabel('Username or email').fill(alice.username);
  await page.getByLabel('Password').fill(alice.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(composer).toHaveValue('A long thought I do not want to lose');
  await composer.press('Enter');
  await expect(message(page, 'A long thought I do not want to lose')).toBeVisible();
  await page.context().close();
});

test('an expired access token is renewed silently', async ({ browser, request }) => {
  const alice = await registerByApi(request, 'ref', 'Rae Refresh');
  const groupId = await createGroupByApi(request, alice, 'Refresh', []);
  const page = await newPage(browser);
  await logIn(page, alice);
  // The stored access token no longer verifies (as after its expiry); the next page load finds it.
  // Written by the page itself, so no open tab reacts to it (and refreshes) before the reload.
  await page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('parley.session')!);
    localStorage.setItem('parley.session', JSON.stringify({ ...session, accessToken: 'expired', expiresAt: Date.now() + 600_000 }));
  });
  await page.goto(`/c/${groupId}`);
  await send(page, 'still here');
  await expect(message(page, 'still here')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.context().close();
});
