import { expect, test } from '@playwright/test';
import { createGroupByApi, expectAccessible, logIn, newPage, registerByApi, send } from './support';

// An axe-core audit of every screen: no serious or critical violation on any of them. Other
// screens join by calling expectAccessible(page, name) from their own spec.

test('the sign-in and registration screens', async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Log in to Parley' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expectAccessible(page, 'login');
  await page.getByRole('button', { name: 'Log in' }).click(); // empty: the errors are shown
  await expect(page.locator('[role="alert"]').first()).toBeVisible();
  await expectAccessible(page, 'login with errors');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create your Parley account' })).toBeVisible();
  await expectAccessible(page, 'register');
  await page.context().close();
});

test('the chat screens: inbox, conversation, members, dialogs and settings', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'axa', 'Ada Audit'), registerByApi(request, 'axb', 'Bo Audit')]);
  const groupId = await createGroupByApi(request, alice, 'Audited group', [bob.userId]);
  // an unread message from Bob, so the inbox shows its badge and preview
  const clientMessageId = crypto.randomUUID();
  await expect
    .poll(async () => {
      // a busy machine may answer 503 with Retry-After: the same clientMessageId is safe to resend
      const sent = await request.post(`/api/conversations/${groupId}/messages`, {
        headers: { Authorization: `Bearer ${bob.token}` },
        data: { clientMessageId, body: 'Unread until Ada looks' },
      });
      return sent.status();
    }, { intervals: [1000] })
    .toBe(201);
  const page = await newPage(browser);
  await logIn(page, alice);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(page.getByLabel('1 unread')).toBeVisible();
  await expectAccessible(page, 'inbox');

  await page.goto(`/c/${groupId}`);
  await send(page, 'A message to audit');
  await send(page, 'And a second one, with a link https://example.org');
  await expect(page.getByTestId('message').filter({ hasText: 'A message to audit' })).toBeVisible();
  await expectAccessible(page, 'chat view with messages');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'chat view with messages, dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'Members', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Group settings' })).toBeVisible();
  await expectAccessible(page, 'members panel and group settings');
  await page.getByRole('button', { name: 'Make public…' }).click();
  await expect(page.getByText('exposes its whole history')).toBeVisible();
  await expectAccessible(page, 'visibility confirmation');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Your profile' }).click();
  await expect(page.getByRole('dialog', { name: 'Your profile' })).toBeVisible();
  await expect(page.getByText('This device')).toBeVisible();
  await expectAccessible(page, 'profile dialog');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'profile dialog, dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  await expectAccessible(page, 'profile dialog, delete confirmation');
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('button', { name: 'New group', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'New group' })).toBeVisible();
  await expectAccessible(page, 'create group dialog');
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('button', { name: 'Find people' }).click();
  await page.getByLabel('Search by name or username').fill(bob.username);
  await expect(page.getByRole('button', { name: `Message ${bob.displayName}` })).toBeVisible();
  await expectAccessible(page, 'user search');
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  await page.getByRole('button', { name: 'Browse groups' }).click();
  await expect(page.getByRole('dialog', { name: 'Public groups' })).toBeVisible();
  await expectAccessible(page, 'group search');
  await page.context().close();
});

test('the screens of search, invite links, bans and notification levels', async ({ browser, request }) => {
  const [ann, ben, cal] = await Promise.all([
    registerByApi(request, 'axs', 'Ann Search'),
    registerByApi(request, 'axt', 'Ben Banned'),
    registerByApi(request, 'axu', 'Cal Guest'),
  ]);
  const groupId = await createGroupByApi(request, ann, 'Audited search', [ben.userId]);
  const page = await newPage(browser);
  page.on('dialog', (confirm) => void confirm.accept()); // the ban asks window.confirm
  await logIn(page, ann);
  await page.goto(`/c/${groupId}`);
  await send(page, 'periwinkle is a colour');
  await send(page, `@${ben.username} periwinkle again`);
  await expect(page.getByTestId('system-entry').first()).toBeVisible();
  await expectAccessible(page, 'chat view with activity entries and mentions');

  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Search messages' });
  await dialog.getByRole('searchbox', { name: 'Search all your conversations' }).fill('periwinkle');
  await expect(dialog.getByRole('list', { name: 'Search results' }).getByRole('listitem')).toHaveCount(2);
  await expectAccessible(page, 'search dialog with results');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByRole('button', { name: 'Members', exact: true }).click();
  const invites = page.getByRole('region', { name: 'Invite links' });
  await invites.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.getByTestId('invite-link').inputValue();
  await expect(invites.getByTestId('invite')).toHaveCount(1);
  await expectAccessible(page, 'members panel with an invite link');
  await page.getByRole('button', { name: `Ban ${ben.displayName}` }).click();
  const bans = page.getByRole('region', { name: 'Banned users' });
  await expect(bans.getByTestId('ban')).toContainText(ben.displayName);
  await expectAccessible(page, 'members panel with the ban list');

  const guest = await newPage(browser);
  await logIn(guest, cal);
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByTestId('invite-group-name')).toHaveText('Audited search');
  await expectAccessible(guest, 'invite screen');
  await guest.context().close();
  await page.context().close();
});
