import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { registerUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

const PAGE_PORT = 4733;
const PAGE_ORIGIN = `http://localhost:${PAGE_PORT}`;

/** Serves a blank page and the built SDK (dist/client) from another origin than the API. */
function pageServer(): Server {
  return createServer((request, response) => {
    const url = request.url ?? '/';
    if (url.startsWith('/client/')) {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(readFileSync(join('dist', url)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>app</title>');
  });
}

/**
 * The SDK in headless Chromium, cookie mode, against the in-process service on another origin: the
 * refresh token lives in an HttpOnly cookie that page scripts cannot read, and renewal works through it.
 * Run by `npm run test:browser` (needs Chromium and `npm run build`), part of .ci/run.
 */
describe('the client SDK in a browser', () => {
  let t: TestApp;
  let api: string;
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: PAGE_ORIGIN });
    await t.app.listen(0, '127.0.0.1');
    api = `http://localhost:${(t.app.getHttpServer().address() as { port: number }).port}`;
    server = pageServer();
    await new Promise<void>((resolve) => server.listen(PAGE_PORT, '127.0.0.1', resolve));
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await t?.close();
  });

  it('signs in with the refresh token out of reach of scripts, and renews through the cookie after expiry', async () => {
    const user = await registerUser(t.http);
    const page = await browser.newPage();
    await page.goto(`${PAGE_ORIGIN}/`);
    const signedIn = await page.evaluate(
      async ({ api, email, password }) => {
        // Runs in the page: its globals, typed here without the DOM library.
        const page = globalThis as unknown as { auth: unknown; document: { cookie: string } };
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- a URL in the page, not a module the compiler may resolve
        const { createAuthClient } = await import('/client/index.js' as string);
        const auth = createAuthClient({ baseUrl: api, transport: 'cookie', proactive: false });
        page.auth = auth;
        await auth.login({ email, password });
        const me = await auth.fetch('/users/me');
        return { status: me.status, email: (await me.json()).email, cookies: page.document.cookie };
      },
      { api, email: user.email, password: user.password },
    );
    expect(signedIn.status).toBe(200);
    expect(signedIn.email).toBe(user.email);
    expect(signedIn.cookies).not.toContain('rt1.');
    const cookies = await page.context().cookies(api);
    const cookie = cookies.find((candidate) => candidate.name === '__Host-refresh_token');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });

    // The service's clock moves past the access token's lifetime; the browser's does not know it.
    t.clock.advanceSeconds(16 * 60);
    const renewed = await page.evaluate(async () => {
      const auth = (
        globalThis as unknown as { auth: { fetch(path: string): Promise<Response>; on(event: string, handler: () => void): void } }
      ).auth;
      let refreshed = 0;
      auth.on('refreshed', () => (refreshed += 1));
      const me = await auth.fetch('/users/me');
      return { status: me.status, refreshed };
    });
    expect(renewed).toEqual({ status: 200, refreshed: 1 });
  }, 30_000);
});
