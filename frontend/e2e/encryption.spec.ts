import * as openpgp from 'openpgp';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { expectAccessible, expectNoPageProblems, logIn, newPage, registerByApi, screenshot, send, type Account } from './support';

// End-to-end encrypted conversations (issue 20) in Chromium: two users, and a second device of one
// of them that reads older history only after restoring the key backup.

const PASSPHRASE = 'purple elephants dance at noon';

function auth(account: Account) {
  return { Authorization: `Bearer ${account.token}` };
}

/** Waits until the user has `count` active device keys (each logged-in page publishes one). */
async function activeDeviceKeys(request: APIRequestContext, viewer: Account, userId: string, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const answer = await request.get(`/api/users/${userId}/device-keys`, { headers: auth(viewer) });
        if (!answer.ok()) return -1;
        const body = (await answer.json()) as { items: { status: string }[] };
        return body.items.filter((k) => k.status === 'active').length;
      },
      { timeout: 30_000 },
    )
    .toBe(count);
}

/** A person found by search: by exact username, since earlier runs registered the same display name. */
async function pick(scope: Locator, account: Account, button: string): Promise<void> {
  await scope
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`@${account.username}(?![a-z0-9_.-])`) })
    .getByRole('button', { name: button })
    .click();
}

function message(page: Page, text: string) {
  return page.getByTestId('messages').getByTestId('message').filter({ hasText: text });
}

async function openFromInbox(page: Page, name: string | RegExp): Promise<void> {
  const link = page.getByTestId('inbox').getByRole('link', { name });
  await expect(link).toBeVisible();
  await expect(link.getByRole('img', { name: 'End-to-end encrypted' })).toBeVisible();
  await link.click();
  await expect(page.getByTestId('e2ee-banner')).toBeVisible();
}

async function safetyDigits(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify safety numbers' });
  const digits = dialog.getByTestId('safety-number');
  await expect(digits).toBeVisible();
  await expect(dialog.getByRole('img', { name: /QR code of the safety number/ })).toBeVisible();
  await expectAccessible(page, 'the safety-number dialog');
  const text = (await digits.innerText()).replace(/\s+/g, '');
  await dialog.getByRole('button', { name: 'Close' }).click();
  return text;
}

test('two users talk end-to-end encrypted; a second device reads old history only after restoring the key backup', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'ena', 'Ada Cipher'), registerByApi(request, 'enb', 'Ben Cipher')]);
  const a = await newPage(browser);
  const b1 = await newPage(browser);
  await logIn(a, alice);
  await logIn(b1, bob);
  await activeDeviceKeys(request, alice, alice.userId, 1);
  await activeDeviceKeys(request, alice, bob.userId, 1);

  // Ben sets up his key backup first, so what is sent from now on can be restored on a new device.
  await b1.getByRole('button', { name: 'Your profile' }).click();
  const backup = b1.getByTestId('key-backup');
  await expect(backup.getByRole('button', { name: 'Set up key backup' })).toBeVisible();
  await backup.getByLabel('New backup passphrase').fill(PASSPHRASE);
  await backup.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
  await backup.getByRole('button', { name: 'Set up key backup' }).click();
  await expect(backup.getByRole('status')).toContainText('Key backup saved', { timeout: 60_000 });
  await b1.getByRole('dialog', { name: 'Your profile' }).getByRole('button', { name: 'Close' }).click();
  await expect.poll(async () => (await request.get('/api/me/key-backup', { headers: auth(bob) })).status()).toBe(200);
  // The passphrase protects the backup with Argon2 (the page's CSP allows WebAssembly for it), not
  // the older iterated S2K an operator holding the backup could brute-force far more cheaply.
  const storedBackup = (await (await request.get('/api/me/key-backup', { headers: auth(bob) })).json()) as {
    keyBackup: { encryptedPrivateKey: string };
  };
  const backupKey = await openpgp.readPrivateKey({ armoredKey: storedBackup.keyBackup.encryptedPrivateKey });
  expect((backupKey.keyPacket as unknown as { s2k?: { type?: string } }).s2k?.type).toBe('argon2');

  // Ada starts an encrypted direct conversation with Ben.
  await a.getByRole('button', { name: 'Find people' }).click();
  const people = a.getByRole('dialog', { name: 'Find people' });
  await people.getByLabel('End-to-end encrypted').check();
  await expectAccessible(a, 'find people with the encryption toggle');
  await people.getByLabel('Search by name or username').fill(bob.username);
  await pick(people, bob, `Message ${bob.displayName}`);
  await expect(a.getByRole('heading', { name: bob.displayName })).toBeVisible();
  await expect(a.getByRole('heading', { name: bob.displayName }).getByRole('img', { name: 'End-to-end encrypted' })).toBeVisible();
  await expect(a.getByTestId('e2ee-banner')).toContainText('cannot search');
  // No search inside an encrypted conversation, and no files.
  await expect(a.getByRole('button', { name: /^Search in / })).toHaveCount(0);
  await expect(a.getByRole('button', { name: /attach/i })).toHaveCount(0);
  const directId = a.url().split('/c/')[1];
  await send(a, 'Secret hello from Ada');
  await expect(message(a, 'Secret hello from Ada')).toBeVisible();
  await expect(a.getByTestId('pending-message')).toHaveCount(0);

  await openFromInbox(b1, new RegExp(alice.displayName));
  await expect(message(b1, 'Secret hello from Ada')).toBeVisible();
  await send(b1, 'Encrypted reply from Ben');
  await expect(message(a, 'Encrypted reply from Ben')).toBeVisible();
  // The inbox preview is decrypted locally.
  await expect(a.getByTestId('inbox').getByText('Ben Cipher: Encrypted reply from Ben')).toBeVisible();
  await expectAccessible(a, 'an encrypted conversation');
  await screenshot(a, 'e2ee-direct');

  // What the server stores: no body, a ciphertext without the plaintext.
  const stored = await request.get(`/api/conversations/${directId}/messages?limit=50`, { headers: auth(alice) });
  expect(stored.status()).toBe(200);
  const items = (await stored.json()).items as { body: string | null; ciphertext: string | null }[];
  expect(items).toHaveLength(2);
  for (const item of items) {
    expect(item.body).toBeNull();
    expect(item.ciphertext).toContain('-----BEGIN PGP MESSAGE-----');
    expect(item.ciphertext).not.toContain('Secret hello');
    expect(item.ciphertext).not.toContain('Encrypted reply');
  }

  // Ben edits his reply: the new text is encrypted too, and Ada sees it live.
  const reply = message(b1, 'Encrypted reply from Ben');
  await reply.hover();
  await reply.getByRole('button', { name: 'Edit', exact: true }).click();
  await b1.getByLabel('Edit message').fill('Encrypted reply from Ben, edited');
  await b1.getByRole('button', { name: 'Save' }).click();
  await expect(message(a, 'Encrypted reply from Ben, edited')).toContainText('(edited)');
  const afterEdit = await request.get(`/api/conversations/${directId}/messages?limit=50`, { headers: auth(alice) });
  for (const item of (await afterEdit.json()).items as { body: string | null; ciphertext: string }[]) {
    expect(item.body).toBeNull();
    expect(item.ciphertext).not.toContain('edited');
  }

  // A ciphertext the server accepts by its shape but that no member's device wrote: marked, not shown.
  const keys = await request.get(`/api/conversations/${directId}/keys`, { headers: auth(alice) });
  expect(keys.status()).toBe(200);
  const forged = await request.post(`/api/conversations/${directId}/messages`, {
    headers: auth(alice),
    data: {
      clientMessageId: crypto.randomUUID(),
      ciphertext: '-----BEGIN PGP MESSAGE-----\n\nwV4DAAAAAAAAAAASAQdAbm90IGEgcmVhbCBtZXNzYWdl\n=AAAA\n-----END PGP MESSAGE-----\n',
      keySetVersion: (await keys.json()).keySetVersion,
    },
  });
  expect(forged.status(), await forged.text()).toBe(201);
  await expect(b1.getByTestId('decrypt-failed')).toContainText('could not be decrypted');

  // The same people, an encrypted private group.
  const groupName = `Vault ${Date.now() % 100000}`;
  await a.getByRole('button', { name: 'New group', exact: true }).click();
  const newGroup = a.getByRole('dialog', { name: 'New group' });
  await newGroup.getByLabel('Group name').fill(groupName);
  await newGroup.getByLabel('End-to-end encrypted').check();
  await newGroup.getByLabel('Add members').fill(bob.username);
  await pick(newGroup, bob, `Add ${bob.displayName}`);
  await newGroup.getByRole('button', { name: 'Create group' }).click();
  await expect(a.getByRole('heading', { name: groupName })).toBeVisible();
  await expect(a.getByTestId('e2ee-banner')).toBeVisible();
  const groupId = a.url().split('/c/')[1];
  await send(a, 'Group secret one');
  await expect(message(a, 'Group secret one')).toBeVisible();
  await openFromInbox(b1, groupName);
  await expect(message(b1, 'Group secret one')).toBeVisible();
  await send(b1, 'Group answer from Ben');
  await expect(message(a, 'Group answer from Ben')).toBeVisible();
  const groupStored = await request.get(`/api/conversations/${groupId}/messages?limit=50`, { headers: auth(bob) });
  for (const item of (await groupStored.json()).items as { body: string | null; ciphertext: string }[]) {
    expect(item.body).toBeNull();
    expect(item.ciphertext).not.toContain('Group secret');
  }

  // The safety numbers Ada and Ben see for each other match.
  await a.goto(`/c/${directId}`);
  await b1.getByTestId('inbox').getByRole('link', { name: new RegExp(alice.displayName) }).click();
  await expect(message(a, 'Secret hello from Ada')).toBeVisible();
  const adaSees = await safetyDigits(a);
  const benSees = await safetyDigits(b1);
  expect(adaSees).toMatch(/^\d{60}$/);
  expect(benSees).toBe(adaSees);

  // Ben signs in on a second device.
  const b2 = await newPage(browser);
  await logIn(b2, bob);
  await activeDeviceKeys(request, alice, bob.userId, 2);
  await openFromInbox(b2, new RegExp(alice.displayName));
  const old = message(b2, '').filter({ has: b2.getByTestId('before-device') });
  await expect(old).toHaveCount(2); // the forged one stays marked as failed
  await expect(old.first()).toContainText('sent before you signed in on this device');
  await expect(b2.getByText('Secret hello from Ada')).toHaveCount(0);
  await screenshot(b2, 'e2ee-second-device-before-restore');
  await expectAccessible(b2, 'history from before this device');

  // Ada is told Ben's keys changed (a new device) and acknowledges it after checking.
  const warning = a.getByTestId('key-change-warning');
  await expect(warning).toContainText(`${bob.displayName}’s security keys changed`, { timeout: 30_000 });
  await warning.getByRole('button', { name: `Dismiss the key change of ${bob.displayName}` }).click();
  await expect(warning).toHaveCount(0);

  // Ben's first device is told a new device can read his conversations; he confirms it was him.
  const own = b1.getByTestId('own-key-change');
  await expect(own).toContainText('A new device can now read your encrypted conversations', { timeout: 30_000 });
  await own.getByRole('button', { name: 'It was me' }).click();
  await expect(own).toHaveCount(0);

  // New messages are readable on both of Ben's devices.
  await send(a, 'After the second device');
  await expect(message(a, 'After the second device')).toBeVisible();
  await expect(a.getByTestId('pending-message')).toHaveCount(0);
  await expect(message(b2, 'After the second device')).toBeVisible();
  await expect(message(b1, 'After the second device')).toBeVisible();
  await send(b2, 'Ben from the second device');
  await expect(message(a, 'Ben from the second device')).toBeVisible();
  await expect(message(b1, 'Ben from the second device')).toBeVisible();

  // Restoring the backup with the passphrase makes the older messages readable here.
  await old.first().getByRole('button', { name: 'Restore from key backup' }).click();
  const restore = b2.getByTestId('key-backup');
  await restore.getByLabel('Backup passphrase').fill('not the passphrase');
  await restore.getByRole('button', { name: 'Restore from key backup' }).click();
  await expect(restore.getByRole('alert')).toHaveText('That passphrase does not open the key backup.', { timeout: 60_000 });
  await restore.getByLabel('Backup passphrase').fill(PASSPHRASE);
  await restore.getByRole('button', { name: 'Restore from key backup' }).click();
  await expect(restore.getByRole('status')).toContainText('Key backup restored', { timeout: 60_000 });
  await expectAccessible(b2, 'the key backup in the profile');
  await b2.getByRole('dialog', { name: 'Your profile' }).getByRole('button', { name: 'Close' }).click();
  await expect(message(b2, 'Secret hello from Ada')).toBeVisible();
  await expect(message(b2, 'Encrypted reply from Ben')).toBeVisible();
  await expect(b2.getByTestId('before-device')).toHaveCount(0);
  await screenshot(b2, 'e2ee-second-device-after-restore');

  // Global search offers nothing inside encrypted conversations, and says so.
  await b2.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(b2.getByRole('dialog', { name: 'Search messages' })).toContainText('end-to-end encrypted conversations are not searched');

  for (const page of [a, b1, b2]) expectNoPageProblems(page);
  for (const page of [a, b1, b2]) await page.context().close();
});
