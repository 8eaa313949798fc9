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
