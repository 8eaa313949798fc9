import { expect, test } from '@playwright/test';
import { createGroupByApi, expectNoPageProblems, logIn, newPage, registerByApi, screenshot } from './support';

// Mentions and notification levels (issue 19) between two people in two browser contexts: the
// @ autocomplete, the highlight (stronger for the person mentioned), the inbox's @ badge that
// clears on reading, and a muted conversation dimmed in the inbox, also after a reload.

test('a mention is completed, highlighted, counted in the inbox until read, and a muted group is dimmed', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'menta', 'Alice Mention'), registerByApi(request, 'mentb', 'Bob Mentioned')]);
  const groupId = await createGroupByApi(request, alice, 'Mentions team', [bob.userId]);

  const b = await newPage(browser);
  await logIn(b, bob);
  const row = b.locator(`a.inbox-item[href="/c/${groupId}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('mention-badge')).toHaveCount(0);

  const a = await newPage(browser);
  await logIn(a, alice);
  await a.goto(`/c/${groupId}`);
  const box = a.getByLabel(/^Message /);
  await expect(box).toBeVisible();
  // The composer knows the members once the conversation's details are in.
  await expect(a.getByText('2 members')).toBeVisible();
  await box.click();
  await box.pressSequentially(`hello @${bob.username.slice(0, 5)}`);
  const suggestions = a.getByTestId('mention-suggestions');
  await expect(suggestions.getByRole('option', { name: new RegExp(`@${bob.username}`) })).toBeVisible();
  await box.press('Escape');
  await expect(suggestions).toHaveCount(0);
  await box.press('Backspace');
  await expect(suggestions).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(box).toHaveValue(`hello @${bob.username} `);
  await box.pressSequentially('please look');
  await box.press('Enter');

  // Alice sees the mention highlighted, but not as a mention of her.
  const sent = a.locator('[data-testid="message"]').filter({ hasText: 'please look' });
  await expect(sent.getByTestId('mention')).toHaveText(`@${bob.username}`);
  await expect(sent.getByTestId('mention-me')).toHaveCount(0);

  // Bob's inbox shows the unread mention.
  await expect(row.getByTestId('mention-badge')).toHaveText('@1');
  await screenshot(b, 'mentions-badge');

  // Reading the conversation clears it; the mention of him stands out.
  await row.click();
  const received = b.locator('[data-testid="message"]').filter({ hasText: 'please look' });
  await expect(received.getByTestId('mention-me')).toHaveText(`@${bob.username}`);
  const background = await received.getByTestId('mention-me').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  await expect(row.getByTestId('mention-badge')).toHaveCount(0);
  await screenshot(b, 'mentions-highlight');

  // Muting the group dims it in the inbox, and the server keeps the choice.
  await b.getByTestId('notification-level').selectOption('muted');
  await expect(row).toHaveClass(/muted-conversation/);
  await b.reload();
  await expect(b.locator(`a.inbox-item[href="/c/${groupId}"]`)).toHaveClass(/muted-conversation/);
  await expect(b.getByTestId('notification-level')).toHaveValue('muted');
  await screenshot(b, 'mentions-muted');

  expectNoPageProblems(a);
  expectNoPageProblems(b);
});
