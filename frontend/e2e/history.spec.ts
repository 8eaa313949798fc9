import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createGroupByApi, logIn, newPage, registerByApi, screenshot } from './support';

const TOTAL = 2000;

test('2,000 messages scroll back smoothly: few rows mounted, older pages load, order kept', async ({ browser, request }) => {
  test.setTimeout(600_000);
  const [alice, bob] = await Promise.all([registerByApi(request, 'hist', 'Hist Alice'), registerByApi(request, 'histb', 'Hist Bob')]);
  const groupId = await createGroupByApi(request, alice, 'Long history', [bob.userId]);

  // Create the history through the public API, several sends in flight at a time.
  const started = Date.now();
  let next = 1;
  const worker = async (account: typeof alice) => {
    for (let n = next++; n <= TOTAL; n = next++) {
      const data = { clientMessageId: randomUUID(), body: `history line ${n}${n % 7 === 0 ? '\nwith a second line' : ''}` };
      let response = await request.post(`/api/conversations/${groupId}/messages`, { headers: { Authorization: `Bearer ${account.token}` }, data });
      // A well-behaved client: a 503 "overloaded" wrote nothing; send the same id again after Retry-After.
      for (let attempt = 0; response.status() === 503 && attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers()['retry-after'] ?? 1)));
        response = await request.post(`/api/conversations/${groupId}/messages`, { headers: { Authorization: `Bearer ${account.token}` }, data });
      }
      expect(response.status()).toBe(201);
    }
  };
  await Promise.all([alice, bob, alice, bob, alice, bob].map(worker));
  console.log(`created ${TOTAL} messages in ${Date.now() - started} ms`);
  await expect
    .poll(async () => {
      const r = await request.get(`/api/conversations/${groupId}/messages?limit=1`, { headers: { Authorization: `Bearer ${bob.token}` } });
      return (await r.json()).items[0]?.seq ?? 0;
    }, { timeout: 60_000 })
    .toBe(TOTAL);

  const page = await newPage(browser, 1280, 900);
  await logIn(page, bob);
  await page.goto(`/c/${groupId}`);
  const rows = page.locator('[data-testid="message"]');
  await expect(page.locator(`[data-testid="message"][data-seq="${TOTAL}"]`)).toBeVisible();

  // Scroll to the very top page by page, like a reader holding PageUp, sampling frame times.
  const result = await page.evaluate(async () => {
    const list = document.querySelector('[data-testid="messages"]') as HTMLElement;
    const frames: number[] = [];
    let maxMounted = 0;
    let last = performance.now();
    const deadline = last + 200_000;
    while (!document.body.innerText.includes('This is the beginning of the conversation.') && performance.now() < deadline) {
      list.scrollTop = Math.max(0, list.scrollTop - list.clientHeight);
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      frames.push(now - last);
      last = now;
      maxMounted = Math.max(maxMounted, list.querySelectorAll('[data-testid="message"]').length);
    }
    frames.sort((a, b) => a - b);
    return {
      reachedTop: document.body.innerText.includes('This is the beginning of the conversation.'),
      frames: frames.length,
      median: frames[Math.floor(frames.length / 2)],
      p95: frames[Math.floor(frames.length * 0.95)],
      maxMounted,
    };
  });
  console.log(`scroll-back: ${JSON.stringify(result)}`);
  expect(result.reachedTop).toBe(true);
  expect(result.maxMounted).toBeLessThan(150);
  // Few mounted rows is the proof of virtualization; frame times are a smoothness guard with
  // bounds loose enough for a shared 2-core CI box (each step scrolls a whole screen).
  expect(result.median).toBeLessThan(100);
  expect(result.p95).toBeLessThan(400);

  await expect(page.locator('[data-testid="message"][data-seq="1"]')).toBeVisible();
  const seqs = await rows.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.seq)));
  const sorted = [...seqs].sort((a, b) => a - b);
  expect(seqs).toEqual(sorted);
  expect(sorted[0]).toBe(1);
  expect(new Set(seqs).size).toBe(seqs.length);
  await expect(page.getByTestId('messages').getByText('history line 1', { exact: true })).toBeVisible();
  await screenshot(page, 'history-top-desktop');

  // Jump to latest brings the newest message back.
  await page.getByRole('button', { name: /jump to latest/i }).click();
  await expect(page.locator(`[data-testid="message"][data-seq="${TOTAL}"]`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(150);
  await page.context().close();
});
