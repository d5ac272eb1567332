import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { decodeToken } from './support/jwt.js';
import { pauseMethod } from './support/pause.js';
import { TestApp, createTestApp } from './support/test-app.js';

describe('POST /auth/password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => t.reset());
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const newPassword = 'a brand new pass phrase';

  it('changes the password; this device goes on with a new pair, every other token dies', async () => {
    const user = await signedInUser(t.http, 'this device');
    const other = await login(t.http, user, 'other device');
    const response = await t.http
      .post('/auth/password')
      .set(bearer(user.tokens))
      .send({ currentPassword: user.password, newPassword })
      .expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({ token_type: 'Bearer', session_id: user.tokens.session_id });
    expect(decodeToken(response.body.access_token).payload.ver).toBe(1);

    await t.http.get('/users/me').set(bearer(response.body)).expect(200);
    await t.http.post('/auth/refresh').send({ refresh_token: response.body.refresh_token }).expect(200);
    for (const tokens of [user.tokens, other]) {
      expect((await t.http.get('/users/me').set(bearer(tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
    }
    expect((await t.http.post('/auth/refresh').send({ refresh_token: other.refresh_token }).expect(401)).body.code).toBe('SESSION_REVOKED');

    await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(401);
    await t.http.post('/auth/login').send({ email: user.email, password: newPassword }).expect(200);
  });

  it('answers 403 INVALID_CREDENTIALS for a wrong current password and changes nothing', async () => {
    const user = await signedInUser(t.http);
    const [before] = await t.dataSource.query('SELECT password_hash, jwt_version FROM users');
    const response = await t.http
      .post('/auth/password')
      .set(bearer(user.tokens))
      .send({ currentPassword: 'wrong password', newPassword })
      .expect(403);
    expect(response.body).toEqual({ statusCode: 403, code: 'INVALID_CREDENTIALS', message: 'Invalid email or password.' });
    const [after] = await t.dataSource.query('SELECT password_hash, jwt_version FROM users');
    expect(after).toEqual(before);
    await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
    await t.http.post('/auth/login').send({ email: user.email, password: user.password }).expect(200);
  });

  it('refuses a weak new password with 400 WEAK_PASSWORD and changes nothing', async () => {
    const user = await signedInUser(t.http);
    for (const candidate of ['short', 'x'.repeat(129), 'password123']) {
      const response = await t.http
        .post('/auth/password')
        .set(bearer(user.tokens))
        .send({ currentPassword: user.password, newPassword: candidate })
        .expect(400);
      expect(response.body.code).toBe('WEAK_PASSWORD');
    }
    await t.http.get('/users/me').set(bearer(user.tokens)).expect(200);
  });

  it('counts wrong current passwords, records each, and ends the session that keeps failing', async () => {
    const user = await signedInUser(t.http);
    for (let i = 0; i < 5; i += 1) {
      await t.http
        .post('/auth/password')
        .set(bearer(user.tokens))
        .send({ currentPassword: `wrong guess ${i}`, newPassword })
        .expect(403);
    }
    const events = await t.dataSource.query("SELECT session_id AS sessionId FROM auth_events WHERE type = 'password_change_failed'");
    expect(events).toEqual(Array(5).fill({ sessionId: user.tokens.session_id }));
    expect((await t.http.get('/users/me').set(bearer(user.tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
    expect((await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401)).body.code).toBe(
      'SESSION_REVOKED',
    );
    // Another session of the same account is throttled too, for the rest of the block, even with the right password.
    const other = await login(t.http, user);
    expect(
      (await t.http.post('/auth/password').set(bearer(other)).send({ currentPassword: user.password, newPassword }).expect(429)).body.code,
    ).toBe('TOO_MANY_REQUESTS');
  });

  it('lets only one of two overlapping changes win: the second finds the password it verified replaced', async () => {
    const user = await signedInUser(t.http, 'first');
    const second = await login(t.http, user, 'second');
    const hashing = pauseMethod(t.app.get(PasswordHasher), 'hash');
    const first = t.http
      .post('/auth/password')
      .set(bearer(user.tokens))
      .send({ currentPassword: user.password, newPassword: 'first new pass phrase here' })
      .then((response) => response);
    await hashing.arrived;
    await t.http
      .post('/auth/password')
      .set(bearer(second))
      .send({ currentPassword: user.password, newPassword: 'second new pass phrase here' })
      .expect(200);
    hashing.release();
    expect((await first).status).toBe(403);
    await t.http.post('/auth/login').send({ email: user.email, password: 'second new pass phrase here' }).expect(200);
    await t.http.post('/auth/login').send({ email: user.email, password: 'first new pass phrase here' }).expect(401);
  });
});
