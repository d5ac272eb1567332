import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { bearer, registerUser } from './factories/user.factory.js';
import { decodeToken } from './support/jwt.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('POST /auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());

  it('answers an RFC 6749 token response that must not be cached', async () => {
    const user = await registerUser(t.http);
    const response = await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: expect.stringMatching(/^[A-Za-z0-9._-]+$/),
      session_id: expect.any(String),
      // This device's token for its next sign-in (throttling exempts known devices: docs/security.md).
      device_token: expect.stringMatching(/^dv1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/),
    });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
  });

  it('issues an HS256 at+jwt with exactly the documented claims and nothing personal', async () => {
    const user = await registerUser(t.http);
    const { body } = await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
    const { header, payload } = decodeToken(body.access_token);
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: expect.stringMatching(/^hs-[A-Za-z0-9_-]{16}$/) });
    const now = t.clock.nowSeconds();
    expect(payload).toEqual({ sub: user.id, sid: body.session_id, ver: 0, iat: now, exp: now + 900, iss: 'autorenew', aud: 'autorenew' });
    expect(JSON.stringify(payload)).not.toContain(user.email);
  });

  it('matches the email case-insensitively', async () => {
    const user = await registerUser(t.http, { email: 'mixed@example.com' });
    await t.http.post('/auth/login').send({ email: 'MIXED@Example.com', password: user.password }).expect(200);
  });

  it('opens a new session per login, named by deviceName and recording user agent and IP', async () => {
    const user = await registerUser(t.http);
    const ipad = await t.http
      .post('/auth/login')
      .set('User-Agent', 'TestAgent/1.0')
      .send({ email: user.email, password: user.password, deviceName: 'iPad' })
      .expect(200);
    const laptop = await t.http
      .post('/auth/login')
      .send({ email: user.email, password: user.password, deviceName: 'Work laptop' })
      .expect(200);
    const sessions = await t.http.get('/sessions').set(bearer(ipad.body)).expect(200);
    expect(sessions.body.map((session: { id: string }) => session.id).sort()).toEqual(
      [ipad.body.session_id, laptop.body.session_id].sort(),
    );
    const current = sessions.body.find((session: { current: boolean }) => session.current);
    expect(current).toMatchObject({
      id: ipad.body.session_id,
      deviceName: 'iPad',
      userAgent: 'TestAgent/1.0',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
  });

  it('answers unknown email and wrong password with the same 401 INVALID_CREDENTIALS', async () => {
    const user = await registerUser(t.http);
    const wrongPassword = await t.http.post('/auth/login').send({ email: user.email, password: 'not the password' }).expect(401);
    const unknownEmail = await t.http.post('/auth/login').send({ email: 'nobody@example.com', password: 'not the password' }).expect(401);
    const expected = { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid email or password.' };
    expect(wrongPassword.body).toEqual(expected);
    expect(unknownEmail.body).toEqual(expected);
    expect(wrongPassword.headers['www-authenticate']).toBeUndefined();
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM sessions');
    expect(Number(count)).toBe(0);
  });

  it.each([
    [{ email: 'a@example.com' }, 'password'],
    [{ password: 'whatever password' }, 'email'],
    [{ email: 'a@example.com', password: 'whatever password', deviceName: '' }, 'deviceName'],
    [{ email: 'a@example.com', password: 'whatever password', deviceName: 'x'.repeat(101) }, 'deviceName'],
    [{ email: 'a@example.com', password: 'whatever password', admin: true }, 'admin'],
  ])('answers 400 VALIDATION_FAILED for %p', async (body, field) => {
    const response = await t.http.post('/auth/login').send(body).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });
});
