import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createAuthClient, memoryStorage } from '../client/index.js';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { registerUser } from './factories/user.factory.js';
import { listen } from './support/listen.js';
import { TestApp, createTestApp } from './support/test-app.js';

const ORIGIN = 'https://app.example.com';

/** Cookie-mode login gets the checks of cookie-mode refresh and logout (OWASP CSRF Cheat Sheet). */
describe('cookie-mode login CSRF checks', () => {
  let t: TestApp;
  let verifications: ReturnType<typeof jest.spyOn>;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: ORIGIN });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.reset();
    verifications = jest.spyOn(t.app.get(PasswordHasher), 'verifyHash');
  });
  afterEach(() => verifications.mockRestore());

  const cookieLogin = (email: string, password: string) => t.http.post('/auth/login').send({ email, password, transport: 'cookie' });

  it('refuses a cookie-mode login without X-Requested-With or from an unlisted origin with 403 CSRF_REJECTED, consuming nothing', async () => {
    const user = await registerUser(t.http);
    // More than the per-account limit (5) of wrong passwords: had any counted, the last login would be a 429.
    const forged = [
      ...Array.from({ length: 3 }, () => cookieLogin(user.email, 'wrong password')),
      ...Array.from({ length: 3 }, () =>
        cookieLogin(user.email, 'wrong password').set('X-Requested-With', 'fetch').set('Origin', 'https://evil.example.com'),
      ),
      cookieLogin(user.email, user.password).set('X-Requested-With', 'fetch').set('Origin', 'https://evil.example.com'),
      cookieLogin(user.email, user.password).set('Origin', ORIGIN),
    ];
    for (const request of forged) {
      const response = await request;
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ statusCode: 403, code: 'CSRF_REJECTED', message: expect.any(String) });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(verifications).not.toHaveBeenCalled();
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM sessions'))[0].n)).toBe(0);
    await cookieLogin(user.email, user.password).set('X-Requested-With', 'fetch').set('Origin', ORIGIN).expect(200);
  });

  it('accepts a cookie-mode login with X-Requested-With, from a listed origin or without Origin', async () => {
    const user = await registerUser(t.http);
    for (const request of [
      cookieLogin(user.email, user.password).set('X-Requested-With', 'fetch').set('Origin', ORIGIN),
      cookieLogin(user.email, user.password).set('X-Requested-With', 'fetch'),
    ]) {
      const response = await request.expect(200);
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      expect(cookies).toContainEqual(expect.stringMatching(/^__Host-refresh_token=rt1\./));
    }
  });

  it('lets the client SDK sign in in cookie mode (it sends X-Requested-With)', async () => {
    const user = await registerUser(t.http);
    const auth = createAuthClient({ baseUrl: await listen(t), transport: 'cookie', proactive: false, storage: memoryStorage() });
    await auth.login({ email: user.email, password: user.password });
    expect((await auth.fetch('/users/me')).status).toBe(200);
  });

  it('leaves body-mode login alone: it sets no cookie, so there is nothing to forge', async () => {
    const user = await registerUser(t.http);
    const response = await t.http
      .post('/auth/login')
      .set('Origin', 'https://evil.example.com')
      .send({ email: user.email, password: user.password })
      .expect(200);
    expect(response.body.refresh_token).toEqual(expect.any(String));
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
