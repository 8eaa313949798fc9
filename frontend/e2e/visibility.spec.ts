import { expect, test } from '@playwright/test';
import { createGroupByApi, logIn, newPage, registerByApi } from './support';

test('an owner makes a private group public after the warning, and private again', async ({ browser, request }) => {
  const [owner, outsider] = await Promise.all([registerByApi(request, 'viso', 'Vic Owner'), registerByApi(request, 'visx', 'Xia Outside')]);
  const groupId = await createGroupByApi(request, owner, `Secret ${Date.now()}`, []);
  const asOutsider = () => request.get(`/api/conversations/${groupId}`, { headers: { Authorization: `Bearer ${outsider.token}` } });
  expect((await asOutsider()).status()).toBe(404);

  const page = await newPage(browser);
  await logIn(page, owner);
  await page.goto(`/c/${groupId}`);
  await page.getByRole('button', { name: 'Members', exact: true }).click();
  await page.getByRole('button', { name: 'Make public…' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'exposes its whole history' })).toBeVisible();
  await page.getByRole('button', { name: 'Make public and expose history' }).click();
  await expect(page.getByText('Public: anyone can find, read and join this group.')).toBeVisible();
  await expect.poll(async () => (await asOutsider()).status()).toBe(200);

  await page.getByRole('button', { name: 'Make private' }).click();
  await expect(page.getByText('Private: only members can see this group.')).toBeVisible();
  await expect.poll(async () => (await asOutsider()).status()).toBe(404);
  await page.context().close();
});
