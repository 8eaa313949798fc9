import { expect, test } from '@playwright/test';
import { logIn, newPage, registerByApi } from './support';

test('renaming oneself shows the new name at once and after a reload', async ({ browser, request }) => {
  const alice = await registerByApi(request, 'pro', 'Pia Profile');
  const page = await newPage(browser);
  await logIn(page, alice);
  await page.getByRole('button', { name: 'Your profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your profile' });
  await dialog.getByRole('textbox', { name: 'Display name' }).fill('Pia Renamed');
  await dialog.getByRole('button', { name: 'Save name' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByRole('button', { name: 'Your profile' })).toContainText('Pia Renamed');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Your profile' })).toContainText('Pia Renamed');
  await page.context().close();
});

test('a wrong current password is shown, and another device is signed out from the list', async ({ browser, request }) => {
  const alice = await registerByApi(request, 'prs', 'Pat Sessions');
  const phone = await request.post('/api/auth/login', { data: { login: alice.username, password: alice.password, deviceName: 'Old phone' } });
  expect(phone.status()).toBe(200);
  const phoneTokens = await phone.json();

  const page = await newPage(browser);
  await logIn(page, alice);
  await page.getByRole('button', { name: 'Your profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your profile' });

  await dialog.getByLabel('Current password').fill('not my password');
  await dialog.getByLabel('New password').fill('a brand new password');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The current password is wrong.');

  const sessions = dialog.getByRole('list', { name: 'Device sessions' }).getByRole('listitem');
  await expect(sessions.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(sessions.filter({ hasText: 'Old phone' })).toContainText('Last used');
  await dialog.getByRole('button', { name: 'Sign out Old phone' }).click();
  await expect(sessions.filter({ hasText: 'Old phone' })).toHaveCount(0);
  // the API login of the test set-up is another device: sign out everywhere else ends it too
  await expect(sessions).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText('This device');
  await expect
    .poll(async () => (await request.get('/api/me', { headers: { Authorization: `Bearer ${alice.token}` } })).status())
    .toBe(401);

  const refreshed = await request.post('/api/auth/refresh', { data: { refreshToken: phoneTokens.refreshToken } });
  expect(refreshed.status()).toBe(401);
  // this device still works
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
  await page.context().close();
});

test('deleting the account signs out and the credentials stop working', async ({ browser, request }) => {
  const alice = await registerByApi(request, 'prd', 'Dee Delete');
  const page = await newPage(browser);
  await logIn(page, alice);
  await page.getByRole('button', { name: 'Your profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your profile' });
  await dialog.getByRole('button', { name: 'Delete my account…' }).click();
  await dialog.getByLabel('Your password').fill('wrong password');
  await dialog.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The password is wrong.');
  await dialog.getByLabel('Your password').fill(alice.password);
  await dialog.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(page.getByRole('heading', { name: 'Log in to Parley' })).toBeVisible();
  const login = await request.post('/api/auth/login', { data: { login: alice.username, password: alice.password } });
  expect(login.status()).toBe(401);
  await page.context().close();
});
