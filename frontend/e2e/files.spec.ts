import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createGroupByApi, expectNoPageProblems, logIn, newPage, registerByApi, screenshot, type Account } from './support';

// Files in messages, and avatars (issue 18), between two people in two browser contexts. A file
// is fetchable once the read side has applied its event; on a busy machine that can take seconds
// (the client asks again), so expectations on fetched images allow more than the default.

async function openGroup(browser: import('@playwright/test').Browser, account: Account, groupId: string): Promise<Page> {
  const page = await newPage(browser, 1280, 1000);
  await logIn(page, account);
  await page.goto(`/c/${groupId}`);
  await expect(page.getByRole('textbox', { name: /^Message / })).toBeVisible();
  return page;
}

/** A PNG made in the page (random pixels, so it does not compress to nothing), as base64. */
async function pngInPage(page: Page, width: number, height: number): Promise<string> {
  return page.evaluate(
    async ({ width, height }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.createImageData(width, height);
      for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
      ctx.putImageData(pixels, 0, 0);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      return btoa(text);
    },
    { width, height },
  );
}

/** Slows this page's uploads, so the progress of a few hundred kilobytes can be seen. */
async function throttleUploads(page: Page, bytesPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
  return async () => {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  };
}

test('a pasted image uploads with progress; the other member sees it appear live and opens it full size', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'pic', 'Pia Paste'), registerByApi(request, 'picb', 'Ben Viewer')]);
  const groupId = await createGroupByApi(request, alice, 'Pictures', [bob.userId]);
  const a = await openGroup(browser, alice, groupId);
  const b = await openGroup(browser, bob, groupId);

  const png = await pngInPage(a, 400, 300);
  const unthrottle = await throttleUploads(a, 96 * 1024);
  // A real paste: a ClipboardEvent whose DataTransfer holds a PNG File made in the page.
  await a.getByRole('textbox', { name: /^Message / }).evaluate((textarea, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png);

  const chip = a.getByTestId('attachment-chip');
  await expect(chip).toHaveCount(1);
  await expect(chip).toContainText(/pasted-image-\d{4}-\d{2}-\d{2}-\d{6}\.png/);
  await expect(chip).toHaveAttribute('data-status', 'uploading');
  const progress = chip.getByRole('progressbar', { name: /^Upload of pasted-image-/ });
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.evaluate((p) => (p as HTMLProgressElement).value))).toBeGreaterThan(0);
  await expect(chip.locator('img')).toHaveAttribute('src', /^blob:/);
  await screenshot(a, 'files-uploading');
  // Send is pressed while the upload runs: it waits for the upload, then sends.
  await a.getByRole('button', { name: 'Send' }).click();
  await expect(a.getByRole('button', { name: 'Sending…' })).toBeVisible();
  await unthrottle();
  await expect(chip).toHaveCount(0, { timeout: 60_000 });

  // Bob sees the image arrive without reloading, sized before it loads, fetched with his token.
  const image = b.getByTestId('messages').getByTestId('attachment-image');
  await expect(image).toHaveCount(1);
  await expect(image).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
  const box = await image.boundingBox();
  expect(Math.round(box!.width)).toBe(360);
  expect(Math.round(box!.height)).toBe(270);
  expect(await image.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(b.getByTestId('inbox')).toContainText(/📎 pasted-image-.*\.png/);
  await screenshot(b, 'files-image-received');

  await image.click();
  const lightbox = b.getByTestId('lightbox');
  await expect(lightbox).toBeVisible();
  await expect(lightbox.locator('img[data-full="true"]')).toBeVisible({ timeout: 45_000 });
  expect(await lightbox.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(400);
  await expect(lightbox.getByRole('button', { name: 'Close image' })).toBeFocused();
  await b.keyboard.press('Tab');
  expect(await b.evaluate(() => !!document.activeElement?.closest('[data-testid="lightbox"]'))).toBe(true);
  await screenshot(b, 'files-lightbox');
  await b.setViewportSize({ width: 390, height: 844 });
  await screenshot(b, 'files-lightbox-phone');
  await b.keyboard.press('Escape');
  await expect(lightbox).toHaveCount(0);
  // At phone width the image shrinks to the row, keeping its shape.
  const narrow = (await image.boundingBox())!;
  expect(narrow.x + narrow.width).toBeLessThanOrEqual(390);
  expect(Math.abs(narrow.width / narrow.height - 4 / 3)).toBeLessThan(0.02);
  await screenshot(b, 'files-image-phone');
  await b.setViewportSize({ width: 1280, height: 1000 });

  expectNoPageProblems(a);
  expectNoPageProblems(b);
  await a.context().close();
  await b.context().close();
});

test('a file attached with the picker arrives as a card the other member downloads', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'doc', 'Dora Docs'), registerByApi(request, 'docb', 'Dan Download')]);
  const groupId = await createGroupByApi(request, alice, 'Documents', [bob.userId]);
  const a = await openGroup(browser, alice, groupId);
  const b = await openGroup(browser, bob, groupId);

  // A file dropped on the conversation shows the drop zone, then a chip; removing the uploaded
  // file deletes it on the server.
  await a.getByTestId('messages').evaluate((el) => {
    const data = new DataTransfer();
    data.items.add(new File(['not this one'], 'draft.txt', { type: 'text/plain' }));
    (window as unknown as { dropped: DataTransfer }).dropped = data;
    el.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(a.getByTestId('drop-zone')).toBeVisible();
  await a.getByTestId('messages').evaluate((el) => {
    const data = (window as unknown as { dropped: DataTransfer }).dropped;
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(a.getByTestId('drop-zone')).toHaveCount(0);
  const draft = a.getByTestId('attachment-chip').filter({ hasText: 'draft.txt' });
  await expect(draft).toHaveAttribute('data-status', 'done');
  const [deleted] = await Promise.all([
    a.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/uploads/')),
    draft.getByRole('button', { name: 'Remove draft.txt' }).click(),
  ]);
  expect(deleted.status()).toBe(204);
  await expect(a.getByTestId('attachment-chip')).toHaveCount(0);

  const bytes = Buffer.from(`Minutes of the meeting\n${'- item\n'.repeat(300)}`, 'utf8');
  await a.getByLabel('Files to attach').setInputFiles({ name: 'minutes.txt', mimeType: 'text/plain', buffer: bytes });
  await expect(a.getByTestId('attachment-chip')).toHaveAttribute('data-status', 'done');
  await a.getByRole('textbox', { name: /^Message / }).fill('The minutes');
  await a.getByRole('textbox', { name: /^Message / }).press('Enter');

  const card = b.getByTestId('messages').getByTestId('file-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('minutes.txt');
  await expect(card).toContainText('2.1 KB');
  await expect(b.getByTestId('messages').getByText('The minutes')).toBeVisible();
  await screenshot(b, 'files-card');
  const [download] = await Promise.all([b.waitForEvent('download'), card.getByRole('button', { name: 'Download minutes.txt' }).click()]);
  expect(download.suggestedFilename()).toBe('minutes.txt');
  expect(Buffer.compare(await readFile((await download.path())!), bytes)).toBe(0);

  expectNoPageProblems(a);
  expectNoPageProblems(b);
  await a.context().close();
  await b.context().close();
});

test('an avatar set in the profile shows in the other member’s member list', async ({ browser, request }) => {
  const [alice, bob] = await Promise.all([registerByApi(request, 'ava', 'Ada Avatar'), registerByApi(request, 'avab', 'Bo Members')]);
  const groupId = await createGroupByApi(request, alice, 'Faces', [bob.userId]);
  const a = await openGroup(browser, alice, groupId);
  const b = await openGroup(browser, bob, groupId);

  await b.getByRole('button', { name: 'Members' }).click();
  const aliceRow = b.getByTestId('member').filter({ hasText: alice.displayName });
  await expect(aliceRow).toBeVisible();
  await expect(aliceRow.getByTestId('avatar-image')).toHaveCount(0);

  const png = Buffer.from(await pngInPage(a, 96, 96), 'base64');
  await a.getByRole('button', { name: 'Your profile' }).click();
  const dialog = a.getByRole('dialog', { name: 'Your profile' });
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  await expect(dialog.getByTestId('avatar-image')).toBeVisible({ timeout: 45_000 });
  await expect(a.getByRole('button', { name: 'Your profile' }).getByTestId('avatar-image')).toBeVisible();
  await screenshot(a, 'files-profile');

  // Bob's open member list shows it live (user.updated).
  await expect(aliceRow.getByTestId('avatar-image')).toBeVisible({ timeout: 45_000 });
  expect(await aliceRow.getByTestId('avatar-image').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await screenshot(b, 'files-members-avatar');

  // Removing it brings the initials back.
  await dialog.getByRole('button', { name: 'Remove profile picture' }).click();
  await expect(dialog.getByTestId('avatar-image')).toHaveCount(0);
  await expect(aliceRow.getByTestId('avatar-image')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The owner sets a group picture: Bob's inbox and conversation header show it live.
  await a.getByRole('button', { name: 'Members' }).click();
  const picture = a.getByRole('group', { name: 'Group picture' });
  await picture.locator('input[type="file"]').setInputFiles({ name: 'group.png', mimeType: 'image/png', buffer: png });
  await expect(picture.getByTestId('avatar-image')).toBeVisible({ timeout: 45_000 });
  await screenshot(a, 'files-group-settings');
  await expect(b.getByTestId('inbox').getByTestId('avatar-image')).toBeVisible({ timeout: 45_000 });
  await expect(b.locator('.conv-head').getByTestId('avatar-image')).toBeVisible();
  await screenshot(b, 'files-group-picture');

  expectNoPageProblems(a);
  expectNoPageProblems(b);
  await a.context().close();
  await b.context().close();
});
