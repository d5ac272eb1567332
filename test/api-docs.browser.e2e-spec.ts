import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** Records in the page, before any of its scripts, every CSP violation the browser reports. */
const CSP_WATCH = `addEventListener('securitypolicyviolation', (event) => { (globalThis.__cspViolations ??= []).push(event.violatedDirective + ' ' + event.blockedURI); });`;

/**
 * Swagger UI at /docs in headless Chromium: it renders the document under the /docs CSP without a single
 * violation, and asks nothing of another origin. Run by `npm run test:browser`, part of .ci/run.
 */
describe('the API docs in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every operation of the document with no CSP violation, console error or foreign request', async () => {
    const origin = await listen(t);
    const context = await browser.newContext();
    await context.addInitScript({ content: CSP_WATCH });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== origin) problems.push(`foreign request: ${request.url()}`);
    });

    await page.goto(`${origin}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    await page.getByText('/auth/login', { exact: true }).first().click();
    await page.locator('.opblock-body').first().waitFor();

    const operations = await page.locator('.opblock').count();
    const documented = (await t.http.get('/docs/json').expect(200)).body as { paths: Record<string, object> };
    expect(operations).toBe(Object.values(documented.paths).flatMap((item) => Object.keys(item)).length);
    expect(await page.evaluate(() => (globalThis as { __cspViolations?: string[] }).__cspViolations ?? [])).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
