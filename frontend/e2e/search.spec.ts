import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createGroupByApi, expectNoPageProblems, logIn, newPage, registerByApi, screenshot, type Account } from './support';

const TOTAL = 150;

async function sendByApi(request: APIRequestContext, account: Account, conversationId: string, body: string, replyToMessageId?: string) {
  const data = { clientMessageId: randomUUID(), body, ...(replyToMessageId ? { replyToMessageId } : {}) };
  let response = await request.post(`/api/conversations/${conversationId}/messages`, { headers: { Authorization: `Bearer ${account.token}` }, data });
  for (let attempt = 0; response.status() === 503 && attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers()['retry-after'] ?? 1)));
    response = await request.post(`/api/conversations/${conversationId}/messages`, { headers: { Authorization: `Bearer ${account.token}` }, data });
  }
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).message as { messageId: string; seq: number };
}

async function searchCount(request: APIRequestContext, account: Account, query: string): Promise<number> {
  const response = await request.get(`/api/search/messages?query=${encodeURIComponent(query)}&limit=200`, {
    headers: { Authorization: `Bearer ${account.token}` },
  });
  return response.ok() ? (await response.json()).items.length : -1;
}

test('search finds a message far back; opening it jumps there and highlights it; a reply quote jumps too', async ({ browser, request }) => {
  test.setTimeout(600_000);
  const [alice, bob] = await Promise.all([registerByApi(request, 'srch', 'Search Alice'), registerByApi(request, 'srchb', 'Search Bob')]);
  const groupId = await createGroupByApi(request, alice, 'Search history', [bob.userId]);
  const otherId = await createGroupByApi(request, alice, 'Elsewhere', [bob.userId]);
  const rare = `kiwi${Date.now().toString(36)}`;
  const common = `plum${Date.now().toString(36)}`;

  // seq 10 holds the rare word; every other fifth message the common one (29 of them: two pages).
  let tenth: { messageId: string; seq: number } | null = null;
  for (let n = 1; n <= TOTAL; n++) {
    const body = n === 10 ? `The ${rare} report is <b>ready</b>` : `line ${n}${n % 5 === 0 ? ` ${common}` : ''}`;
    const sent = await sendByApi(request, alice, groupId, body);
    if (n === 10) tenth = sent;
  }
  await sendByApi(request, alice, groupId, `About that ${rare} report`, undefined);
  const replied = await sendByApi(request, bob, groupId, 'Replying to the old one', tenth!.messageId);
  await sendByApi(request, alice, otherId, `Another ${rare} mention`);
  await expect.poll(() => searchCount(request, bob, rare), { timeout: 60_000 }).toBe(3);
  await expect.poll(() => searchCount(request, bob, common), { timeout: 60_000 }).toBe(29);

  const page = await newPage(browser, 1280, 900);
  await logIn(page, bob);

  // Search everywhere from the sidebar.
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Search messages' });
  await dialog.getByRole('searchbox', { name: 'Search all your conversations' }).fill(rare);
  const results = dialog.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await expect(dialog.getByRole('status')).toHaveText('3 messages found.');
  // Newest first; the match is marked, and the body's markup is shown as text.
  await expect(results.getByRole('listitem').first()).toContainText('Elsewhere');
  const oldest = results.getByRole('listitem').last();
  await expect(oldest).toContainText('Search history');
  await expect(oldest).toContainText('Search Alice');
  await expect(oldest.locator('mark')).toHaveText(rare);
  await expect(oldest).toContainText('<b>ready</b>');
  await screenshot(page, 'search-results');

  // Opening the oldest result: the conversation opens at seq 10, far above the newest page.
  await oldest.getByRole('button').click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/c/${groupId}$`));
  const target = page.locator('[data-highlighted="true"] [data-testid="message"][data-seq="10"]');
  await expect(target).toBeVisible();
  await expect(target).toBeInViewport();
  await screenshot(page, 'search-jump');
  // The highlight fades; the message stays where the reader is.
  await expect(page.locator('[data-highlighted="true"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="message"][data-seq="10"]')).toBeInViewport();

  // Search in this conversation only, from its header; two pages of results with "Load more".
  await page.getByRole('button', { name: 'Search in Search history' }).click();
  const here = page.getByRole('dialog', { name: 'Search in Search history' });
  await here.getByRole('searchbox', { name: 'Search messages in Search history' }).fill(rare);
  await expect(here.getByRole('list', { name: 'Search results' }).getByRole('listitem')).toHaveCount(2);
  await here.getByRole('searchbox').fill(common);
  const items = here.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  await expect(items).toHaveCount(20);
  await here.getByRole('button', { name: 'Load more results' }).click();
  await expect(items).toHaveCount(29);
  await expect(here.getByRole('button', { name: 'Load more results' })).toHaveCount(0);
  // Scope widened to everything: the other group's message appears.
  await here.getByRole('searchbox').fill(rare);
  await expect(items).toHaveCount(2);
  await here.getByRole('button', { name: 'Search all conversations' }).click();
  const everywhere = page.getByRole('dialog', { name: 'Search messages' });
  await expect(everywhere.getByRole('list', { name: 'Search results' }).getByRole('listitem')).toHaveCount(3);
  // Keyboard: Escape closes the dialog.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A reply quote jumps to the quoted message. Reload so that seq 10 is not held any more: the
  // quote knows only its id and the page loads back until it finds it.
  await page.reload();
  const reply = page.locator(`[data-testid="message"][data-seq="${replied.seq}"]`);
  await expect(reply).toBeVisible();
  await expect(page.locator('[data-testid="message"][data-seq="10"]')).toHaveCount(0);
  await reply.locator('.quote-link').click();
  const quoted = page.locator('[data-highlighted="true"] [data-testid="message"][data-seq="10"]');
  await expect(quoted).toBeVisible();
  await expect(quoted).toBeInViewport();
  // And once more with the quoted message held: it is scrolled to again.
  await page.getByRole('button', { name: /Jump to latest|new message/ }).click();
  await expect(reply).toBeInViewport();
  await reply.getByRole('button', { name: /^Search Alice/ }).click();
  await expect(page.locator('[data-highlighted="true"] [data-testid="message"][data-seq="10"]')).toBeInViewport();
  expectNoPageProblems(page);
  await page.context().close();
});

test('hostile search text is answered, never breaks the page', async ({ browser, request }) => {
  const carol = await registerByApi(request, 'srchc', 'Search Carol');
  const groupId = await createGroupByApi(request, carol, 'Odd words', []);
  await sendByApi(request, carol, groupId, "it's (really) a|b! \\ 'quoted'");
  await expect.poll(() => searchCount(request, carol, 'really'), { timeout: 60_000 }).toBe(1);
  const page = await newPage(browser);
  await logIn(page, carol);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Search messages' });
  const box = dialog.getByRole('searchbox');
  await box.fill('&|!():*');
  await expect(dialog.getByText('Search for at least one word or number.')).toBeVisible();
  await box.fill("'(really)' & !a|b");
  await expect(dialog.getByRole('status')).toHaveText('1 message found.');
  await box.fill('nothing-like-this-anywhere');
  await expect(dialog.getByRole('status')).toHaveText('No messages found.');
  expectNoPageProblems(page);
  await page.context().close();
});
