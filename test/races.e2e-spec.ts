import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SessionsRepository } from '../src/sessions/sessions.repository.js';
import { SessionsService } from '../src/sessions/sessions.service.js';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { bearer, login, signedInUser } from './factories/user.factory.js';
import { pauseMethod } from './support/pause.js';
import { TestApp, createTestApp } from './support/test-app.js';

const PARALLEL = 20;

/**
 * Races forced deterministically: requests are held at a chosen point (after reading the session,
 * before inserting one) until the competing request has done its work.
 */
describe('races', () => {
  for (const grace of ['10s', '0']) {
    describe(`with REFRESH_REUSE_GRACE=${grace}`, () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await createTestApp({ REFRESH_REUSE_GRACE: grace });
      });
      afterAll(() => t.close());
      beforeEach(() => t.reset());
      afterEach(() => {
        jest.restoreAllMocks();
      });

      it(`${PARALLEL} refreshes that all read the session before any rotates: ${grace === '0' ? 'at most one succeeds, no live successor' : 'all succeed with one successor'}`, async () => {
        const user = await signedInUser(t.http);
        const pause = pauseMethod(t.app.get(SessionsRepository), 'findWithOwner', { count: PARALLEL });
        const requests = Array.from({ length: PARALLEL }, () => t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).then((r) => r));
        await pause.arrived;
        pause.release();
        const responses = await Promise.all(requests);
        // Every loser of the compare-and-set re-read the session: the retry path really ran.
        expect(pause.calls()).toBe(2 * PARALLEL - 1);
        const ok = responses.filter((response) => response.status === 200);
        expect(responses.every((response) => response.status === 200 || response.status === 401)).toBe(true);
        const [row] = await t.dataSource.query('SELECT token_generation, revoked_at FROM sessions');
        expect(Number(row.token_generation)).toBe(1);
        if (grace === '0') {
          expect(ok).toHaveLength(1);
          expect(row.revoked_at).not.toBeNull();
        } else {
          expect(ok).toHaveLength(PARALLEL);
          expect(new Set(ok.map((response) => response.body.refresh_token)).size).toBe(1);
          expect(row.revoked_at).toBeNull();
        }
      });
    });
  }

  describe('around revocation and credentials', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
    });
    afterAll(() => t.close());
    beforeEach(() => t.reset());
    afterEach(() => {
      jest.restoreAllMocks();
    });

    it('the repository rotates a generation once only', async () => {
      const user = await signedInUser(t.http);
      const repository = t.app.get(SessionsRepository);
      const now = t.clock.now();
      const later = new Date(now.getTime() + 3600_000);
      expect(await repository.rotate(user.tokens.session_id, 0, now, later)).toBe(true);
      expect(await repository.rotate(user.tokens.session_id, 0, now, later)).toBe(false);
    });

    it('a refresh that read the session before a logout cannot bring it back', async () => {
      const user = await signedInUser(t.http);
      const pause = pauseMethod(t.app.get(SessionsRepository), 'findWithOwner');
      const refresh = t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).then((r) => r);
      await pause.arrived;
      await t.http.post('/auth/logout').set(bearer(user.tokens)).expect(204);
      pause.release();
      const response = await refresh;
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('SESSION_REVOKED');
      const [row] = await t.dataSource.query('SELECT token_generation, revoked_at FROM sessions');
      expect(Number(row.token_generation)).toBe(0);
      expect(row.revoked_at).not.toBeNull();
    });

    it('a login with the old password that overlaps a password change does not survive it', async () => {
      const user = await signedInUser(t.http);
      // Held after the password check, before the session is written.
      const pause = pauseMethod(t.app.get(PasswordHasher), 'verify');
      const racingLogin = t.http.post('/auth/login').send({ email: user.email, password: user.password }).then((r) => r);
      await pause.arrived;
      await t.http.post('/auth/password').set(bearer(user.tokens)).send({ currentPassword: user.password, newPassword: 'changed pass phrase' }).expect(200);
      pause.release();
      const response = await racingLogin;
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('INVALID_CREDENTIALS');
      const live = await t.dataSource.query('SELECT id FROM sessions WHERE revoked_at IS NULL');
      expect(live.map((row: { id: string }) => row.id)).toEqual([user.tokens.session_id]);
    });

    it('a password change gives the token it replaced no grace window, without signing this device out', async () => {
      const user = await signedInUser(t.http);
      const rotated = (await t.http.post('/auth/refresh').send({ refresh_token: user.tokens.refresh_token }).expect(200)).body;
      const changed = (await t.http.post('/auth/password').set(bearer(rotated)).send({ currentPassword: user.password, newPassword: 'changed pass phrase' }).expect(200)).body;
      const replay = await t.http.post('/auth/refresh').send({ refresh_token: rotated.refresh_token }).expect(401);
      expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
      await t.http.get('/users/me').set(bearer(changed)).expect(200);
      await t.http.post('/auth/refresh').send({ refresh_token: changed.refresh_token }).expect(200);
    });

    it('an administrator disabling a user during the user’s password change: both take effect, in order', async () => {
      const admin = await signedInAdmin(t);
      const user = await signedInUser(t.http);
      const other = await login(t.http, user);
      // Hold the password change inside its transaction, after it revoked the other sessions.
      const pause = pauseMethod(t.app.get(SessionsService), 'reissue', { hold: 'before' });
      const change = t.http.post('/auth/password').set(bearer(user.tokens)).send({ currentPassword: user.password, newPassword: 'changed pass phrase' }).then((r) => r);
      await pause.arrived;
      const disable = t.http.patch(`/admin/users/${user.id}`).set(bearer(admin.tokens)).send({ disabled: true }).then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 50));
      pause.release();
      const [changeResponse, disableResponse] = await Promise.all([change, disable]);
      expect(disableResponse.status).toBe(200);
      expect([200, 401]).toContain(changeResponse.status);
      const [row] = await t.dataSource.query('SELECT disabled_at, jwt_version FROM users WHERE id = ?', [user.id]);
      expect(row.disabled_at).not.toBeNull();
      expect(Number(row.jwt_version)).toBe(changeResponse.status === 200 ? 2 : 1);
      const live = await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [user.id]);
      expect(live).toEqual([]);
      for (const tokens of [user.tokens, other, ...(changeResponse.status === 200 ? [changeResponse.body] : [])]) {
        await t.http.get('/users/me').set(bearer(tokens)).expect(401);
      }
    });
  });
});
