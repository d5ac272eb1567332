import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import { AdminUsersService } from '../src/admin/admin-users.service.js';
import { UsersRepository } from '../src/users/users.repository.js';
import { SessionsRepository } from '../src/sessions/sessions.repository.js';
import { SessionsService } from '../src/sessions/sessions.service.js';
import { PasswordHasher } from '../src/auth/passwords/password-hasher.service.js';
import { signedInAdmin } from './factories/admin.factory.js';
import { SignedInUser, bearer, login, signedInUser } from './factories/user.factory.js';
import { decodeToken } from './support/jwt.js';
import { readOutbox, resetTokenFrom } from './support/outbox.js';
import { pauseMethod, whenCalled } from './support/pause.js';
import { E2E_DB } from './support/test-database.js';
import { TestApp, createTestApp } from './support/test-app.js';

const PARALLEL = 20;
/** Booting an app migrates a fresh MariaDB database first: longer than jest's 5 s default on a busy machine. */
const BOOT_MS = 30_000;

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
      }, BOOT_MS);
      afterAll(() => t.close());
      beforeEach(() => t.reset());
      afterEach(() => {
        jest.restoreAllMocks();
      });

      it(`${PARALLEL} refreshes that all read the session before any rotates: ${grace === '0' ? 'exactly one succeeds, the others are reuse, no live successor' : 'all succeed with one successor'}`, async () => {
        const user = await signedInUser(t.http);
        const pause = pauseMethod(t.app.get(SessionsRepository), 'findWithOwner', { count: PARALLEL });
        const requests = Array.from({ length: PARALLEL }, () =>
          t.http
            .post('/auth/refresh')
            .send({ refresh_token: user.tokens.refresh_token })
            .then((r) => r),
        );
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
          expect(responses.filter((response) => response.status === 401)).toHaveLength(PARALLEL - 1);
          expect(row.revoked_at).not.toBeNull();
          expect(await t.dataSource.query("SELECT type FROM auth_events WHERE type = 'refresh_token_reused'")).toEqual([
            { type: 'refresh_token_reused' },
          ]);
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
    }, BOOT_MS);
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
      const refresh = t.http
        .post('/auth/refresh')
        .send({ refresh_token: user.tokens.refresh_token })
        .then((r) => r);
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
      const racingLogin = t.http
        .post('/auth/login')
        .send({ email: user.email, password: user.password })
        .then((r) => r);
      await pause.arrived;
      await t.http
        .post('/auth/password')
        .set(bearer(user.tokens))
        .send({ currentPassword: user.password, newPassword: 'changed pass phrase' })
        .expect(200);
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
      const changed = (
        await t.http
          .post('/auth/password')
          .set(bearer(rotated))
          .send({ currentPassword: user.password, newPassword: 'changed pass phrase' })
          .expect(200)
      ).body;
      const replay = await t.http.post('/auth/refresh').send({ refresh_token: rotated.refresh_token }).expect(401);
      expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
      await t.http.get('/users/me').set(bearer(changed)).expect(200);
      await t.http.post('/auth/refresh').send({ refresh_token: changed.refresh_token }).expect(200);
    });

    it('an administrator disabling a user during the user’s password change: both take effect, in order', async () => {
      const admin = await signedInAdmin(t);
      // The administrator's state cached, so the disabling request reaches the service without reading the
      // database (on SQLite that read would wait for the change's transaction like every other statement).
      await t.http.get('/users/me').set(bearer(admin.tokens)).expect(200);
      const user = await signedInUser(t.http);
      const other = await login(t.http, user);
      // Hold the password change inside its transaction, after it revoked the other sessions.
      const pause = pauseMethod(t.app.get(SessionsService), 'reissue', { hold: 'before' });
      const change = t.http
        .post('/auth/password')
        .set(bearer(user.tokens))
        .send({ currentPassword: user.password, newPassword: 'changed pass phrase' })
        .then((r) => r);
      await pause.arrived;
      // MariaDB: the disabling transaction has begun and sends its locking read, which waits on the user's row
      // the change holds. SQLite: the disabling request is in the service, and each of its statements waits at
      // the transaction gate. Either way it is under way and cannot overtake the change.
      const disabling =
        E2E_DB === 'mariadb'
          ? whenCalled(t.app.get(UsersRepository), 'lockEnabledAdmins')
          : whenCalled(t.app.get(AdminUsersService), 'setDisabled');
      const disable = t.http
        .patch(`/admin/users/${user.id}`)
        .set(bearer(admin.tokens))
        .send({ disabled: true })
        .then((r) => r);
      await disabling;
      pause.release();
      const [changeResponse, disableResponse] = await Promise.all([change, disable]);
      expect(changeResponse.status).toBe(200);
      expect(disableResponse.status).toBe(200);
      const [row] = await t.dataSource.query('SELECT disabled_at, jwt_version FROM users WHERE id = ?', [user.id]);
      expect(row.disabled_at).not.toBeNull();
      // The change bumped it to 1 and committed; the disabling, after it, to 2.
      expect(Number(row.jwt_version)).toBe(2);
      expect(decodeToken(changeResponse.body.access_token).payload.ver).toBe(1);
      const live = await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [user.id]);
      expect(live).toEqual([]);
      for (const tokens of [user.tokens, other, changeResponse.body]) {
        expect((await t.http.get('/users/me').set(bearer(tokens)).expect(401)).body.code).toBe('TOKEN_REVOKED');
      }
    }, 20_000);
  });

  /**
   * The four revocations that bump jwt_version (docs/sessions.md, "a login overlaps a password change, reset,
   * logout-all or disabling"), each forced against a sign-in in both orders and against a refresh.
   */
  describe('a sign-in or refresh overlapping a revocation', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ REFRESH_REUSE_GRACE: '10s' });
    }, BOOT_MS);
    afterAll(() => t.close());
    beforeEach(async () => {
      await t.reset();
      rmSync(t.config.mail.outboxDir, { recursive: true, force: true });
    });
    afterEach(() => {
      jest.restoreAllMocks();
    });

    interface Revocation {
      name: string;
      /** Whatever must exist before the race (a reset link), so the race itself is one request. */
      prepare(user: SignedInUser): Promise<() => Promise<{ status: number }>>;
      status: number;
      /** The sessions of the user's own that survive it. */
      survivors(user: SignedInUser): string[];
    }
    const revocations: Revocation[] = [
      {
        name: 'a password change',
        prepare: async (user) => () =>
          t.http
            .post('/auth/password')
            .set(bearer(user.tokens))
            .send({ currentPassword: user.password, newPassword: 'changed pass phrase' })
            .then((r) => r),
        status: 200,
        survivors: (user) => [user.tokens.session_id],
      },
      {
        name: 'a password reset',
        prepare: async (user) => {
          await t.http.post('/auth/password/forgot').send({ email: user.email }).expect(202);
          const token = resetTokenFrom((await readOutbox(t))[0]);
          return () =>
            t.http
              .post('/auth/password/reset')
              .send({ token, newPassword: 'a fresh pass phrase' })
              .then((r) => r);
        },
        status: 200,
        survivors: () => [],
      },
      {
        name: 'a logout-all',
        prepare: async (user) => () =>
          t.http
            .post('/auth/logout-all')
            .set(bearer(user.tokens))
            .then((r) => r),
        status: 204,
        survivors: () => [],
      },
      {
        name: 'an administrator disabling the account',
        prepare: async (user) => {
          const admin = await signedInAdmin(t);
          return () =>
            t.http
              .patch(`/admin/users/${user.id}`)
              .set(bearer(admin.tokens))
              .send({ disabled: true })
              .then((r) => r);
        },
        status: 200,
        survivors: () => [],
      },
    ];

    const liveSessionsOf = async (userId: string) =>
      (await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL ORDER BY id', [userId])).map(
        (row: { id: string }) => row.id,
      );
    const jwtVersionOf = async (userId: string) =>
      Number((await t.dataSource.query('SELECT jwt_version FROM users WHERE id = ?', [userId]))[0].jwt_version);
    const signIn = (user: SignedInUser) =>
      t.http
        .post('/auth/login')
        .send({ email: user.email, password: user.password, deviceName: 'racing' })
        .then((r) => r);

    for (const revocation of revocations) {
      describe(revocation.name, () => {
        it('refuses a sign-in that checked the password before it and opens its session after it', async () => {
          const user = await signedInUser(t.http);
          const revoke = await revocation.prepare(user);
          // Held after the password check (with the credentials of before), before the session is written.
          const checked = pauseMethod(t.app.get(PasswordHasher), 'verify');
          const racing = signIn(user);
          await checked.arrived;
          expect((await revoke()).status).toBe(revocation.status);
          checked.release();
          const response = await racing;
          expect(response.status).toBe(401);
          expect(response.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid email or password.' });
          expect(await jwtVersionOf(user.id)).toBe(1);
          // The racing sign-in wrote its session, found the user moved on, and revoked it as stale.
          const [racingSession] = await t.dataSource.query("SELECT revoked_at FROM sessions WHERE user_id = ? AND device_name = 'racing'", [
            user.id,
          ]);
          expect(racingSession.revoked_at).not.toBeNull();
          expect(await liveSessionsOf(user.id)).toEqual(revocation.survivors(user));
        }, 15_000);

        it('ends a sign-in that opened its session before it, though its answer is sent after', async () => {
          const user = await signedInUser(t.http);
          const revoke = await revocation.prepare(user);
          // Held after the sign-in's re-read of the user (the last thing it does before answering).
          const reread = pauseMethod(t.app.get(UsersRepository), 'findById');
          const racing = signIn(user);
          await reread.arrived;
          expect((await revoke()).status).toBe(revocation.status);
          reread.release();
          const response = await racing;
          expect(response.status).toBe(200);
          expect(decodeToken(response.body.access_token).payload.ver).toBe(0);
          expect(await jwtVersionOf(user.id)).toBe(1);
          expect((await t.http.get('/users/me').set(bearer(response.body)).expect(401)).body.code).toBe('TOKEN_REVOKED');
          expect((await t.http.post('/auth/refresh').send({ refresh_token: response.body.refresh_token }).expect(401)).body.code).toBe(
            'SESSION_REVOKED',
          );
          expect(await liveSessionsOf(user.id)).toEqual(revocation.survivors(user));
        }, 15_000);

        it('refuses a refresh of another session that read it before the revocation', async () => {
          const user = await signedInUser(t.http);
          const other = await login(t.http, user, 'other');
          const revoke = await revocation.prepare(user);
          const read = pauseMethod(t.app.get(SessionsRepository), 'findWithOwner');
          const refresh = t.http
            .post('/auth/refresh')
            .send({ refresh_token: other.refresh_token })
            .then((r) => r);
          await read.arrived;
          expect((await revoke()).status).toBe(revocation.status);
          read.release();
          const response = await refresh;
          expect(response.status).toBe(401);
          expect(response.body.code).toBe('SESSION_REVOKED');
          // The compare-and-set found the session revoked: nothing rotated, no successor issued.
          const [row] = await t.dataSource.query('SELECT token_generation, revoked_at FROM sessions WHERE id = ?', [other.session_id]);
          expect(Number(row.token_generation)).toBe(0);
          expect(row.revoked_at).not.toBeNull();
          expect(await liveSessionsOf(user.id)).toEqual(revocation.survivors(user));
        }, 15_000);
      });
    }

    it('a refresh of the changing session that read it before the password change: INVALID_REFRESH_TOKEN, the session lives on', async () => {
      const user = await signedInUser(t.http);
      const read = pauseMethod(t.app.get(SessionsRepository), 'findWithOwner');
      const refresh = t.http
        .post('/auth/refresh')
        .send({ refresh_token: user.tokens.refresh_token })
        .then((r) => r);
      await read.arrived;
      const changed = (
        await t.http
          .post('/auth/password')
          .set(bearer(user.tokens))
          .send({ currentPassword: user.password, newPassword: 'changed pass phrase' })
          .expect(200)
      ).body;
      read.release();
      const response = await refresh;
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('INVALID_REFRESH_TOKEN');
      // The change moved the session on one generation and left no grace window; nothing was revoked.
      const [row] = await t.dataSource.query('SELECT token_generation, revoked_at FROM sessions WHERE id = ?', [user.tokens.session_id]);
      expect({ generation: Number(row.token_generation), revoked: row.revoked_at }).toEqual({ generation: 1, revoked: null });
      await t.http.post('/auth/refresh').send({ refresh_token: changed.refresh_token }).expect(200);
    }, 15_000);
  });
});
