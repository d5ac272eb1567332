import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { ACCOUNT_PAGE_CSP } from '../src/account/account-page-csp.js';
import { accountPageBuilt } from '../src/account/account-page-root.js';
import { helmetHeaders } from '../src/http/security-headers.js';
import { registerUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** The page is served from dist (npm run build); build it here when a plain `npm test` runs first. */
function ensurePageBuilt(): void {
  if (!accountPageBuilt()) execFileSync(process.execPath, ['account-page/build.mjs'], { stdio: 'inherit' });
}

const tokenIn = (response: { headers: Record<string, unknown> }) =>
  /^__Host-refresh_token=([^;]*)/.exec(String(([] as string[]).concat(response.headers['set-cookie'] as string[])[0]))![1];

describe('the account page', () => {
  let t: TestApp;
  beforeAll(async () => {
    ensurePageBuilt();
    t = await createTestApp();
  }, 30_000);
  afterAll(() => t.close());

  it('serves /account and its assets with the strict page CSP and no inline script or style', async () => {
    const page = await t.http.get('/account').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toBe(ACCOUNT_PAGE_CSP);
    expect(page.text).toContain('<script type="module" src="/account/app.js"></script>');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    for (const [path, type] of [
      ['/account/app.js', /javascript/],
      ['/account/styles.css', /^text\/css/],
      ['/account/favicon.svg', /^image\/svg\+xml/],
    ] as const) {
      const asset = await t.http.get(path).expect(200);
      expect(asset.headers['content-type']).toMatch(type);
      expect(asset.headers['content-security-policy']).toBe(ACCOUNT_PAGE_CSP);
    }
  });

  it("keeps the API's own CSP everywhere else, and the API's 404 for files that do not exist", async () => {
    const health = await t.http.get('/health');
    expect(health.headers['content-security-policy']).toBe(helmetHeaders()['Content-Security-Policy']);
    expect(helmetHeaders()['Content-Security-Policy']).toMatch(/^default-src 'none';/);
    const missing = await t.http.get('/account/../src/main.ts');
    expect(missing.status).toBe(404);
    expect((await t.http.get('/account/nope.js').expect(404)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('is not served with ACCOUNT_PAGE=false', async () => {
    const off = await createTestApp({ ACCOUNT_PAGE: 'false' });
    try {
      expect((await off.http.get('/account').expect(404)).body).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await off.close();
    }
  });
});

/** The page's cookie-mode requests come from the service's own origin, which needs no CORS_ORIGINS entry. */
describe("cookie-mode requests from the service's own origin", () => {
  const HOST = 'auth.test:8443';
  const signIn = async (t: TestApp) => {
    const user = await registerUser(t.http);
    return tokenIn(
      await t.http
        .post('/auth/login')
        .set('X-Requested-With', 'autorenew')
        .send({ email: user.email, password: user.password, transport: 'cookie' })
        .expect(200),
    );
  };
  const refresh = (t: TestApp, token: string, origin: string) =>
    t.http
      .post('/auth/refresh')
      .set('Host', HOST)
      .set('Origin', origin)
      .set('X-Requested-With', 'autorenew')
      .set('Cookie', `__Host-refresh_token=${token}`)
      .send({});

  it('accepts the origin the request addressed when PUBLIC_URL is unset, and still refuses a foreign one', async () => {
    const t = await createTestApp();
    try {
      const token = await signIn(t);
      expect((await refresh(t, token, 'https://evil.example.com').expect(403)).body.code).toBe('CSRF_REJECTED');
      const renewed = await refresh(t, token, `http://${HOST}`).expect(200);
      const logout = await t.http
        .post('/auth/logout')
        .set('Host', HOST)
        .set('Origin', `http://${HOST}`)
        .set('X-Requested-With', 'autorenew')
        .set('Cookie', `__Host-refresh_token=${tokenIn(renewed)}`)
        .send({});
      expect(logout.status).toBe(204);
    } finally {
      await t.close();
    }
  });

  it('accepts only the PUBLIC_URL origin when it is set', async () => {
    const t = await createTestApp({ PUBLIC_URL: 'https://accounts.example.com' });
    try {
      const token = await signIn(t);
      expect((await refresh(t, token, `http://${HOST}`).expect(403)).body.code).toBe('CSRF_REJECTED');
      await refresh(t, token, 'https://accounts.example.com').expect(200);
    } finally {
      await t.close();
    }
  });
});
