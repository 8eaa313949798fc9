import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export interface Account {
  username: string;
  password: string;
  displayName: string;
  userId: string;
  token: string;
}

const SHOTS = 'test-results/screenshots';

export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.toLowerCase().slice(0, 32);
}

/** Registers and logs in through the public API (fast setup for tests about other screens). */
export async function registerByApi(request: APIRequestContext, prefix: string, displayName: string): Promise<Account> {
  const username = uniqueName(prefix);
  const password = 'correct horse battery';
  const registered = await request.post('/api/auth/register', {
    data: { username, email: `${username}@example.test`, password, displayName },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  return { ...(await loginByApi(request, username, password)), displayName };
}

export async function loginByApi(request: APIRequestContext, username: string, password: string): Promise<Account> {
  const login = await request.post('/api/auth/login', { data: { login: username, password } });
  expect(login.status()).toBe(200);
  const body = await login.json();
  return { username, password, displayName: body.user.displayName, userId: body.user.userId, token: body.accessToken };
}

const problems = new WeakMap<Page, string[]>();

export async function newPage(browser: Browser, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const seen: string[] = [];
  problems.set(page, seen);
  page.on('pageerror', (error) => {
    console.log(`[page error] ${error.message}`);
    seen.push(`page error: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return page;
}

/** No uncaught error and nothing the Content-Security-Policy blocked, since the page opened. */
export function expectNoPageProblems(page: Page): void {
  expect(problems.get(page) ?? []).toEqual([]);
}

export async function logIn(page: Page, account: Account): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Username or email').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/** The bodies of the confirmed messages currently rendered, top to bottom. */
export async function renderedBodies(page: Page): Promise<string[]> {
  return page.locator('[data-testid="message"] .body').allInnerTexts();
}

export async function seqsRendered(page: Page): Promise<number[]> {
  return page.locator('[data-testid="message"]').evaluateAll((rows) =>
    rows.map((r) => Number((r as HTMLElement).dataset.seq)).sort((a, b) => a - b),
  );
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: /^Message / });
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Whether the server has the route at all. A 405, or a 404 from the static-resource fallback, means
 * the endpoint is not built yet; any other answer (even a 404 "no such conversation") means it is.
 */

/** Creates a group via REST with the given members; returns its id. */
export async function createGroupByApi(request: APIRequestContext, owner: Account, name: string, memberIds: string[], visibility = 'private'): Promise<string> {
  const response = await request.post('/api/groups', {
    headers: { Authorization: `Bearer ${owner.token}` },
    data: { name, visibility, memberIds },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).conversation.conversationId;
}

/** An axe-core violation as the audit reports it: rule, impact and the offending elements. */
export interface A11yViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Audits what the page shows now with axe-core (WCAG 2 A/AA rules and best practices) and fails on
 * any serious or critical violation, listing each rule and element. Other specs call it on their
 * own screens: `await expectAccessible(page, 'invite dialog')`. Returns the minor and moderate
 * findings, which are reported but do not fail.
 */
export async function expectAccessible(page: Page, screen: string, include?: string): Promise<A11yViolation[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const violations: A11yViolation[] = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !blocking.includes(v));
  if (minor.length) console.log(`[a11y] ${screen}: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  expect(blocking, `serious or critical accessibility violations on ${screen}`).toEqual([]);
  return minor;
}
