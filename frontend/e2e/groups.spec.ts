import { expect, test } from '@playwright/test';
import { expectNoPageProblems, logIn, newPage, registerByApi, screenshot, uniqueName } from './support';

// Invite links, system entries in the timeline and deleting a group, in the browser with two users.
test('an invite link brings a second user in, both see it in the timeline, and deleting the group takes it away', async ({
  browser,
  request,
}) => {
  const alice = await registerByApi(request, 'gal', 'Alice Groups');
  const bob = await registerByApi(request, 'gbo', 'Bob Groups');
  const name = `Team ${uniqueName('t')}`;
  const created = await request.post('/api/groups', {
    headers: { Authorization: `Bearer ${alice.token}` },
    data: { name, visibility: 'private' },
  });
  expect(created.status()).toBe(201);
  const groupId = (await created.json()).conversation.conversationId as string;
  const sent = await request.post(`/api/conversations/${groupId}/messages`, {
    headers: { Authorization: `Bearer ${alice.token}` },
    data: { clientMessageId: crypto.randomUUID(), body: 'Welcome, whoever comes' },
  });
  expect(sent.status()).toBe(201);

  const owner = await newPage(browser);
  owner.on('dialog', (dialog) => void dialog.accept());
  await logIn(owner, alice);
  await owner.goto(`/c/${groupId}`);
  await expect(owner.getByTestId('message').getByText('Welcome, whoever comes')).toBeVisible();
  await expect(owner.getByTestId('system-entry').filter({ hasText: `You created the group “${name}”` })).toBeVisible();
  await owner.getByRole('button', { name: 'Members' }).click();
  const invites = owner.getByRole('region', { name: 'Invite links' });
  await invites.getByLabel('Expires after').selectOption({ label: '1 day' });
  await invites.getByLabel('Maximum uses (empty: no limit)').fill('5');
  await invites.getByRole('button', { name: 'Create invite link' }).click();
  const link = await owner.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{24}$/);
  await expect(invites.getByTestId('invite')).toContainText('0/5 uses');
  await screenshot(owner, 'groups-invite-created');

  const guest = await newPage(browser);
  await logIn(guest, bob);
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByTestId('invite-group-name')).toHaveText(name);
  await guest.getByRole('button', { name: 'Join group' }).click();
  await expect(guest).toHaveURL(new RegExp(`/c/${groupId}$`));
  await expect(guest.getByTestId('message').getByText('Welcome, whoever comes')).toBeVisible();
  await expect(guest.getByTestId('system-entry').filter({ hasText: 'You joined via invite link' })).toBeVisible();

  // Live for the owner, from the push; and in place after the message.
  const joined = owner.getByTestId('system-entry').filter({ hasText: 'Bob Groups joined via invite link' });
  await expect(joined).toBeVisible();
  await screenshot(owner, 'groups-joined-via-invite');

  // The same entries after a reload, from history.
  await guest.reload();
  await expect(guest.getByTestId('system-entry').filter({ hasText: 'You joined via invite link' })).toBeVisible();

  // The owner deletes the group (after confirming): it leaves the member's inbox and view.
  const inbox = guest.getByRole('navigation', { name: 'Inbox' });
  await expect(inbox.getByText(name)).toBeVisible();
  await owner.getByRole('button', { name: 'Delete group' }).click();
  await expect(owner).toHaveURL(/\/$/);
  await expect(inbox.getByText(name)).toHaveCount(0);
  await expect(guest).toHaveURL(/\/$/);

  // The link of a deleted group leads nowhere.
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByRole('alert')).toHaveText('This invite link does not exist.');
  expectNoPageProblems(owner);
  expectNoPageProblems(guest);
});

// Bans from the members panel, and joining a public group by its exact name.
test('an owner bans and unbans a member in the members panel; a public group is joined by its name', async ({ browser, request }) => {
  const owner = await registerByApi(request, 'gbn', 'Olga Bans');
  const member = await registerByApi(request, 'gbm', 'Mallory Member');
  const name = `Plaza ${uniqueName('p')}`;
  const created = await request.post('/api/groups', {
    headers: { Authorization: `Bearer ${owner.token}` },
    data: { name, visibility: 'public' },
  });
  expect(created.status()).toBe(201);
  const groupId = (await created.json()).conversation.conversationId as string;

  // The member joins by typing the name (in another case) in "Browse groups".
  const page = await newPage(browser);
  await logIn(page, member);
  await page.getByRole('button', { name: 'Browse groups' }).click();
  await page.getByLabel('Join a public group by its exact name').fill(name.toUpperCase());
  await page.getByRole('button', { name: 'Join by name' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${groupId}$`));
  await expect(page.getByTestId('system-entry').filter({ hasText: 'You joined' })).toBeVisible();

  const admin = await newPage(browser);
  admin.on('dialog', (dialog) => void dialog.accept());
  await logIn(admin, owner);
  await admin.goto(`/c/${groupId}`);
  await expect(admin.getByTestId('system-entry').filter({ hasText: 'Mallory Member joined' })).toBeVisible();
  await admin.getByRole('button', { name: 'Members' }).click();
  await admin.getByRole('button', { name: 'Ban Mallory Member' }).click();
  const bans = admin.getByRole('region', { name: 'Banned users' });
  await expect(bans.getByTestId('ban')).toContainText('Mallory Member');
  await expect(admin.getByTestId('system-entry').filter({ hasText: 'You removed Mallory Member' })).toBeVisible();

  // Banned: joining by name again is refused with the server's reason.
  await page.goto('/');
  await page.getByRole('button', { name: 'Browse groups' }).click();
  await page.getByLabel('Join a public group by its exact name').fill(name);
  await page.getByRole('button', { name: 'Join by name' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'banned' })).toBeVisible();

  await bans.getByRole('button', { name: 'Unban Mallory Member' }).click();
  await expect(bans.getByText('Nobody is banned.')).toBeVisible();
  await page.getByRole('button', { name: 'Join by name' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${groupId}$`));
  expectNoPageProblems(page);
  expectNoPageProblems(admin);
});
