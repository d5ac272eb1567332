import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AuthStateRepository } from '../src/revocation/auth-state.repository.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { pauseMethod } from './support/pause.js';
import { TestApp, createTestApp } from './support/test-app.js';

/** The guard answers from this instance's auth-state cache, and every revocation made here is seen at once. */
describe('the guard’s auth-state cache on one instance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(() => t.reset());
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(() => t.close());

  const me = (tokens: { access_token: string }) => t.http.get('/auth/me').set(bearer(tokens));
  const expectRevoked = async (tokens: { access_token: string }) => {
    const response = await me(tokens).expect(401);
    expect(response.body.code).toBe('TOKEN_REVOKED');
  };

  describe('GET /auth/me', () => {
    it('answers the caller’s principal', async () => {
      const user = await signedInUser(t.http);
      const response = await me(user.tokens).expect(200);
      expect(response.body).toEqual({ userId: user.id, sessionId: user.tokens.session_id, role: 'user' });
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('answers repeated requests from the cache, reading the database once', async () => {
      const user = await signedInUser(t.http);
      const reads = jest.spyOn(t.app.get(AuthStateRepository), 'find');
      for (let i = 0; i < 10; i += 1) await me(user.tokens).expect(200);
      expect(reads).toHaveBeenCalledTimes(1);
    });
  });

  describe('revocations on this instance are seen by its next request', () => {
    it('logout-all', async () => {
      const user = await signedInUser(t.http);
      await me(user.tokens).expect(200);
      await t.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
      await expectRevoked(user.tokens);
    });

    it('logout by bearer', async () => {
      const user = await signedInUser(t.http);
      await me(user.tokens).expect(200);
      await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
      await expectRevoked(user.tokens);
    });

    it('a password change, for every other device', async () => {
      const user = await signedInUser(t.http);
      const laptop = await login(t.http, user, 'Laptop');
      await me(laptop).expect(200);
      await t.http
        .post('/auth/password')
        .set(bearer(user.tokens))
        .send({ currentPassword: user.password, newPassword: 'a brand new pass phrase 42' })
        .expect(200);
      await expectRevoked(laptop);
    });

    it('revoking one device from another', async () => {
      const user = await signedInUser(t.http);
      const laptop = await login(t.http, user, 'Laptop');
      await me(laptop).expect(200);
      await t.http.delete(`/sessions/${laptop.session_id}`).set(bearer(user.tokens)).expect(204);
      await expectRevoked(laptop);
      await me(user.tokens).expect(200);
    });

    it('an administrator disabling the user', async () => {
      const admin = await signedInAdmin(t);
      const user = await signedInUser(t.http);
      await me(user.tokens).expect(200);
      await t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).expect(200);
      await expectRevoked(user.tokens);
    });

    it('reuse of a rotated refresh token', async () => {
      const user = await signedInUser(t.http);
      const rotated = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      await me(rotated).expect(200);
      t.clock.advance((t.config.sessions.reuseGrace + 1) * 1000);
      await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(401);
      await expectRevoked(rotated);
    });
  });

  it('never caches a read that began before a revocation and ended after it', async () => {
    const user = await signedInUser(t.http);
    // The guard's read finds the live state, then is held while logout-all commits and is announced.
    const read = pauseMethod(t.app.get(AuthStateRepository), 'find');
    const inFlight = me(user.tokens);
    const answered = inFlight.then((response) => response.status);
    await read.arrived;
    await t.http.post('/auth/logout-all').set(bearer(user.tokens)).expect(204);
    read.release();
    expect(await answered).toBe(200);
    await expectRevoked(user.tokens);
  });
});

describe('the guard’s auth-state cache with a short idle timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SESSION_IDLE_TTL: '60' });
  });
  afterAll(() => t.close());

  it('accepts a session whose cached idle expiry has passed but which a refresh has extended', async () => {
    const user = await signedInUser(t.http);
    t.clock.advance(50 * 1000);
    // Cached now, with the idle expiry ten seconds away; the refresh then slides the real one a minute on.
    await t.http.get('/auth/me').set(bearer(user.tokens)).expect(200);
    const renewed = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
    t.clock.advance(20 * 1000);
    await t.http.get('/auth/me').set(bearer(renewed)).expect(200);
  });
});
