import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { registerUser } from './factories/user.factory.js';
import { TestApp, createTestApp } from './support/test-app.js';

const ORIGIN = 'https://app.example.com';

describe('browser cookie mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: ORIGIN, SESSION_IDLE_TTL: '1h' });
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  /** The one refresh cookie a response sets (a sign-in also sets the device cookie). */
  const cookieOf = (response: { headers: Record<string, unknown> }): string => {
    const header = ([] as string[])
      .concat((response.headers['set-cookie'] as string[] | string | undefined) ?? [])
      .filter((cookie) => cookie.startsWith('__Host-refresh_token='));
    expect(header).toHaveLength(1);
    return header[0];
  };
  const tokenIn = (setCookie: string) => /^__Host-refresh_token=([^;]*)/.exec(setCookie)![1];

  const loginWithCookie = async () => {
    const user = await registerUser(t.http);
    const response = await t.http
      .post('/auth/login')
      .set('X-Requested-With', 'fetch')
      .send({ email: user.email, password: user.password, transport: 'cookie' })
      .expect(200);
    return { user, response, cookie: cookieOf(response) };
  };
  const refreshWithCookie = (cookie: string) => t.http.post('/auth/refresh').set('Cookie', `__Host-refresh_token=${tokenIn(cookie)}`);

  it('sets the refresh token as a __Host- cookie, HttpOnly, Secure, SameSite=Strict, and keeps it out of the body', async () => {
    const { response, cookie } = await loginWithCookie();
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      session_id: expect.any(String),
    });
    expect(cookie).toMatch(/^__Host-refresh_token=rt1\.[^;]+; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(response.headers['set-cookie']).toContainEqual(
      expect.stringMatching(/^__Host-device_token=dv1\.[^;]+; Max-Age=31536000; Path=\/; HttpOnly; Secure; SameSite=Strict$/),
    );
  });

  it('refreshes from the cookie with X-Requested-With, rotating the cookie', async () => {
    const { cookie } = await loginWithCookie();
    const response = await refreshWithCookie(cookie).set('X-Requested-With', 'fetch').set('Origin', ORIGIN).send({}).expect(200);
    expect(response.body.refresh_token).toBeUndefined();
    const rotated = cookieOf(response);
    // The cookie carries the successor: the session moved on exactly one generation.
    expect(await t.dataSource.query('SELECT token_generation FROM sessions')).toEqual([{ token_generation: 1 }]);
    await refreshWithCookie(rotated).set('X-Requested-With', 'XMLHttpRequest').send({}).expect(200);
  });

  it('refuses a cookie-borne refresh without X-Requested-With or from another origin with 403 CSRF_REJECTED, consuming nothing', async () => {
    const { cookie } = await loginWithCookie();
    for (const request of [
      refreshWithCookie(cookie).send({}),
      refreshWithCookie(cookie).set('X-Requested-With', 'fetch').set('Origin', 'https://evil.example.com').send({}),
    ]) {
      const response = await request.expect(403);
      expect(response.body).toEqual({ statusCode: 403, code: 'CSRF_REJECTED', message: expect.any(String) });
    }
    await refreshWithCookie(cookie).set('X-Requested-With', 'fetch').send({}).expect(200);
  });

  it('clears the cookie on logout', async () => {
    const { response, cookie } = await loginWithCookie();
    const logout = await t.http
      .post('/auth/logout')
      .set('Authorization', `Bearer ${response.body.access_token}`)
      .set('Cookie', `__Host-refresh_token=${tokenIn(cookie)}`)
      .expect(204);
    expect(cookieOf(logout)).toBe('__Host-refresh_token=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict');
    expect((await refreshWithCookie(cookie).set('X-Requested-With', 'fetch').send({}).expect(401)).body.code).toBe('SESSION_REVOKED');
  });

  it('signs out with the cookie alone (no bearer), only with X-Requested-With', async () => {
    const { cookie } = await loginWithCookie();
    const refused = await t.http
      .post('/auth/logout')
      .set('Cookie', `__Host-refresh_token=${tokenIn(cookie)}`)
      .send({})
      .expect(403);
    expect(refused.body.code).toBe('CSRF_REJECTED');
    const logout = await t.http
      .post('/auth/logout')
      .set('Cookie', `__Host-refresh_token=${tokenIn(cookie)}`)
      .set('X-Requested-With', 'fetch')
      .send({})
      .expect(204);
    expect(cookieOf(logout)).toMatch(/^__Host-refresh_token=; Max-Age=0;/);
    expect((await refreshWithCookie(cookie).set('X-Requested-With', 'fetch').send({}).expect(401)).body.code).toBe('SESSION_REVOKED');
  });

  it('keeps a body-mode client in body mode on a password change even with a stale cookie', async () => {
    const { cookie } = await loginWithCookie();
    const user = await registerUser(t.http);
    const tokens = (await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200)).body;
    const response = await t.http
      .post('/auth/password')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .set('Cookie', `__Host-refresh_token=${tokenIn(cookie)}`)
      .send({ currentPassword: user.password, newPassword: 'a changed pass phrase' })
      .expect(200);
    expect(response.body.refresh_token).toEqual(expect.any(String));
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('clears a refused cookie, and the cookie on logout-all', async () => {
    const { response, cookie } = await loginWithCookie();
    const refused = await t.http
      .post('/auth/refresh')
      .set('Cookie', '__Host-refresh_token=garbage')
      .set('X-Requested-With', 'fetch')
      .send({})
      .expect(401);
    expect(cookieOf(refused)).toMatch(/^__Host-refresh_token=; Max-Age=0;/);
    const all = await t.http
      .post('/auth/logout-all')
      .set('Authorization', `Bearer ${response.body.access_token}`)
      .set('Cookie', `__Host-refresh_token=${tokenIn(cookie)}`)
      .expect(204);
    expect(cookieOf(all)).toMatch(/^__Host-refresh_token=; Max-Age=0;/);
  });

  it('keeps the body transport as the default', async () => {
    const user = await registerUser(t.http);
    const response = await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body.refresh_token).toEqual(expect.any(String));
  });
});
