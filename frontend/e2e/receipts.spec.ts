import { expect, test } from '@playwright/test';
import { createGroupByApi, logIn, newPage, registerByApi, send } from './support';

test('read receipts show the truth after a reload and on a new device', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'rca', 'Rae Receipt'), registerByApi(request, 'rcb', 'Rob Receipt')]);
  const groupId = await createGroupByApi(request, alice, 'Receipts', [bob.userId]);
  const a = await newPage(browser);
  await logIn(a, alice);
  await a.goto(`/c/${groupId}`);
  await send(a, 'Did you read this?');
  const row = a.getByTestId('message').filter({ hasText: 'Did you read this?' });
  await expect(row.getByTestId('receipt')).toBeVisible();

  // Bob reads it by REST while Alice's page is closed: no live event reaches her
  await a.context().close();
  const read = await request.put(`/api/conversations/${groupId}/read`, {
    headers: { Authorization: `Bearer ${bob.token}` },
    data: { seq: 1 },
  });
  expect(read.status()).toBe(204);
  await expect
    .poll(async () => {
      const view = await request.get(`/api/conversations/${groupId}`, { headers: { Authorization: `Bearer ${alice.token}` } });
      const body = await view.json();
      return (body.readMarkers ?? []).find((m: { userId: string }) => m.userId === bob.userId)?.seq ?? 0;
    })
    .toBe(1);

  // a new device (fresh context, fresh store) shows the marker from the conversation view
  const again = await newPage(browser);
  await logIn(again, alice);
  await again.goto(`/c/${groupId}`);
  const receipt = again.getByTestId('message').filter({ hasText: 'Did you read this?' }).getByTestId('receipt');
  await expect(receipt).toHaveText('Read by 1');
  await again.reload();
  await expect(receipt).toHaveText('Read by 1');
  await again.context().close();
});

test('a message read live shows Read by 1 to its sender, and stays read after the reader reloads', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'rla', 'Ria Live'), registerByApi(request, 'rlb', 'Rex Live')]);
  const groupId = await createGroupByApi(request, alice, 'Live receipts', [bob.userId]);
  const [a, b] = await Promise.all([newPage(browser), newPage(browser)]);
  await logIn(a, alice);
  await logIn(b, bob);
  await a.goto(`/c/${groupId}`);
  await b.goto(`/c/${groupId}`);
  await expect(b.getByRole('heading', { level: 2 })).toBeVisible();

  // Bob has the conversation on screen: it arrives there read, and the server hears of it.
  await send(a, 'Seen at once?');
  await expect(b.getByTestId('messages').getByText('Seen at once?')).toBeVisible();
  const receipt = a.getByTestId('message').filter({ hasText: 'Seen at once?' }).getByTestId('receipt');
  await expect(receipt).toHaveText('Read by 1');
  await b.reload();
  await expect(b.getByTestId('messages').getByText('Seen at once?')).toBeVisible();
  await expect(b.getByTestId('inbox').getByLabel(/unread/)).toHaveCount(0);
  await Promise.all([a.context().close(), b.context().close()]);
});
