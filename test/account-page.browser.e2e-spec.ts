import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { Clock } from '../src/common/clock/clock.js';
import { TestUser, registerUser } from './factories/user.factory.js';
import { DateNowClock } from './support/date-now-clock.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** The shortest lifetime the service accepts: the long-lived page below renews several times. */
const TTL_SECONDS = 10;
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SCREENSHOTS = 'docs/images';
/** What Chromium logs for an API answer the test provoked on purpose (wrong passwords, a 429). */
const PROVOKED = /^Failed to load resource: the server responded with a status of (401|403|429)/;

/** Records in the page, before any of its scripts, every CSP violation the browser reports. */
const CSP_WATCH = `addEventListener('securitypolicyviolation', (event) => { (globalThis.__cspViolations ??= []).push(event.violatedDirective + ' ' + event.blockedURI); });`;

/**
 * The account page at /account in headless Chromium, against the in-process service on SQLite with
 * 10-second access tokens and a real clock; found by visible names, as people find things. Run by
 * `npm run test:browser` (needs Chromium and `npm run build`), part of .ci/run.
 */
describe('the account page in a browser', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  const foreignRequests: string[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL: String(TTL_SECONDS), JWT_CLOCK_SKEW: '0' }, { overrides: [[Clock, new DateNowClock()]] });
    await t.app.listen(0, '127.0.0.1');
    // localhost, not 127.0.0.1: Chromium treats it as a secure context and keeps the Secure __Host- cookie.
    origin = `http://localhost:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newContext(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    await context.addInitScript({ content: CSP_WATCH });
    context.on('page', watch);
    return context;
  }

  function watch(page: Page): void {
    pages.push(page);
    page.on('console', (message) => {
      if (message.type() === 'error' && !PROVOKED.test(message.text())) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) foreignRequests.push(request.url());
    });
  }

  async function openAccount(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${origin}/account`);
    return page;
  }

  async function signIn(page: Page, user: TestUser): Promise<void> {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password', { exact: true }).fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await devices(page).first().waitFor();
  }

  const devices = (page: Page) => page.getByRole('list', { name: 'Your devices' }).getByRole('listitem');
  const device = (page: Page, name: string) => devices(page).filter({ hasText: name });
  const notice = (page: Page) => page.locator('#notice');

  async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Another device of the user, signed in through the API. */
  async function apiDevice(user: TestUser, deviceName: string, userAgent: string): Promise<{ refresh_token: string }> {
    return (
      await t.http
        .post('/auth/login')
        .set('User-Agent', userAgent)
        .send({ email: user.email, password: user.password, deviceName })
        .expect(200)
    ).body;
  }
  const refreshStatus = async (tokens: { refresh_token: string }) =>
    (await t.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token })).status;

  // Opened first and checked last, so that it spans the whole suite: at least three token lifetimes.
  let longLived: { page: Page; since: number; refreshes: number; unauthorized: number };
  it('signs in a page that is left open', async () => {
    const user = await registerUser(t.http);
    const page = await openAccount(await newContext());
    longLived = { page, since: Date.now(), refreshes: 0, unauthorized: 0 };
    page.on('response', (response) => {
      if (response.url().endsWith('/auth/refresh') && response.status() === 200) longLived.refreshes += 1;
      if (response.status() === 401) longLived.unauthorized += 1;
    });
    await signIn(page, user);
    expect(await devices(page).count()).toBe(1);
  }, 20_000);

  it('lists devices, marks this one, renames one and signs one out, and signs out the others', async () => {
    // A fixed address, so the screenshots do not change from run to run.
    const user = await registerUser(t.http, { email: 'ada@example.com' });
    await t.http.post('/auth/login').send({ email: user.email, password: 'not the password' }).expect(401);
    const phone = await apiDevice(user, 'Work phone', IPHONE);
    const laptop = await apiDevice(user, 'Old laptop', WINDOWS_FIREFOX);
    const page = await openAccount(await newContext());
    await signIn(page, user);

    expect(await devices(page).count()).toBe(3);
    const current = devices(page).first();
    expect(await current.textContent()).toContain('This device');
    expect(await current.getAttribute('aria-current')).toBe('true');
    expect(await device(page, 'Work phone').textContent()).toMatch(/Safari on iPhone · IP \S+ · Last used just now/);
    await page.getByRole('list', { name: 'Recent security activity' }).getByText('Failed sign-in attempt').first().waitFor();

    await device(page, 'Work phone').getByLabel('Device name').fill('Ada’s phone');
    await device(page, 'Work phone').getByRole('button', { name: 'Rename' }).click();
    await device(page, 'Ada’s phone').waitFor();
    expect(await notice(page).textContent()).toBe('Device renamed to “Ada’s phone”.');

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/account-page-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/account-page-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await device(page, 'Old laptop').getByRole('button', { name: 'Sign out' }).click();
    await until(async () => (await devices(page).count()) === 2);
    expect(await refreshStatus(laptop)).toBe(401);

    await page.getByRole('button', { name: 'Sign out other devices' }).click();
    await until(async () => (await devices(page).count()) === 1);
    expect(await refreshStatus(phone)).toBe(401);
    expect(await notice(page).textContent()).toBe('Your other devices are signed out.');
  }, 30_000);

  it('changes the password: this device stays signed in, the others are signed out; a wrong current password is explained', async () => {
    const user = await registerUser(t.http);
    const phone = await apiDevice(user, 'Work phone', IPHONE);
    const page = await openAccount(await newContext());
    await signIn(page, user);

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('a brand new passphrase 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your current password is not correct.').waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
    ).toBe('password-error');

    await page.getByLabel('Current password').fill(user.password);
    await page.getByLabel('New password').fill('a brand new passphrase 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await until(async () => (await notice(page).textContent())?.startsWith('Password changed.') ?? false);
    await until(async () => (await devices(page).count()) === 1);
    expect(await refreshStatus(phone)).toBe(401);
    await page.getByRole('list', { name: 'Recent security activity' }).getByText('Password changed').waitFor();

    // Still signed in, with the new pair: an action works, and a reload resumes from the rotated cookie.
    await page.getByRole('button', { name: 'Sign out other devices' }).click();
    await until(async () => (await notice(page).textContent()) === 'Your other devices are signed out.');
    await page.reload();
    await devices(page).first().waitFor();
    expect(await page.locator('#whoami').textContent()).toBe(`Signed in as ${user.email}`);
  }, 30_000);

  it('explains a wrong password and throttling in plain words, with focus on the message, by keyboard alone', async () => {
    const user = await registerUser(t.http);
    const page = await openAccount(await newContext({ width: 390, height: 844 }));
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    const error = page.locator('#sign-in-error');
    await until(async () => (await error.textContent()) === 'That email and password do not match an account.');
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id),
    ).toBe('sign-in-error');

    // The per-account limit: after a few failures the service answers 429 with Retry-After.
    for (let attempt = 0; attempt < 8 && !/Too many/.test((await error.textContent()) ?? ''); attempt += 1) {
      await page.getByLabel('Password', { exact: true }).fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await until(async () => await page.getByRole('button', { name: 'Sign in' }).isEnabled());
    }
    expect(await error.textContent()).toMatch(/^Too many attempts\. Try again in \d+ (seconds|minutes)\.$/);
  }, 30_000);

  it('shares one session between two tabs: "Log out all devices" in one signs the other out within a second, and signing in again signs both in', async () => {
    const user = await registerUser(t.http);
    const phone = await apiDevice(user, 'Work phone', IPHONE);
    const context = await newContext();
    const first = await openAccount(context);
    await signIn(first, user);
    const second = await openAccount(context);
    await devices(second).first().waitFor();
    expect(await devices(second).count()).toBe(2);

    await first.getByRole('button', { name: 'Log out all devices' }).click();
    await first.getByRole('dialog').getByRole('button', { name: 'Yes, log out all devices' }).click();
    const clicked = Date.now();
    await first.getByLabel('Email').waitFor();
    await second.getByLabel('Email').waitFor({ timeout: 1000 });
    expect(Date.now() - clicked).toBeLessThan(1000);
    expect(await notice(first).textContent()).toBe('You have logged out of all devices.');
    expect(await notice(second).textContent()).toBe('You were signed out in another tab.');
    expect(await refreshStatus(phone)).toBe(401);

    await signIn(first, user);
    await devices(second).first().waitFor({ timeout: 5000 });
    expect(await devices(second).count()).toBe(1);
  }, 30_000);

  it('keeps the page left open working across three token lifetimes, renewing without a visible error', async () => {
    const { page } = longLived;
    const remaining = longLived.since + (3 * TTL_SECONDS + 2) * 1000 - Date.now();
    if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
    await page.getByRole('button', { name: 'Sign out other devices' }).click();
    await until(async () => (await notice(page).textContent()) === 'Your other devices are signed out.');
    expect(longLived.refreshes).toBeGreaterThanOrEqual(3);
    expect(longLived.unauthorized).toBe(0);
    expect(await page.locator('.error:not([hidden])').count()).toBe(0);
  }, 60_000);

  it('saw no Content Security Policy violation, no request to another origin and no unexpected console error on any page', async () => {
    for (const page of pages)
      if (!page.isClosed())
        cspViolations.push(...(await page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(cspViolations).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
